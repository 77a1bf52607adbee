"""Delivery through SMTP: `smtp://[user:pass@]host[:port]`, or `smtp+starttls://` to upgrade to TLS
before authenticating and sending."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from prefill.settings import Settings

DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587}
"""Port when the URL names none."""


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    host: str
    port: int
    starttls: bool
    username: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpTarget:
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(
            "PREFILL_SMTP_URL must look like smtp://host:port or smtp+starttls://user:pass@host:port"
        )
    return SmtpTarget(
        host=parts.hostname,
        port=parts.port or DEFAULT_PORTS[parts.scheme],
        starttls=parts.scheme == "smtp+starttls",
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def deliver(message: EmailMessage, *, settings: Settings) -> None:
    """Send one message; raises OSError / smtplib.SMTPException when the server refuses or is away."""
    target = parse_smtp_url(settings.smtp_url or "")
    with smtplib.SMTP(target.host, target.port, timeout=settings.smtp_timeout_seconds) as client:
        if target.starttls:
            client.starttls(context=ssl.create_default_context(cafile=settings.smtp_ca_file))
        if target.username is not None:
            client.login(target.username, target.password or "")
        client.send_message(message)

"""Mail: SMTP (plain, or STARTTLS with a login) to a real local server when `smtp_url` is set, else
the outbox table; either way only once the transaction commits, and the log shows subjects only."""

from __future__ import annotations

import logging
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from service_harness import wait_for
from workflow_harness import Workflow

from prefill.db import session_scope
from prefill.workflow.mail.models import OutboxMessage
from prefill.workflow.mail.sender import send_mail, wait_for_deliveries

pytest_plugins = ["workflow_harness"]

SMTP_USER, SMTP_PASSWORD = "mailer", "s3cret pass"
DELIVERY_WAIT_SECONDS = 10.0
"""How long a test waits for a mail to reach the SMTP server."""


@dataclass
class Inbox:
    """What the local SMTP server received."""

    messages: list[Message] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    secured: list[bool] = field(default_factory=list)
    """Per message: whether the SMTP session had switched to TLS."""

    async def handle_DATA(self, _server, session, envelope) -> str:  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(message_from_bytes(envelope.content))
        self.recipients.append(list(envelope.rcpt_tos))
        self.secured.append(session.ssl is not None)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _authenticate(_server, _session, _envelope, _mechanism, data) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@contextmanager
def smtp_server(**options) -> Iterator[tuple[Inbox, int]]:
    """aiosmtpd on 127.0.0.1 in a thread; yields its inbox and port."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, made with the openssl command."""
    certificate, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(certificate), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def _ask_username(workflow: Workflow, email: str = "ada@example.org"):
    response = workflow.client().post("/v1/accounts/forgot-username", json={"email": email})
    assert response.status_code == 202
    return response


def test_without_smtp_mail_goes_to_the_outbox_and_the_log_has_its_subject_only(
    workflow: Workflow, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG, logger="prefill")
    workflow.register("ada", language="fr")
    _ask_username(workflow)
    [mail] = workflow.outbox()
    assert mail.recipient == "ada@example.org" and mail.subject == "Votre nom d'utilisateur Prefill"
    assert "ada" in mail.body
    assert mail.subject in caplog.text
    assert "ada@example.org" not in caplog.text and mail.body not in caplog.text


def test_a_mail_is_written_only_when_the_transaction_commits(workflow: Workflow):
    url = workflow.settings.database_url
    with pytest.raises(RuntimeError), session_scope(url) as session:
        send_mail(session, to="ada@example.org", subject="Rolled back", body="…", settings=workflow.settings)
        raise RuntimeError("the request failed")
    assert workflow.outbox() == []
    with session_scope(url) as session:
        send_mail(session, to="ada@example.org", subject="Committed", body="…", settings=workflow.settings)
    assert [m.subject for m in workflow.outbox()] == ["Committed"]


def test_with_smtp_mail_is_delivered_after_commit_and_not_kept(workflow: Workflow):
    workflow.register("ada")
    with smtp_server() as (inbox, port):
        workflow.settings.smtp_url = f"smtp://127.0.0.1:{port}"
        _ask_username(workflow)
        wait_for(lambda: inbox.messages, timeout=DELIVERY_WAIT_SECONDS, what="the mail")
    [message] = inbox.messages
    assert inbox.recipients == [["ada@example.org"]]
    assert message["Subject"] == "Your Prefill user name"
    assert message["From"] == workflow.settings.mail_from
    assert "ada" in message.get_payload(decode=True).decode()
    assert workflow.rows(OutboxMessage) == []


def test_smtp_with_starttls_and_a_login(workflow: Workflow, tmp_path):
    certificate, key = _self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    workflow.register("ada")
    options = {"tls_context": context, "require_starttls": True, "authenticator": _authenticate}
    with smtp_server(**options) as (inbox, port):
        workflow.settings.smtp_url = f"smtp+starttls://{SMTP_USER}:s3cret%20pass@127.0.0.1:{port}"
        workflow.settings.smtp_ca_file = str(certificate)
        _ask_username(workflow)
        wait_for(lambda: inbox.messages, timeout=DELIVERY_WAIT_SECONDS, what="the mail")
    assert inbox.secured == [True]
    assert inbox.messages[0]["Subject"] == "Your Prefill user name"


def test_a_wrong_smtp_login_is_logged_without_the_mail_content(workflow: Workflow, tmp_path, caplog):
    certificate, key = _self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate, key)
    workflow.register("ada")
    options = {"tls_context": context, "require_starttls": True, "authenticator": _authenticate}
    with smtp_server(**options) as (inbox, port):
        workflow.settings.smtp_url = f"smtp+starttls://{SMTP_USER}:wrong@127.0.0.1:{port}"
        workflow.settings.smtp_ca_file = str(certificate)
        _ask_username(workflow)
        wait_for_deliveries()
    assert inbox.messages == []
    assert "not delivered" in caplog.text and "ada@example.org" not in caplog.text


def test_an_unreachable_smtp_server_does_not_fail_the_request(workflow: Workflow, caplog):
    workflow.register("ada")
    workflow.settings.smtp_url = f"smtp://127.0.0.1:{_free_port()}"
    _ask_username(workflow)  # 202: the mail is sent after the answer
    wait_for_deliveries()
    assert "Your Prefill user name" in caplog.text and "not delivered" in caplog.text

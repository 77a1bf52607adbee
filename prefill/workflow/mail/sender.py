"""`send_mail`: a mail leaves only once the request's transaction commits.

With `PREFILL_SMTP_URL` set, the message waits in `session.info` and, after the commit, a background
thread delivers it (the response never waits for the SMTP server, and its timing does not tell whether
a mail was sent); a rollback drops it. Without SMTP, the message is an `outbox` row written in the same
transaction, and the log gets its subject (never its body or recipient) after the commit.
"""

from __future__ import annotations

import logging
import smtplib
from concurrent.futures import Future, ThreadPoolExecutor
from email.message import EmailMessage

from sqlalchemy import event
from sqlalchemy.orm import Session

from prefill.settings import Settings
from prefill.workflow.mail.models import OutboxMessage
from prefill.workflow.mail.smtp import deliver

log = logging.getLogger(__name__)

_PENDING = "prefill_pending_mail"
"""Key in `session.info`: (message, settings) pairs waiting for the commit."""

_delivery = ThreadPoolExecutor(max_workers=1, thread_name_prefix="prefill-mail")


def send_mail(session: Session, *, to: str, subject: str, body: str, settings: Settings) -> None:
    """Send a plain-text mail once `session` commits (SMTP or the outbox, see the module doc)."""
    if settings.smtp_url is None:
        session.add(OutboxMessage(recipient=to, subject=subject, body=body))
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    session.info.setdefault(_PENDING, []).append((message, settings))


def _deliver_logged(message: EmailMessage, settings: Settings) -> None:
    try:
        deliver(message, settings=settings)
    except (OSError, smtplib.SMTPException) as error:
        log.error("mail %r not delivered: %s", message["Subject"], type(error).__name__)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    for message, settings in session.info.pop(_PENDING, []):
        if settings.smtp_url is None:
            log.info("mail written to the outbox: %s", message["Subject"])
        else:
            _delivery.submit(_deliver_logged, message, settings)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def wait_for_deliveries() -> None:
    """Block until every mail handed to the delivery thread so far was tried (tests, shutdown)."""
    done: Future = _delivery.submit(lambda: None)
    done.result()

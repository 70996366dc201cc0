"""Outgoing mail: every message is kept in the outbox; SMTP sends it when configured.

SMTP is configured by the environment only: ``MAIL_SERVER`` (without it nothing
is sent, the message just stays in the outbox, which the development page
/outbox shows), ``MAIL_PORT`` (25, or 587 with TLS), ``MAIL_USERNAME``,
``MAIL_PASSWORD``, ``MAIL_FROM`` and ``MAIL_USE_TLS`` (1/true/yes).
"""

from __future__ import annotations

import logging
import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy.orm import Session

from workflow.models import OutboxMessage, utcnow

log = logging.getLogger(__name__)

TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class SmtpConfig:
    server: str
    port: int
    username: str | None
    password: str | None
    sender: str
    use_tls: bool


def smtp_config(environ: Mapping[str, str] | None = None) -> SmtpConfig | None:
    """The SMTP settings from the environment, or None when mail is not configured."""
    env = os.environ if environ is None else environ
    server = (env.get("MAIL_SERVER") or "").strip()
    if not server:
        return None
    use_tls = (env.get("MAIL_USE_TLS") or "").strip().lower() in TRUE
    return SmtpConfig(
        server=server,
        port=int(env.get("MAIL_PORT") or (587 if use_tls else 25)),
        username=env.get("MAIL_USERNAME") or None,
        password=env.get("MAIL_PASSWORD") or None,
        sender=env.get("MAIL_FROM") or "noreply@localhost",
        use_tls=use_tls,
    )


def send(
    session: Session,
    to: str,
    subject: str,
    body: str,
    language: str,
    *,
    config: SmtpConfig | None = None,
) -> OutboxMessage:
    """Keep the message in the outbox and, when SMTP is configured, send it.

    Runs inside the caller's transaction (it flushes, it does not commit). A
    failed delivery is logged and leaves ``sent_at`` empty: the message stays
    in the outbox.
    """
    message = OutboxMessage(to=to, subject=subject, body=body, language=language)
    session.add(message)
    session.flush()
    config = config or smtp_config()
    if config is not None:
        try:
            deliver(config, message)
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send outbox message %s to %s", message.id, to)
        else:
            message.sent_at = utcnow()
    return message


def deliver(config: SmtpConfig, message: OutboxMessage) -> None:
    mail = EmailMessage()
    mail["From"] = config.sender
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail["Message-ID"] = make_msgid()
    mail["Content-Language"] = message.language
    mail.set_content(message.body)
    with smtplib.SMTP(config.server, config.port, timeout=30) as smtp:
        if config.use_tls:
            smtp.starttls()
        if config.username:
            smtp.login(config.username, config.password or "")
        smtp.send_message(mail)

"""Outgoing mail: every message is kept in the outbox; SMTP sends it when configured.

SMTP is configured by the environment only: ``MAIL_SERVER`` (without it nothing
is sent, the message just stays in the outbox, which the development page
/outbox shows), ``MAIL_PORT`` (25, or 587 with TLS), ``MAIL_USERNAME``,
``MAIL_PASSWORD``, ``MAIL_FROM`` and ``MAIL_USE_TLS`` (1/true/yes). With SMTP
configured the outbox is no page at all, and it keeps no secret a mail carried
(see ``send``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import smtplib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.models import MemorandumVersion, OutboxAttachment, OutboxMessage, Party, utcnow

log = logging.getLogger(__name__)

TRUE = ("1", "true", "yes", "on")

#: The languages mails are written in.
MAIL_LANGUAGES = ("uk", "pl", "en")
#: The language of a country's libraries, when a library names none it speaks.
COUNTRY_LANGUAGES = {"UA": "uk", "PL": "pl"}


def party_language(
    party: Party, languages: Sequence[str] = MAIL_LANGUAGES, *, contact: bool = False
) -> str:
    """The language to write to a party's people in, among ``languages``: one
    its contact person says they speak (with ``contact``; they write codes
    such as "uk, en"), else one the library speaks, else its country's."""
    org = party.organisation
    spoken = []
    if contact:
        words = re.split(r"[^a-z]+", (party.contact_languages or "").lower())
        spoken = [w for w in words if len(w) == 2]
    spoken += [c for c in org.languages.split(",") if c]
    spoken.append(COUNTRY_LANGUAGES.get(org.country, "en"))
    for code in spoken:
        if code in languages and code in MAIL_LANGUAGES:
            return code
    return "en" if "en" in languages or not languages else languages[0]


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


#: What a secret (a personal link's token, a one-time code) becomes in a
#: stored body: the same in every language.
MASK = "\u2022" * 8


@dataclass(frozen=True)
class Attachment:
    """A file to attach: its name, its MIME type and its bytes.

    ``memorandum_id`` says that ``data`` is that memorandum version's sealed
    PDF, already stored: the outbox then keeps a reference, not a copy.
    """

    filename: str
    content_type: str
    data: bytes
    memorandum_id: int | None = None


def mask(body: str, secrets: Iterable[str]) -> str:
    """``body`` with every secret replaced by ``MASK``."""
    for secret in secrets:
        if secret:
            body = body.replace(secret, MASK)
    return body


def send(
    session: Session,
    to: str,
    subject: str,
    body: str,
    language: str,
    *,
    attachments: Sequence[Attachment] = (),
    secrets: Sequence[str] = (),
    config: SmtpConfig | None = None,
) -> OutboxMessage:
    """Keep the message in the outbox and, when SMTP is configured, send it.

    Runs inside the caller's transaction (it flushes, it does not commit). A
    failed delivery is logged and leaves ``sent_at`` empty: the message stays
    in the outbox.

    ``secrets`` are the parts of ``body`` meant for the recipient alone (the
    token of a personal link, a one-time code). Without SMTP the outbox is the
    development page that shows the whole mail, so it keeps them: that is how
    a newcomer clicks through the demo. With SMTP they are never stored: the
    row keeps the body with each secret replaced by ``MASK`` from the start,
    and only the mail delivered carries them. Masking after a successful
    delivery instead would leave them in the database (and its backups) while
    the mail is on its way, and for good when delivery fails; a failed
    delivery is not re-sent from the outbox anyway, and a new link or code is
    one click for the coordinator or the signatory.
    """
    config = config or smtp_config()
    message = OutboxMessage(
        to=to,
        subject=subject,
        body=body if config is None else mask(body, secrets),
        language=language,
    )
    for a in attachments:
        message.attachments.append(
            OutboxAttachment(
                filename=a.filename,
                content_type=a.content_type,
                size=len(a.data),
                sha256=hashlib.sha256(a.data).hexdigest(),
                data=None if a.memorandum_id is not None else a.data,
                memorandum_id=a.memorandum_id,
            )
        )
    session.add(message)
    session.flush()
    if config is not None:
        try:
            deliver(config, compose(config, message, body=body, attachments=attachments))
        except (OSError, smtplib.SMTPException):
            log.exception("Could not send outbox message %s to %s", message.id, to)
        else:
            message.sent_at = utcnow()
    return message


def compose(
    config: SmtpConfig,
    message: OutboxMessage,
    *,
    body: str,
    attachments: Sequence[Attachment] = (),
) -> EmailMessage:
    """The MIME message for ``message``: ``body`` as its text, each file attached."""
    mail = EmailMessage()
    mail["From"] = config.sender
    mail["To"] = message.to
    mail["Subject"] = message.subject
    mail["Message-ID"] = make_msgid()
    mail.set_content(body)
    for a in attachments:
        maintype, _, subtype = a.content_type.partition("/")
        mail.add_attachment(
            a.data,
            maintype=maintype,
            subtype=subtype or "octet-stream",
            filename=a.filename,
        )
    # Set last: the first attachment moves every Content-* header of the
    # message down to its text part.
    mail["Content-Language"] = message.language
    return mail


def deliver(config: SmtpConfig, mail: EmailMessage) -> None:
    with smtplib.SMTP(config.server, config.port, timeout=30) as smtp:
        if config.use_tls:
            smtp.starttls()
        if config.username:
            smtp.login(config.username, config.password or "")
        smtp.send_message(mail)


def attachment_data(session: Session, attachment: OutboxAttachment) -> bytes:
    """The bytes of a stored attachment, wherever they are kept."""
    if attachment.memorandum_id is None:
        return attachment.data or b""
    data = session.scalars(
        select(MemorandumVersion.sealed_pdf).where(MemorandumVersion.id == attachment.memorandum_id)
    ).first()
    return data or b""

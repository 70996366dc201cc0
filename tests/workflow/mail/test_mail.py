"""Mail: attachments delivered as MIME parts, and the secrets an outbox row never keeps."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import select

from workflow.mail import outbox as mail
from workflow.models import OutboxAttachment

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
LINK = "https://sister.example/sign/s3cr3t-t0ken"


def test_an_attachment_is_delivered_as_a_mime_part_and_kept(session, smtp_server):
    sent = mail.send(
        session,
        "olena@kyiv.example",
        "Меморандум",
        "Додаємо підписаний меморандум.",
        "uk",
        attachments=[mail.Attachment("memorandum.pdf", "application/pdf", PDF)],
    )
    assert sent.sent_at is not None
    (delivered,) = smtp_server.to("olena@kyiv.example")
    assert delivered.get_content_type() == "multipart/mixed"
    assert delivered.get_body(("plain",)).get_content().strip() == "Додаємо підписаний меморандум."
    (part,) = delivered.iter_attachments()
    assert part.get_content_type() == "application/pdf"
    assert part.get_filename() == "memorandum.pdf"
    assert part.get_content_disposition() == "attachment"
    assert part.get_content() == PDF
    # The outbox keeps the file (no other copy of it is stored).
    (kept,) = sent.attachments
    assert (kept.filename, kept.content_type, kept.size) == (
        "memorandum.pdf",
        "application/pdf",
        len(PDF),
    )
    assert kept.sha256 == hashlib.sha256(PDF).hexdigest()
    assert mail.attachment_data(session, kept) == PDF


def test_a_mail_without_attachments_is_plain_text(session, smtp_server):
    mail.send(session, "anna@krakow.example", "Kod", "Twój kod.", "pl")
    (delivered,) = smtp_server.to("anna@krakow.example")
    assert delivered.get_content_type() == "text/plain"
    assert list(delivered.iter_attachments()) == []


def test_with_smtp_the_outbox_never_keeps_a_secret_the_mail_carries(session, smtp_server):
    body = f"Open your personal link:\n{LINK}\nYour one-time code: 123456 (valid)."
    kept = mail.send(
        session, "a@example.org", "Sign", body, "en", secrets=("s3cr3t-t0ken", "123456")
    )
    (delivered,) = smtp_server.to("a@example.org")
    assert LINK in delivered.get_content() and "123456" in delivered.get_content()
    session.expire_all()
    assert "s3cr3t-t0ken" not in kept.body and "123456" not in kept.body
    assert kept.body == (
        f"Open your personal link:\nhttps://sister.example/sign/{mail.MASK}\n"
        f"Your one-time code: {mail.MASK} (valid)."
    )


def test_with_smtp_a_failed_delivery_keeps_no_secret_either(session, monkeypatch):
    import smtplib

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError()

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.org")
    kept = mail.send(session, "a@example.org", "Sign", LINK, "en", secrets=("s3cr3t-t0ken",))
    assert kept.sent_at is None
    assert "s3cr3t-t0ken" not in kept.body


def test_without_smtp_the_development_outbox_keeps_the_whole_mail(session, monkeypatch):
    monkeypatch.delenv("MAIL_SERVER", raising=False)
    kept = mail.send(session, "a@example.org", "Sign", LINK, "en", secrets=("s3cr3t-t0ken",))
    assert kept.body == LINK


def test_an_attachment_has_its_bytes_or_a_reference_never_both(session, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    monkeypatch.delenv("MAIL_SERVER", raising=False)
    message = mail.send(session, "a@example.org", "Hi", "Body", "en")
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(
            OutboxAttachment(
                message_id=message.id,
                filename="x.pdf",
                content_type="application/pdf",
                size=0,
                sha256="0" * 64,
            )
        )
        session.flush()
    assert session.scalars(select(OutboxAttachment)).all() == []

"""The outbox: mail written in a transaction, delivered after it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base, utcnow


class OutboxMessage(Base):
    """A mail the application sent (or will send): kept, and shown in development."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(5), default="en")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        order_by="OutboxAttachment.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class OutboxAttachment(Base):
    """A file attached to an outbox message.

    The sealed memorandum goes to every party: its rows refer to the
    memorandum version whose ``sealed_pdf`` it is (``memorandum_id``) rather
    than keeping a copy per recipient, so a memorandum sealed for two parties
    and their coordinator is stored once, not four times. Any other file keeps
    its bytes in ``data``; exactly one of the two is set.
    """

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox.id", ondelete="CASCADE", name="fk_outbox_attachments_message"),
        index=True,
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(
        String(100), server_default="application/octet-stream"
    )
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    memorandum_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "memorandum_versions.id", ondelete="CASCADE", name="fk_outbox_attachments_memorandum"
        )
    )

    __table_args__ = (
        CheckConstraint(
            "(data IS NULL) <> (memorandum_id IS NULL)", name="outbox_attachment_one_source"
        ),
    )

"""The memorandum's tables: frozen versions, signature requests and events, clauses."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

import states
from workflow.db import Base, one_of, utcnow
from workflow.lifecycle.models import LANGUAGES, Party


class MemorandumVersion(Base):
    """A version of the memorandum frozen by "Send for signature": never rendered again.

    ``pdf`` is the frozen PDF the signatories see; once every party signed,
    ``sealed_pdf`` is that PDF with the certificate of completion appended and
    the platform's seal (PAdES) over the whole.
    """

    __tablename__ = "memorandum_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    languages: Mapped[str] = mapped_column(String(20))
    #: SHA-256 of the plain data the PDF was rendered from.
    data_hash: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: Signing order enforced by the server: the parties sign one after another.
    ordered: Mapped[bool] = mapped_column(Boolean, default=False)
    voided_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    sealed_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    #: SHA-256 of the seal's CMS signature: finds the version in a changed copy.
    seal_signature_sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    sealed_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    requests: Mapped[list[SignatureRequest]] = relationship(
        back_populates="memorandum", order_by="SignatureRequest.id"
    )

    __table_args__ = (
        UniqueConstraint("partnership_id", "version", name="one_frozen_memorandum_per_version"),
    )


SIGNATURE_REQUEST_STATUSES = ("open", "signed", "declined", "void", "replaced", "expired")


class SignatureRequest(Base):
    """A personal signing link sent to one party's signatory: only its hash is kept."""

    __tablename__ = "signature_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    memorandum_id: Mapped[int] = mapped_column(
        ForeignKey("memorandum_versions.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"))
    #: The position in the signing order (1 = first).
    position: Mapped[int] = mapped_column(Integer, default=1)
    email: Mapped[str] = mapped_column(String(254))
    language: Mapped[str] = mapped_column(String(5), default="en")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    code_hash: Mapped[str | None] = mapped_column(String(64))
    code_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    code_attempts: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    signer_name: Mapped[str | None] = mapped_column(String(200))
    decline_reason: Mapped[str | None] = mapped_column(Text)

    memorandum: Mapped[MemorandumVersion] = relationship(back_populates="requests")
    party: Mapped[Party] = relationship()

    __table_args__ = (
        CheckConstraint(
            one_of("status", SIGNATURE_REQUEST_STATUSES), name="signature_request_status"
        ),
    )


class SignatureEvent(Base):
    """One entry of the signing audit log: append-only, each entry hashing the one before."""

    __tablename__ = "signature_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    memorandum_id: Mapped[int | None] = mapped_column(
        ForeignKey("memorandum_versions.id", ondelete="CASCADE")
    )
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("signature_requests.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(20))
    #: UTC, stored as an ISO string so that the chain's hash is exact on every database.
    at: Mapped[str] = mapped_column(String(32))
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


CLAUSE_SECTIONS = states.memorandum.SECTION_KEYS


CLAUSE_APPLIES_TO = tuple(key for key, _title in states.memorandum.APPLIES_TO)


class Clause(Base):
    """A clause of the library memoranda are composed from, with a text per language.

    Never deleted once a memorandum used it: retiring takes it out of the
    library (no longer offered, nor part of new memoranda).
    """

    __tablename__ = "clauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable name; the memorandum's template draws generated parts by key.
    key: Mapped[str] = mapped_column(String(40))
    section: Mapped[str] = mapped_column(String(20))
    #: Order within the section.
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: May be left out of a memorandum.
    optional: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: Part of every new memorandum (else added by the coordinator).
    standard: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    applies_to: Mapped[str] = mapped_column(String(10), default="both", server_default="both")
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    texts: Mapped[list[ClauseText]] = relationship(
        order_by="ClauseText.language", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        UniqueConstraint("key", name="clause_key_unique"),
        CheckConstraint(one_of("section", CLAUSE_SECTIONS), name="clause_section"),
        CheckConstraint(one_of("applies_to", CLAUSE_APPLIES_TO), name="clause_applies_to"),
    )

    def text_in(self, language: str) -> ClauseText | None:
        return next((t for t in self.texts if t.language == language), None)

    def applies(self, kind: str) -> bool:
        return self.applies_to in ("both", kind)


class ClauseText(Base):
    """A clause's title and text in one language."""

    __tablename__ = "clause_texts"

    id: Mapped[int] = mapped_column(primary_key=True)
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(5))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text, default="", server_default="")

    __table_args__ = (
        UniqueConstraint("clause_id", "language", name="one_clause_text_per_language"),
        CheckConstraint(one_of("language", LANGUAGES), name="clause_text_language"),
    )


class MemorandumClause(Base):
    """A library clause in one partnership's memorandum, in its place, with
    the partnership's own texts ({language: {title, text}}) where the
    coordinator edited it, and ``pinned`` texts once a version is sent or
    signed (``workflow.memorandum.clauses``)."""

    __tablename__ = "memorandum_clauses"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    #: No cascade: a clause a memorandum used cannot be deleted.
    clause_id: Mapped[int] = mapped_column(ForeignKey("clauses.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    overrides: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    pinned: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSON(none_as_null=True))

    clause: Mapped[Clause] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("partnership_id", "clause_id", name="clause_once_per_memorandum"),
    )

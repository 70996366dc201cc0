"""The tables of people: user accounts and their API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

import states
from workflow.db import Base, one_of, utcnow
from workflow.registry.models import Organisation


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    locale: Mapped[str | None] = mapped_column(String(5))
    #: IANA time zone the user sees times in (e.g. ``Europe/Warsaw``).
    timezone: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    #: What the user chose to be told by mail: reminders when a partnership
    #: waits for them, and (coordinators) the morning digest.
    notify_reminders: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    notify_digest: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: Kept in the signed session cookie and checked on every request: logout,
    #: a password change and deactivation raise it, which ends every session.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: The base32 secret of the person's authenticator app (TOTP), when they use one.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: The last time step a code was accepted for: a code works once.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    organisation: Mapped[Organisation | None] = relationship()

    __table_args__ = (
        CheckConstraint(one_of("role", states.ROLES), name="user_role"),
        CheckConstraint(
            "role != 'librarian' OR organisation_id IS NOT NULL", name="librarian_has_organisation"
        ),
    )

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(Base):
    """A personal token for the JSON API: only its SHA-256 is kept.

    The API acts as the token's user, with that user's permissions; the token
    is shown once when it is made and can be revoked at any time.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()

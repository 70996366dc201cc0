"""The hours' tables: animators' assignments, budget extensions, hours entries."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base, one_of, utcnow
from workflow.lifecycle.models import Partnership, Programme
from workflow.people.models import User
from workflow.registry.models import Organisation

#: What an animator's hour of support was spent on (seed 004: the 16-hour support).
HOURS_KINDS = (
    "meeting",
    "preparation",
    "phone",
    "email",
    "forum",
    "video_call",
    "organisational",
    "monitoring",
)


#: Hours are logged in steps of a quarter of an hour.
HOURS_STEP_MINUTES = 15


class AnimatorAssignment(Base):
    """An animator supports a lead library in a programme."""

    __tablename__ = "animator_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    animator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    animator: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()
    programme: Mapped[Programme] = relationship()

    __table_args__ = (
        UniqueConstraint(
            "programme_id", "organisation_id", "animator_id", name="one_assignment_per_animator"
        ),
    )


class BudgetExtension(Base):
    """Extra support hours a coordinator granted a lead library, and why."""

    __tablename__ = "budget_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    minutes: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    granted_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes % 15 = 0", name="extension_minutes_in_steps"),
        Index("budget_extensions_library", "programme_id", "organisation_id"),
    )


class HoursEntry(Base):
    """Time an animator spent supporting a lead library on one of its partnerships."""

    __tablename__ = "hours_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id", ondelete="CASCADE"))
    #: The lead library whose budget the entry counts against.
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    animator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    worked_on: Mapped[date] = mapped_column()
    minutes: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    animator: Mapped[User] = relationship()
    organisation: Mapped[Organisation] = relationship()
    partnership: Mapped[Partnership] = relationship()

    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes % 15 = 0", name="hours_minutes_in_steps"),
        CheckConstraint(one_of("kind", HOURS_KINDS), name="hours_kind"),
        Index("hours_entries_library", "programme_id", "organisation_id", "worked_on"),
        Index("hours_entries_animator", "animator_id", "worked_on"),
    )

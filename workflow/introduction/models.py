"""The introduction's tables: meetings, their participants and evaluations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base, one_of, utcnow
from workflow.people.models import User
from workflow.registry.models import SECTORS

PLACE_KINDS = ("premises", "library", "online")


class Meeting(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    #: In UTC (naive); ``timezone`` is the zone it was set in.
    held_at: Mapped[datetime] = mapped_column(DateTime)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", server_default="UTC")
    #: A partner's premises, the library, or online (``place`` is then the link).
    place_kind: Mapped[str] = mapped_column(String(10), default="library", server_default="library")
    place: Mapped[str] = mapped_column(String(300))
    planned_minutes: Mapped[int] = mapped_column(Integer, default=120, server_default="120")
    #: The agenda points (keys of ``states.introduction.AGENDA``) that were covered.
    agenda_done: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: How many people were invited (attendance is measured against it).
    invited: Mapped[int | None] = mapped_column(Integer)
    attendance: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint("partnership_id", "number", name="one_meeting_per_number"),
        CheckConstraint("number >= 1", name="meeting_number_positive"),
        CheckConstraint(one_of("place_kind", PLACE_KINDS), name="meeting_place_kind"),
        CheckConstraint("planned_minutes BETWEEN 15 AND 720", name="meeting_planned_minutes"),
        CheckConstraint("invited IS NULL OR invited >= 0", name="meeting_invited_positive"),
    )

    attendees: Mapped[list[MeetingAttendee]] = relationship(
        order_by="MeetingAttendee.id", cascade="all, delete-orphan"
    )
    evaluations: Mapped[list[MeetingEvaluation]] = relationship(
        order_by="MeetingEvaluation.side", cascade="all, delete-orphan", lazy="selectin"
    )

    def evaluation_by(self, side: str) -> MeetingEvaluation | None:
        return next((e for e in self.evaluations if e.side == side), None)

    @property
    def evaluation(self) -> str | None:
        """What the evaluations say worked, in one text (None: not evaluated)."""
        texts = [e.worked for e in self.evaluations if e.worked]
        return "\n\n".join(texts) or None

    @property
    def evaluated_at(self) -> datetime | None:
        return max((e.updated_at for e in self.evaluations), default=None)


#: Who writes an evaluation after a meeting: the animator, and the library.
EVALUATION_SIDES = ("animator", "library")


class MeetingEvaluation(Base):
    """What the animator or the library make of a meeting (seed 004: evaluation)."""

    __tablename__ = "meeting_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(10))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    worked: Mapped[str] = mapped_column(Text, default="", server_default="")
    to_change: Mapped[str] = mapped_column(Text, default="", server_default="")
    next_steps: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: {party id (as text): 1-5}: how engaged each partner was.
    engagement: Mapped[dict[str, int]] = mapped_column(JSON, default=dict, server_default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    author: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("meeting_id", "side", name="one_evaluation_per_side"),
        CheckConstraint(one_of("side", EVALUATION_SIDES), name="evaluation_side"),
    )


class MeetingAttendee(Base):
    """Someone who took part in a partnership meeting."""

    __tablename__ = "meeting_attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(300), default="", server_default="")
    sector: Mapped[str] = mapped_column(String(20), default="public")
    decision_maker: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (CheckConstraint(one_of("sector", SECTORS), name="attendee_sector"),)

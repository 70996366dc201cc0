"""The cooperation's tables: check-ins and evaluations of conditions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base, utcnow
from workflow.lifecycle.models import Party
from workflow.people.models import User


class ConditionEvaluation(Base):
    """How a partnership in cooperation is doing, as someone judged it."""

    __tablename__ = "condition_evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: 1 (barely alive) to 5 (thriving).
    rating: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")

    author: Mapped[User | None] = relationship()

    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="condition_rating"),)


class CheckIn(Base):
    """A periodic question to one party of a partnership in cooperation."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answer: Mapped[str | None] = mapped_column(Text)

    party: Mapped[Party] = relationship()

    __table_args__ = (UniqueConstraint("party_id", "due_on", name="one_checkin_per_due_date"),)

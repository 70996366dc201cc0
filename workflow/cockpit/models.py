"""The cockpit's tables: reminders sent and the board's freshness counter."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from workflow.db import Base


class Reminder(Base):
    """A reminder mailed to a user about a partnership waiting in a step.

    Kept so that the daily command reminds once before the target date, once
    when it passes, and then weekly, never twice on one day.
    """

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(20))
    #: When the partnership entered the step: a new entry starts a new series.
    step_entered_at: Mapped[datetime] = mapped_column(DateTime)
    sent_on: Mapped[date] = mapped_column(Date)

    __table_args__ = (Index("ix_reminders_partnership_user", "partnership_id", "user_id"),)


class DataChanges(Base):
    """One row whose ``n`` grows in every committed transaction that changes
    what the board shows (see ``workflow.changes``): the board's freshness stamp."""

    __tablename__ = "data_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (CheckConstraint("id = 1", name="data_changes_one_row"),)

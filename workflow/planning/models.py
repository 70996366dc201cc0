"""The plan's tables: activities and the tokens of the plan's feeds."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Column, DateTime, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base, one_of, utcnow
from workflow.lifecycle.models import Party

activity_parties = Table(
    "activity_parties",
    Base.metadata,
    Column("activity_id", ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    Column("party_id", ForeignKey("parties.id", ondelete="CASCADE"), primary_key=True),
)


ACTIVITY_STATUSES = ("planned", "done", "cancelled")


class Activity(Base):
    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"))
    #: In the partnership's first language; ``texts`` holds every language.
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: {language: {"title": ..., "description": ...}} for each language given.
    texts: Mapped[dict[str, dict[str, str]]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    direction: Mapped[str] = mapped_column(String(20))
    responsible_party_id: Mapped[int | None] = mapped_column(
        ForeignKey("parties.id", ondelete="SET NULL")
    )
    starts_on: Mapped[date] = mapped_column()
    ends_on: Mapped[date | None] = mapped_column()
    #: An address, a room, or an online link.
    place: Mapped[str] = mapped_column(String(500), default="", server_default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    expected_result: Mapped[str] = mapped_column(Text, default="", server_default="")
    indicator: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="planned", server_default="planned")
    #: The library's own development plan this activity serves (a link).
    development_plan_url: Mapped[str | None] = mapped_column(String(500))

    responsible_party: Mapped[Party | None] = relationship(foreign_keys=[responsible_party_id])
    involved: Mapped[list[Party]] = relationship(secondary=activity_parties)

    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="activity_dates"),
        CheckConstraint(one_of("status", ACTIVITY_STATUSES), name="activity_status"),
    )


class FeedToken(Base):
    """A private iCalendar subscription address: only the token's hash is kept."""

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: Exactly one of the two: the feed of a partnership or of a library.
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE")
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint(
            "(partnership_id IS NULL) != (organisation_id IS NULL)", name="feed_of_one_thing"
        ),
    )

"""The information campaign's table: its publications."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workflow.db import Base
from workflow.planning.models import Activity

CHANNELS = (
    "website",
    "facebook",
    "instagram",
    "telegram",
    "x",
    "youtube",
    "press",
    "radio",
    "newsletter",
    "notice_board",
)


class Publication(Base):
    __tablename__ = "publications"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(5))
    message: Mapped[str] = mapped_column(Text)
    planned_on: Mapped[date] = mapped_column()
    published_on: Mapped[date | None] = mapped_column()
    url: Mapped[str | None] = mapped_column(String(500))
    reach: Mapped[int | None] = mapped_column(Integer)
    #: The plan activity this publication announces.
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="SET NULL", name="fk_publications_activity")
    )

    activity: Mapped[Activity | None] = relationship()

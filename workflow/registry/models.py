"""The registry's tables: libraries and other organisations, their changes, applications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
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

SECTORS = ("public", "social", "economic")
ORG_KINDS = ("library", "organisation")


LIBRARY_STATUSES = ("operating", "relocated", "damaged", "destroyed", "occupied")


LIBRARY_TYPES = ("national", "regional", "public", "university", "school", "special")


#: Subjects of a library's collection: a closed list, so that overlaps can be counted.
SUBJECTS = (
    "history",
    "local_history",
    "literature",
    "children",
    "science",
    "technology",
    "arts",
    "music",
    "languages",
    "law",
    "medicine",
    "agriculture",
)


class Organisation(Base):
    """A library or a local partner of the public, social or economic sector."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    name_latin: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20), default="library")
    sector: Mapped[str] = mapped_column(String(20), default="public")
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(200))
    library_type: Mapped[str | None] = mapped_column(String(40))
    population: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default="operating")
    works_now_in: Mapped[str | None] = mapped_column(String(200))
    #: Comma-separated language codes spoken by the staff.
    languages: Mapped[str] = mapped_column(String(100), default="")
    website: Mapped[str | None] = mapped_column(String(300))
    #: The identifier in the register it was imported from: imports upsert by it.
    external_id: Mapped[str | None] = mapped_column(String(100))
    collection_size: Mapped[int | None] = mapped_column(Integer)
    #: Comma-separated codes of SUBJECTS.
    subjects: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: Comma-separated language codes of the collection.
    collection_languages: Mapped[str] = mapped_column(String(100), default="", server_default="")
    #: Programmes taken part in and experience of cooperation, in words.
    experience: Mapped[str | None] = mapped_column(Text)
    #: Comma-separated DIRECTIONS the library seeks in a partner and offers one.
    directions_sought: Mapped[str] = mapped_column(String(60), default="", server_default="")
    directions_offered: Mapped[str] = mapped_column(String(60), default="", server_default="")
    #: Private: shown to coordinators and the library's own people only.
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    #: Set by every change of the profile: matching's cache compares it.
    updated_at: Mapped[datetime | None] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(one_of("kind", ORG_KINDS), name="organisation_kind"),
        CheckConstraint(one_of("sector", SECTORS), name="organisation_sector"),
        CheckConstraint(one_of("status", LIBRARY_STATUSES), name="organisation_status"),
        CheckConstraint(
            "library_type IS NULL OR " + one_of("library_type", LIBRARY_TYPES),
            name="organisation_library_type",
        ),
        CheckConstraint("population IS NULL OR population >= 0", name="population_positive"),
        CheckConstraint(
            "collection_size IS NULL OR collection_size >= 0", name="collection_size_positive"
        ),
        UniqueConstraint("external_id", name="organisation_external_id"),
        Index("organisations_updated", "updated_at"),
    )

    @staticmethod
    def codes(value: str | None) -> list[str]:
        return [x for x in (value or "").split(",") if x]

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"


class OrganisationChange(Base):
    """One change of a library's profile: who, when, what (field: [old, new])."""

    __tablename__ = "organisation_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: "edit" or "import".
    source: Mapped[str] = mapped_column(String(20), default="edit")
    changes: Mapped[dict[str, list[Any]]] = mapped_column(JSON, default=dict)

    # (``User`` lives in ``workflow.people``, which imports this module.)
    actor: Mapped[Any] = relationship("User")


APPLICATION_KINDS = ("abroad", "ukrainian")


APPLICATION_STATUSES = ("pending", "approved", "rejected")


class Application(Base):
    """A library's application through one of the two public forms of seed 000.

    ``abroad``: "ready to become a partner of a Ukrainian library";
    ``ukrainian``: "a Ukrainian library looking for a partner abroad". It
    waits for its e-mail to be confirmed, then in the coordinators' queue.
    """

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    name: Mapped[str] = mapped_column(String(300))
    name_latin: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(200))
    library_type: Mapped[str | None] = mapped_column(String(40))
    population: Mapped[int | None] = mapped_column(Integer)
    website: Mapped[str | None] = mapped_column(String(300))
    #: Comma-separated DIRECTIONS: sought (ukrainian) or offered (abroad).
    directions: Mapped[str] = mapped_column(String(60), default="")
    languages: Mapped[str] = mapped_column(String(100), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(5), default="en")
    #: SHA-256 of the confirmation link's token; of the sender's address and key.
    token_hash: Mapped[str] = mapped_column(String(64))
    client_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL")
    )

    __table_args__ = (
        CheckConstraint(one_of("kind", APPLICATION_KINDS), name="application_kind"),
        CheckConstraint(one_of("status", APPLICATION_STATUSES), name="application_status"),
        UniqueConstraint("token_hash", name="application_token"),
        Index("applications_by_client", "client_hash", "created_at"),
    )

"""The partnership and what every step shares: programmes, parties, their contact
persons, the history of moves and the stored documents.

Stored values (states, kinds, roles, sectors) are plain English identifiers;
their translated titles live in ``states`` and the web layer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

import states
from workflow.db import Base, one_of, utcnow
from workflow.people.models import User
from workflow.registry.models import SECTORS, Organisation

KINDS = ("sister", "local")


PARTY_ROLES = ("lead", "partner")


LANGUAGES = ("en", "uk", "pl")


#: Weights of the matching factors unless a programme sets its own.
DEFAULT_MATCH_WEIGHTS = {
    "population": 3.0,
    "type": 2.0,
    "collection": 1.0,
    "subjects": 2.0,
    "languages": 2.0,
    "directions": 3.0,
    "experience": 1.0,
    "status": 1.0,
}


DEFAULT_BUDGET_MINUTES = 16 * 60


#: How many days each step should take, unless a programme sets its own.
DEFAULT_STEP_TARGETS: dict[str, int] = {
    "selection": 30,
    "introduction": 60,
    "memorandum": 30,
    "planning": 45,
    "campaign": 30,
}


class Programme(Base):
    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    animator_budget_minutes: Mapped[int] = mapped_column(Integer, default=DEFAULT_BUDGET_MINUTES)
    #: Every so many months a partnership in cooperation asks each party how it goes.
    checkin_months: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    #: Target days per step (see ``DEFAULT_STEP_TARGETS``); a card past it is overdue.
    step_targets: Mapped[dict[str, int]] = mapped_column(JSON, default=dict, server_default="{}")
    #: Weights of the matching factors ({factor: weight}); missing ones take the default.
    match_weights: Mapped[dict[str, float]] = mapped_column(JSON, default=dict, server_default="{}")
    #: How many sister partnerships (not withdrawn or closed) a library may have here.
    sister_cap: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    #: An animator may add or change an hours entry dated at most this many days ago.
    hours_edit_days: Mapped[int] = mapped_column(Integer, default=14, server_default="14")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    def target_days(self, step: str) -> int | None:
        """The target duration of ``step`` in days, or None for states without one."""
        if step not in DEFAULT_STEP_TARGETS:
            return None
        return int((self.step_targets or {}).get(step, DEFAULT_STEP_TARGETS[step]))

    __table_args__ = (
        CheckConstraint("animator_budget_minutes >= 0", name="budget_positive"),
        CheckConstraint("checkin_months >= 1", name="checkin_months_positive"),
        CheckConstraint("sister_cap >= 1", name="sister_cap_positive"),
        CheckConstraint("hours_edit_days >= 0", name="hours_edit_days_positive"),
    )

    def weights(self) -> dict[str, float]:
        """The matching weights: the programme's own over the defaults."""
        own = self.match_weights or {}
        return {k: float(own.get(k, v)) for k, v in DEFAULT_MATCH_WEIGHTS.items()}


class Partnership(Base):
    __tablename__ = "partnerships"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programmes.id"))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=states.INITIAL, index=True)
    #: The open state a partnership on hold returns to.
    held_from: Mapped[str | None] = mapped_column(String(20))
    #: Optimistic lock: every UPDATE checks and bumps it.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: Comma-separated language codes the documents are rendered in, in order.
    languages: Mapped[str] = mapped_column(String(20), default="en")
    selection_reason: Mapped[str | None] = mapped_column(Text)
    #: The matching shortlist the partner was chosen from, for the selection report:
    #: [{name, country, score, factors: [{factor, points, ...}]}].
    selection_shortlist: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    leader_party_id: Mapped[int | None] = mapped_column(
        ForeignKey("parties.id", use_alter=True, name="fk_partnerships_leader_party")
    )
    cooperation_rules: Mapped[str | None] = mapped_column(Text)
    #: What the second meeting decided besides the rules and the leader: the
    #: directions of cooperation chosen (``DIRECTIONS``) and the tasks agreed.
    areas: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    agreed_tasks: Mapped[str | None] = mapped_column(Text)
    #: The tasks between the first and second meeting that are done (seed 004, §2.1.4).
    between_tasks_done: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    memorandum_version: Mapped[int] = mapped_column(Integer, default=0)
    memorandum_duration_months: Mapped[int] = mapped_column(Integer, default=24)
    #: Free-text addenda to the memorandum: {language code: text}.
    memorandum_addenda: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    plan_version: Mapped[int] = mapped_column(Integer, default=0)
    #: Who the information campaign speaks to, and its key messages per language.
    campaign_audience: Mapped[str | None] = mapped_column(Text)
    campaign_messages: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    #: Opted in to the public directory at /public/.
    public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    public_story: Mapped[str | None] = mapped_column(Text)
    step_entered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    #: Set by every change to what the partnership records; the UPDATE also
    #: bumps ``version``, so a version names one state of all its data.
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    programme: Mapped[Programme] = relationship()
    # The steps' own tables (typed ``Any`` here: they live with their feature,
    # which imports this module, not the other way round).
    parties: Mapped[list[Party]] = relationship(
        back_populates="partnership",
        foreign_keys="Party.partnership_id",
        order_by="(Party.role, Party.id)",
        cascade="all, delete-orphan",
    )
    meetings: Mapped[list[Any]] = relationship(
        "Meeting", order_by="Meeting.number", cascade="all, delete-orphan"
    )
    activities: Mapped[list[Any]] = relationship(
        "Activity", order_by="(Activity.starts_on, Activity.id)", cascade="all, delete-orphan"
    )
    publications: Mapped[list[Any]] = relationship(
        "Publication",
        order_by="(Publication.planned_on, Publication.id)",
        cascade="all, delete-orphan",
    )
    history: Mapped[list[HistoryEntry]] = relationship(
        order_by="HistoryEntry.id", cascade="all, delete-orphan", viewonly=False
    )
    condition_evaluations: Mapped[list[Any]] = relationship(
        "ConditionEvaluation", order_by="ConditionEvaluation.at", cascade="all, delete-orphan"
    )
    checkins: Mapped[list[Any]] = relationship(
        "CheckIn", order_by="(CheckIn.due_on, CheckIn.id)", cascade="all, delete-orphan"
    )
    #: The memorandum's composition (``workflow.memorandum.clauses``); none: the library's standard.
    memorandum_clauses: Mapped[list[Any]] = relationship(
        "MemorandumClause", order_by="MemorandumClause.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The board's columns: the longest waiting of each state first.
        Index("ix_partnerships_status_entered", "status", "step_entered_at", "id"),
        CheckConstraint(one_of("status", states.STATE_NAMES), name="partnership_status"),
        CheckConstraint(one_of("kind", KINDS), name="partnership_kind"),
        CheckConstraint(
            "held_from IS NULL OR " + one_of("held_from", states.OPEN_STATES),
            name="partnership_held_from",
        ),
        CheckConstraint(
            "(status = 'on_hold') = (held_from IS NOT NULL)", name="held_from_only_on_hold"
        ),
    )

    @property
    def language_list(self) -> list[str]:
        return [x for x in self.languages.split(",") if x]

    @property
    def lead(self) -> Party | None:
        return next((x for x in self.parties if x.role == "lead"), None)

    def party_of(self, organisation_id: int | None) -> Party | None:
        return next((x for x in self.parties if x.organisation_id == organisation_id), None)

    def meeting(self, number: int) -> Any:
        return next((m for m in self.meetings if m.number == number), None)

    def __repr__(self) -> str:
        return f"<Partnership {self.id} {self.status}>"


class Party(Base):
    """An organisation taking part in a partnership."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    role: Mapped[str] = mapped_column(String(10), default="partner")
    sector: Mapped[str] = mapped_column(String(20), default="public")
    #: The party's consent to the partnership: until every party has given it,
    #: one party's contact persons are not shown to the other.
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    accepted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", name="fk_parties_accepted_by")
    )
    signatory_name: Mapped[str | None] = mapped_column(String(200))
    signatory_role: Mapped[str | None] = mapped_column(String(200))
    #: Set when programme staff changed the signatory or their address after a
    #: version was sent for signature: no link goes out to the party until its
    #: librarian confirms the change (``workflow.signatories``).
    signatory_unconfirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_version: Mapped[int | None] = mapped_column(Integer)
    signed_at: Mapped[datetime | None] = mapped_column(DateTime)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    plan_approved_version: Mapped[int | None] = mapped_column(Integer)

    partnership: Mapped[Partnership] = relationship(
        back_populates="parties", foreign_keys=[partnership_id]
    )
    organisation: Mapped[Organisation] = relationship()
    contacts: Mapped[list[ContactPerson]] = relationship(
        order_by="ContactPerson.id", cascade="all, delete-orphan", lazy="selectin"
    )

    # The first contact person, as the documents and mails name them.
    @property
    def contact(self) -> ContactPerson | None:
        return self.contacts[0] if self.contacts else None

    def _first_contact(self) -> ContactPerson:
        if not self.contacts:
            self.contacts.append(ContactPerson(name="", email=""))
        return self.contacts[0]

    @property
    def contact_name(self) -> str | None:
        return self.contact.name or None if self.contact else None

    @contact_name.setter
    def contact_name(self, value: str | None) -> None:
        self._first_contact().name = value or ""

    @property
    def contact_role(self) -> str | None:
        return self.contact.role if self.contact else None

    @contact_role.setter
    def contact_role(self, value: str | None) -> None:
        self._first_contact().role = value

    @property
    def contact_email(self) -> str | None:
        return self.contact.email or None if self.contact else None

    @contact_email.setter
    def contact_email(self, value: str | None) -> None:
        self._first_contact().email = value or ""

    @property
    def contact_languages(self) -> str | None:
        return self.contact.languages if self.contact else None

    @contact_languages.setter
    def contact_languages(self, value: str | None) -> None:
        self._first_contact().languages = value

    @property
    def has_contact_person(self) -> bool:
        return any(c.name and c.email for c in self.contacts)

    __table_args__ = (
        UniqueConstraint("partnership_id", "organisation_id", name="one_party_per_organisation"),
        # A library's partnerships: the board's country and search filters.
        Index("ix_parties_organisation", "organisation_id"),
        CheckConstraint(one_of("role", PARTY_ROLES), name="party_role"),
        CheckConstraint(one_of("sector", SECTORS), name="party_sector"),
    )


class ContactPerson(Base):
    """Someone a party names as responsible for communication in the partnership."""

    __tablename__ = "contact_persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(50))
    #: Comma-separated language codes or names, as the party wrote them.
    languages: Mapped[str | None] = mapped_column(String(50))
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


DIRECTIONS = ("information", "culture", "humanitarian")


class HistoryEntry(Base):
    """One move of a partnership: who, when, from, to, by which trigger, why."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    trigger: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[User | None] = relationship()


class StoredDocument(Base):
    """A rendered PDF, stored once and never rendered again for the same data."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    #: SHA-256 of the plain-data context the PDF was rendered from.
    data_hash: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of the PDF bytes: the ETag, and what verification looks up.
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    #: The partnership's version at which this PDF was last found current:
    #: serving it again at that version needs no look at the data.
    partnership_version: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("partnership_id", "kind", "data_hash", name="one_render_per_data"),
        Index("documents_current", "partnership_id", "kind", "partnership_version"),
    )

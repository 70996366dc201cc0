"""SQLAlchemy 2.0 models of programmes, organisations, partnerships and their history.

Stored values (states, kinds, roles, sectors) are plain English identifiers;
their translated titles live in ``states`` and the web layer.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

import states
from workflow.db import Base

KINDS = ("sister", "local")
PARTY_ROLES = ("lead", "partner")
SECTORS = ("public", "social", "economic")
ORG_KINDS = ("library", "organisation")
LIBRARY_STATUSES = ("operating", "relocated", "damaged", "destroyed", "occupied")
LANGUAGES = ("en", "uk", "pl")
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


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


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
        CheckConstraint(_in("kind", ORG_KINDS), name="organisation_kind"),
        CheckConstraint(_in("sector", SECTORS), name="organisation_sector"),
        CheckConstraint(_in("status", LIBRARY_STATUSES), name="organisation_status"),
        CheckConstraint(
            "library_type IS NULL OR " + _in("library_type", LIBRARY_TYPES),
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

    organisation: Mapped[Organisation | None] = relationship()

    __table_args__ = (
        CheckConstraint(_in("role", states.ROLES), name="user_role"),
        CheckConstraint(
            "role != 'librarian' OR organisation_id IS NOT NULL", name="librarian_has_organisation"
        ),
    )

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


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
    parties: Mapped[list[Party]] = relationship(
        back_populates="partnership",
        foreign_keys="Party.partnership_id",
        order_by="(Party.role, Party.id)",
        cascade="all, delete-orphan",
    )
    meetings: Mapped[list[Meeting]] = relationship(
        order_by="Meeting.number", cascade="all, delete-orphan"
    )
    activities: Mapped[list[Activity]] = relationship(
        order_by="(Activity.starts_on, Activity.id)", cascade="all, delete-orphan"
    )
    publications: Mapped[list[Publication]] = relationship(
        order_by="(Publication.planned_on, Publication.id)", cascade="all, delete-orphan"
    )
    history: Mapped[list[HistoryEntry]] = relationship(
        order_by="HistoryEntry.id", cascade="all, delete-orphan", viewonly=False
    )
    condition_evaluations: Mapped[list[ConditionEvaluation]] = relationship(
        order_by="ConditionEvaluation.at", cascade="all, delete-orphan"
    )
    checkins: Mapped[list[CheckIn]] = relationship(
        order_by="(CheckIn.due_on, CheckIn.id)", cascade="all, delete-orphan"
    )
    #: The memorandum's composition (``workflow.memorandum.clauses``); none: the library's standard.
    memorandum_clauses: Mapped[list[MemorandumClause]] = relationship(
        order_by="MemorandumClause.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The board's columns: the longest waiting of each state first.
        Index("ix_partnerships_status_entered", "status", "step_entered_at", "id"),
        CheckConstraint(_in("status", states.STATE_NAMES), name="partnership_status"),
        CheckConstraint(_in("kind", KINDS), name="partnership_kind"),
        CheckConstraint(
            "held_from IS NULL OR " + _in("held_from", states.OPEN_STATES),
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

    def meeting(self, number: int) -> Meeting | None:
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
        CheckConstraint(_in("role", PARTY_ROLES), name="party_role"),
        CheckConstraint(_in("sector", SECTORS), name="party_sector"),
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
        CheckConstraint(_in("place_kind", PLACE_KINDS), name="meeting_place_kind"),
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
        CheckConstraint(_in("side", EVALUATION_SIDES), name="evaluation_side"),
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

    __table_args__ = (CheckConstraint(_in("sector", SECTORS), name="attendee_sector"),)


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
        CheckConstraint(_in("status", ACTIVITY_STATUSES), name="activity_status"),
    )


DIRECTIONS = ("information", "culture", "humanitarian")
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


class OutboxMessage(Base):
    """A mail the application sent (or will send): kept, and shown in development."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    to: Mapped[str] = mapped_column(String(320))
    language: Mapped[str] = mapped_column(String(5), default="en")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        order_by="OutboxAttachment.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )


class OutboxAttachment(Base):
    """A file attached to an outbox message.

    The sealed memorandum goes to every party: its rows refer to the
    memorandum version whose ``sealed_pdf`` it is (``memorandum_id``) rather
    than keeping a copy per recipient, so a memorandum sealed for two parties
    and their coordinator is stored once, not four times. Any other file keeps
    its bytes in ``data``; exactly one of the two is set.
    """

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("outbox.id", ondelete="CASCADE", name="fk_outbox_attachments_message"),
        index=True,
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(
        String(100), server_default="application/octet-stream"
    )
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    memorandum_id: Mapped[int | None] = mapped_column(
        ForeignKey(
            "memorandum_versions.id", ondelete="CASCADE", name="fk_outbox_attachments_memorandum"
        )
    )

    __table_args__ = (
        CheckConstraint(
            "(data IS NULL) <> (memorandum_id IS NULL)", name="outbox_attachment_one_source"
        ),
    )


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

    actor: Mapped[User | None] = relationship()


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
        CheckConstraint(_in("kind", APPLICATION_KINDS), name="application_kind"),
        CheckConstraint(_in("status", APPLICATION_STATUSES), name="application_status"),
        UniqueConstraint("token_hash", name="application_token"),
        Index("applications_by_client", "client_hash", "created_at"),
    )


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


class DataChanges(Base):
    """One row whose ``n`` grows in every committed transaction that changes
    what the board shows (see ``workflow.changes``): the board's freshness stamp."""

    __tablename__ = "data_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    __table_args__ = (CheckConstraint("id = 1", name="data_changes_one_row"),)


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
        CheckConstraint(_in("kind", HOURS_KINDS), name="hours_kind"),
        Index("hours_entries_library", "programme_id", "organisation_id", "worked_on"),
        Index("hours_entries_animator", "animator_id", "worked_on"),
    )


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
        CheckConstraint(_in("status", SIGNATURE_REQUEST_STATUSES), name="signature_request_status"),
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
        CheckConstraint(_in("section", CLAUSE_SECTIONS), name="clause_section"),
        CheckConstraint(_in("applies_to", CLAUSE_APPLIES_TO), name="clause_applies_to"),
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
        CheckConstraint(_in("language", LANGUAGES), name="clause_text_language"),
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

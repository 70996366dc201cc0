"""Use cases. Each takes plain values, owns its transaction and commits once.

A failure anywhere rolls the whole use case back: a move's new state, its
history row and anything else it wrote are kept together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import bindparam, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.exc import StaleDataError
from transitions import MachineError

import states
from states import ANIMATOR, LIBRARIAN
from states.base import TRIGGER_TITLES
from states.text import Text, _l
from workflow.errors import (
    ConfirmationRequired,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ReasonRequired,
    RequirementsNotMet,
    StaleVersion,
    TransitionNotAllowed,
)
from workflow.lifecycle import queries as moves
from workflow.lifecycle.access import can_see, is_staff, own_party
from workflow.lifecycle.engine import ENGINE
from workflow.models import (
    ACTIVITY_STATUSES,
    DIRECTIONS,
    KINDS,
    LANGUAGES,
    PLACE_KINDS,
    SECTORS,
    Activity,
    ContactPerson,
    HistoryEntry,
    Meeting,
    MeetingAttendee,
    MeetingEvaluation,
    Organisation,
    Partnership,
    Party,
    Programme,
    Publication,
    User,
    utcnow,
)

T = TypeVar("T")


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit once at the end; roll everything back on any error."""
    try:
        yield session
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleVersion() from exc
    except OperationalError as exc:
        session.rollback()
        # SQLite answers a write that lost a race with "database is locked".
        if "locked" in str(exc).lower():
            raise StaleVersion() from exc
        raise
    except BaseException:
        session.rollback()
        raise


# Built once: constructing a statement costs more than running it on SQLite.
_LOAD = (
    select(Partnership)
    .where(Partnership.id == bindparam("pid"))
    # The parties are what most checks and pages read: one query.
    .options(joinedload(Partnership.parties))
)


def load_partnership(
    session: Session, partnership_id: int, actor: User, *, for_update: bool = False
) -> Partnership:
    query = _LOAD.with_for_update(of=Partnership) if for_update else _LOAD
    p = session.execute(query, {"pid": partnership_id}).unique().scalar_one_or_none()
    if p is None or not can_see(actor, p):
        raise NotFound()
    return p


# --- moves -----------------------------------------------------------------


@dataclass(frozen=True)
class MoveOption:
    trigger: str
    dest: str
    title: Text
    needs_reason: bool
    confirm: bool
    missing: tuple[Text, ...]

    @property
    def ready(self) -> bool:
        return not self.missing


def move_options(partnership: Partnership, actor: User) -> list[MoveOption]:
    """The moves this actor may take on this partnership, with what each still misses."""
    found = []
    for option in ENGINE.options(partnership):
        t = option.transition
        if actor.role not in t.roles:
            continue
        missing = tuple(m for req in t.requires for m in req(partnership))
        found.append(
            MoveOption(
                trigger=t.trigger,
                dest=option.dest,
                title=TRIGGER_TITLES[t.trigger],
                needs_reason=t.needs_reason,
                confirm=t.confirm,
                missing=missing,
            )
        )
    return found


def move(
    session: Session,
    partnership_id: int,
    trigger: str,
    actor: User,
    *,
    reason: str | None = None,
    expected_version: int | None = None,
    confirmed: bool = False,
) -> Moved:
    """Move a partnership by ``trigger``: one transaction, one history row.

    A move that cannot be undone (withdraw, close) needs ``confirmed``: the
    person said they understand, on the screen or in the API call.
    """
    with unit_of_work(session):
        p = moves.load(session, partnership_id)
        if p is None or not can_see(actor, p):
            raise NotFound()
        if expected_version is not None and p.version != expected_version:
            raise StaleVersion()
        option = ENGINE.option(p, trigger)
        if option is None:
            raise TransitionNotAllowed()
        t = option.transition
        if actor.role not in t.roles:
            raise PermissionDenied()
        reason = (reason or "").strip() or None
        if t.needs_reason and not reason:
            raise ReasonRequired()
        if t.confirm and not confirmed:
            raise ConfirmationRequired()
        missing = [m for req in t.requires for m in req(p)]
        if missing:
            raise RequirementsNotMet(missing)
        source = p.status
        try:
            dest = ENGINE.fire(p, trigger)
        except MachineError as exc:
            raise TransitionNotAllowed() from exc
        now = utcnow()
        held_from = source if dest == "on_hold" else None
        if not moves.update_state(p, dest, held_from, now):
            raise StaleVersion()
        entry = record_history(
            p,
            partnership_id=p.id,
            actor_id=actor.id,
            at=now,
            from_state=source,
            to_state=dest,
            trigger=trigger,
            reason=reason,
        )
    moves.forget(session, partnership_id)
    return entry


@dataclass(frozen=True)
class Moved:
    """What a move did: its history row, as plain values."""

    history_id: int
    partnership_id: int
    from_state: str
    to_state: str
    trigger: str
    reason: str | None


def record_history(
    p: moves.PartnershipView,
    *,
    partnership_id: int,
    actor_id: int,
    at: datetime,
    from_state: str,
    to_state: str,
    trigger: str,
    reason: str | None,
) -> Moved:
    """Write the history row of a move (inside the move's transaction)."""
    values = dict(
        partnership_id=partnership_id,
        actor_id=actor_id,
        at=at,
        from_state=from_state,
        to_state=to_state,
        trigger=trigger,
        reason=reason,
    )
    return Moved(
        moves.insert_history(p, values),
        partnership_id,
        from_state,
        to_state,
        trigger,
        reason,
    )


advance = partial(move, trigger="advance")
reopen = partial(move, trigger="reopen")
hold = partial(move, trigger="hold")
resume = partial(move, trigger="resume")
withdraw = partial(move, trigger="withdraw")
skip_memorandum = partial(move, trigger="skip_memorandum")
close = partial(move, trigger="close")


# --- recording what each step needs ----------------------------------------


def _require(condition: bool, message: Text | None = None) -> None:
    if not condition:
        raise PermissionDenied(message)


def _require_staff(actor: User) -> None:
    _require(is_staff(actor))


def _require_state(p: Partnership, *allowed: str) -> None:
    if p.status not in allowed:
        raise DomainError(_l("This cannot be changed in the partnership's current step."))


def _edit(
    session: Session,
    partnership_id: int,
    actor: User,
    change: Callable[[Partnership], T],
) -> T:
    with unit_of_work(session):
        p = load_partnership(session, partnership_id, actor, for_update=True)
        sent = _sent_terms(session, p)
        version = p.memorandum_version
        result = change(p)
        # (A change that made a new version itself has voided the one sent.)
        if sent is not None and p.memorandum_version == version and sent != memorandum_terms(p):
            new_memorandum_version(session, p)
        # Bumps the version too: the documents' freshness stamp, and a page
        # opened before this change can no longer move the partnership.
        p.updated_at = utcnow()
    return result


def memorandum_terms(p: Partnership) -> str:
    """A hash of what the memorandum says, whoever has signed it so far: its
    data without the version number, the date and the signatures."""
    from documents import context_hash
    from workflow.lifecycle.documents import build_context

    context = build_context(p, "memorandum")
    for key in ("memorandum_version", "generated_on"):
        context.pop(key, None)
    context["parties"] = [
        {k: v for k, v in party.items() if k not in ("signed", "signed_at")}
        for party in context["parties"]
    ]
    return context_hash(context)


def _sent_terms(session: Session, p: Partnership) -> str | None:
    """What the memorandum out for signature (sent, not yet complete) says;
    None when none is out."""
    from workflow.memorandum.signing import current_frozen

    if p.status != "memorandum":
        return None
    m = current_frozen(session, p)
    return memorandum_terms(p) if m is not None and m.completed_at is None else None


def new_memorandum_version(session: Session, p: Partnership) -> None:
    """A change to what the memorandum says makes a new version: the links
    and signatures of the one sent are void."""
    from workflow.memorandum.signing import void_open

    p.memorandum_version += 1
    void_open(session, p)


def create_partnership(
    session: Session,
    actor: User,
    *,
    programme_id: int,
    kind: str,
    title: str,
    languages: list[str],
    lead_organisation_id: int,
    partner_organisation_id: int | None = None,
    reason: str | None = None,
    shortlist: list[dict[str, Any]] | None = None,
) -> Partnership:
    """A coordinator pairs libraries: the partnership starts in selection.

    ``shortlist`` is the matching's explained candidates the partner was
    chosen from (plain data), kept for the partner selection report.
    """
    _require_staff(actor)
    if kind not in KINDS:
        raise InvalidInput()
    languages = [x for x in languages if x in LANGUAGES]
    if not languages or not title.strip():
        raise InvalidInput()
    with unit_of_work(session):
        if session.get(Programme, programme_id) is None:
            raise InvalidInput()
        p = Partnership(
            programme_id=programme_id,
            kind=kind,
            title=title.strip(),
            languages=",".join(dict.fromkeys(languages)),
            status=states.INITIAL,
            selection_reason=(reason or "").strip() or None,
            selection_shortlist=shortlist or None,
        )
        session.add(p)
        lead = session.get(Organisation, lead_organisation_id)
        if lead is None:
            raise InvalidInput()
        p.parties.append(Party(organisation=lead, role="lead", sector=lead.sector))
        if partner_organisation_id is not None:
            if partner_organisation_id == lead_organisation_id:
                raise InvalidInput(_l("A library cannot be its own partner."))
            partner = session.get(Organisation, partner_organisation_id)
            if partner is None:
                raise InvalidInput()
            p.parties.append(Party(organisation=partner, role="partner", sector=partner.sector))
        session.flush()
        session.add(
            HistoryEntry(
                partnership_id=p.id,
                actor_id=actor.id,
                from_state=None,
                to_state=p.status,
                trigger="create",
                reason=p.selection_reason,
            )
        )
    return p


def add_party(
    session: Session, actor: User, partnership_id: int, organisation_id: int, sector: str
) -> Party:
    _require_staff(actor)
    if sector not in SECTORS:
        raise InvalidInput()

    def change(p: Partnership) -> Party:
        _require_state(p, "selection")
        organisation = session.get(Organisation, organisation_id)
        if organisation is None:
            raise InvalidInput()
        if p.party_of(organisation_id) is not None:
            raise InvalidInput(_l("This organisation is already a party."))
        party = Party(organisation=organisation, role="partner", sector=sector)
        p.parties.append(party)
        return party

    return _edit(session, partnership_id, actor, change)


def remove_party(session: Session, actor: User, partnership_id: int, party_id: int) -> None:
    _require_staff(actor)

    def change(p: Partnership) -> None:
        _require_state(p, "selection")
        party = next((x for x in p.parties if x.id == party_id), None)
        if party is None or party.role == "lead":
            raise InvalidInput(_l("The lead library cannot be removed."))
        p.parties.remove(party)

    _edit(session, partnership_id, actor, change)


def _party_for_edit(p: Partnership, actor: User, party_id: int) -> Party:
    party = next((x for x in p.parties if x.id == party_id), None)
    if party is None:
        raise NotFound()
    if not is_staff(actor):
        mine = own_party(actor, p)
        _require(mine is not None and mine.id == party.id)
    return party


CONTACT_STEPS = ("selection", "introduction", "memorandum")
#: Steps in which the parties' contact persons wait for every party's consent.
CONSENT_STEPS = ("selection", "introduction", "withdrawn")


def _contact_values(
    *,
    name: str,
    email: str,
    role: str = "",
    phone: str = "",
    languages: str = "",
    timezone: str = "",
) -> dict[str, Any]:
    """A contact person's fields, checked: name and e-mail required."""
    from workflow.timezones import check_zone

    values: dict[str, Any] = {
        "name": name.strip()[:200],
        "email": email.strip()[:254],
        "role": role.strip()[:200] or None,
        "phone": phone.strip()[:50] or None,
        "languages": languages.strip()[:50] or None,
        "timezone": check_zone(timezone.strip()) if timezone.strip() else None,
    }
    if not values["name"] or "@" not in values["email"]:
        raise InvalidInput(_l("A contact person needs a name and an e-mail address."))
    return values


def set_contact(
    session: Session,
    actor: User,
    partnership_id: int,
    party_id: int,
    *,
    signatory_name: str = "",
    signatory_role: str = "",
    **contact: str,
) -> Party:
    """A party names its (first) contact person (the fields of
    ``_contact_values``) and its signatory.

    The memorandum names both: changing either once a version was sent for
    signature makes a new version (``_edit``), and the links and signatures
    of the one sent are void (its PDF names someone else).
    """
    values = _contact_values(**contact)

    def change(p: Partnership) -> Party:
        _require_state(p, *CONTACT_STEPS)
        party = _party_for_edit(p, actor, party_id)
        if party.contacts:
            for key, value in values.items():
                setattr(party.contacts[0], key, value)
        else:
            party.contacts.append(ContactPerson(**values))
        party.signatory_name = signatory_name.strip() or None
        party.signatory_role = signatory_role.strip() or None
        return party

    return _edit(session, partnership_id, actor, change)


def add_contact_person(
    session: Session,
    actor: User,
    partnership_id: int,
    party_id: int,
    **contact: str,
) -> ContactPerson:
    """One more person responsible for communication on the party's side
    (the fields of ``_contact_values``)."""
    values = _contact_values(**contact)

    def change(p: Partnership) -> ContactPerson:
        _require_state(p, *CONTACT_STEPS)
        party = _party_for_edit(p, actor, party_id)
        person = ContactPerson(**values)
        party.contacts.append(person)
        return person

    return _edit(session, partnership_id, actor, change)


def remove_contact_person(
    session: Session, actor: User, partnership_id: int, party_id: int, contact_id: int
) -> None:
    def change(p: Partnership) -> None:
        _require_state(p, *CONTACT_STEPS)
        party = _party_for_edit(p, actor, party_id)
        person = next((c for c in party.contacts if c.id == contact_id), None)
        if person is None:
            raise InvalidInput(_l("This contact person is no longer listed."))
        party.contacts.remove(person)

    _edit(session, partnership_id, actor, change)


def accept_partnership(session: Session, actor: User, partnership_id: int, party_id: int) -> Party:
    """The library's representative accepts the partnership for their party: the
    consent is recorded, and once every party has given it the parties see
    each other's contact persons."""

    def change(p: Partnership) -> Party:
        _require_state(p, "selection", "introduction")
        _require(actor.role == LIBRARIAN)
        party = _party_for_edit(p, actor, party_id)
        if party.accepted_at is None:
            party.accepted_at = utcnow()
            party.accepted_by_id = actor.id
        return party

    return _edit(session, partnership_id, actor, change)


def contacts_visible(p: Partnership, actor: User, party: Party) -> bool:
    """A party's contact persons are shown to the programme's staff, the
    animators, the party itself, and the other parties once all accepted
    (or, from the memorandum on, which the parties sign, in any case)."""
    if is_staff(actor) or actor.role == ANIMATOR:
        return True
    mine = own_party(actor, p)
    if mine is None:
        return False
    if mine.id == party.id or (p.held_from or p.status) not in CONSENT_STEPS:
        return True
    return all(x.accepted_at for x in p.parties)


def record_meeting(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    number: int,
    held_at: datetime,
    place: str,
    attendance: str = "",
    minutes: str = "",
    timezone: str = "UTC",
    place_kind: str = "library",
    planned_minutes: int = 120,
    agenda_done: Sequence[str] = (),
    invited: int | None = None,
) -> Meeting:
    """Record a partnership meeting. ``held_at`` is the wall-clock time in
    ``timezone``; it is stored in UTC with the zone."""
    from states.introduction import MAX_MEETINGS, agenda_for
    from workflow.timezones import check_zone, to_utc

    check_zone(timezone)
    if place_kind not in PLACE_KINDS:
        raise InvalidInput(_l("Choose where the meeting takes place."))
    if not 15 <= planned_minutes <= 720:
        raise InvalidInput(_l("A meeting is planned for 15 minutes to 12 hours."))
    if invited is not None and invited < 0:
        raise InvalidInput()
    agenda = [key for key, _title in agenda_for(number) if key in set(agenda_done)]

    def change(p: Partnership) -> Meeting:
        _require_introduction_editor(p, actor)
        held = [m.number for m in p.meetings]
        # The next meeting, or one already recorded: no gaps in the numbers.
        if not 1 <= number <= min(max(held, default=0) + 1, MAX_MEETINGS):
            raise InvalidInput(_l("Record the meetings in their order."))
        meeting = p.meeting(number)
        if meeting is None:
            meeting = Meeting(number=number)
            p.meetings.append(meeting)
        meeting.held_at = to_utc(held_at, timezone)
        meeting.timezone = timezone
        meeting.place_kind = place_kind
        meeting.place = place.strip()
        meeting.planned_minutes = planned_minutes
        meeting.agenda_done = agenda
        meeting.invited = invited
        meeting.attendance = attendance.strip()
        meeting.minutes = minutes.strip()
        return meeting

    return _edit(session, partnership_id, actor, change)


def _require_introduction_editor(p: Partnership, actor: User) -> None:
    """Meetings are recorded by staff, animators and the partnership's libraries."""
    _require_state(p, "introduction")
    _require(is_staff(actor) or actor.role == ANIMATOR or own_party(actor, p) is not None)


def _meeting_for_edit(p: Partnership, actor: User, number: int) -> Meeting:
    _require_introduction_editor(p, actor)
    meeting = p.meeting(number)
    if meeting is None:
        raise InvalidInput(_l("Record the meeting first."))
    return meeting


def add_attendee(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    number: int,
    name: str,
    organisation: str = "",
    sector: str = "public",
    decision_maker: bool = False,
) -> MeetingAttendee:
    """Someone who came to the meeting: their organisation, sector, and
    whether they can decide for it."""
    if not name.strip():
        raise InvalidInput(_l("Enter the participant's name."))
    if sector not in SECTORS:
        raise InvalidInput()

    def change(p: Partnership) -> MeetingAttendee:
        meeting = _meeting_for_edit(p, actor, number)
        attendee = MeetingAttendee(
            name=name.strip()[:200],
            organisation=organisation.strip()[:300],
            sector=sector,
            decision_maker=decision_maker,
        )
        meeting.attendees.append(attendee)
        return attendee

    return _edit(session, partnership_id, actor, change)


def remove_attendee(
    session: Session, actor: User, partnership_id: int, *, number: int, attendee_id: int
) -> None:
    def change(p: Partnership) -> None:
        meeting = _meeting_for_edit(p, actor, number)
        attendee = next((x for x in meeting.attendees if x.id == attendee_id), None)
        if attendee is None:
            raise InvalidInput(_l("This participant is no longer on the list."))
        meeting.attendees.remove(attendee)

    _edit(session, partnership_id, actor, change)


def set_between_tasks(
    session: Session, actor: User, partnership_id: int, *, done: Sequence[str]
) -> Partnership:
    """Which tasks between the first and second meeting are done (seed 004, §2.1.4)."""
    from states.introduction import BETWEEN_TASKS

    def change(p: Partnership) -> Partnership:
        _require_introduction_editor(p, actor)
        p.between_tasks_done = [key for key, _title in BETWEEN_TASKS if key in set(done)]
        return p

    return _edit(session, partnership_id, actor, change)


def evaluate_meeting(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    number: int,
    evaluation: str = "",
    to_change: str = "",
    next_steps: str = "",
    engagement: Mapping[int, int] | None = None,
) -> MeetingEvaluation:
    """After a meeting the animator and the library each evaluate it: what
    worked (``evaluation``), what to change, the next steps, and how engaged
    each partner was (1-5). Staff and animators write the animator's
    evaluation, a library's representative the library's."""
    if not (evaluation or "").strip():
        raise InvalidInput(_l("Say what worked at the meeting."))
    scores = {int(k): int(v) for k, v in (engagement or {}).items() if v is not None}
    if any(not 1 <= v <= 5 for v in scores.values()):
        raise InvalidInput(_l("Rate each partner's engagement from 1 to 5."))

    def change(p: Partnership) -> MeetingEvaluation:
        _require_state(p, "introduction")
        mine = own_party(actor, p)
        _require(is_staff(actor) or actor.role == ANIMATOR or mine is not None)
        meeting = p.meeting(number)
        if meeting is None:
            raise InvalidInput(_l("Record the meeting before evaluating it."))
        if not set(scores) <= {x.id for x in p.parties}:
            raise InvalidInput()
        side = "library" if mine is not None else "animator"
        found = meeting.evaluation_by(side)
        if found is None:
            found = MeetingEvaluation(side=side)
            meeting.evaluations.append(found)
        found.author_id = actor.id
        found.worked = evaluation.strip()
        found.to_change = to_change.strip()
        found.next_steps = next_steps.strip()
        found.engagement = {str(k): v for k, v in sorted(scores.items())}
        found.updated_at = utcnow()
        return found

    return _edit(session, partnership_id, actor, change)


def choose_leader(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    party_id: int,
    rules: str = "",
    areas: Sequence[str] = (),
    tasks: str = "",
) -> Partnership:
    """What the second meeting decides: the leader, the rules of cooperation,
    the areas (directions) of cooperation and the tasks."""
    if any(x not in DIRECTIONS for x in areas):
        raise InvalidInput(_l("Choose a direction of cooperation."))

    def change(p: Partnership) -> Partnership:
        _require_state(p, "introduction")
        _require(is_staff(actor) or actor.role == ANIMATOR)
        if not any(x.id == party_id for x in p.parties):
            raise InvalidInput()
        p.leader_party_id = party_id
        p.cooperation_rules = rules.strip() or None
        p.areas = [x for x in DIRECTIONS if x in set(areas)]
        p.agreed_tasks = tasks.strip() or None
        return p

    return _edit(session, partnership_id, actor, change)


def generate_memorandum(session: Session, actor: User, partnership_id: int) -> int:
    """A new version of the memorandum; signatures of earlier versions no longer count."""
    _require_staff(actor)

    def change(p: Partnership) -> int:
        from workflow.memorandum.clauses import unpin

        _require_state(p, "memorandum")
        new_memorandum_version(session, p)
        unpin(p)
        return p.memorandum_version

    return _edit(session, partnership_id, actor, change)


def sign_memorandum(
    session: Session, actor: User, partnership_id: int, *, party_id: int, version: int
) -> Party:
    """The party's representative signs the version they were shown."""

    def change(p: Partnership) -> Party:
        _require_state(p, "memorandum")
        _require(actor.role == LIBRARIAN)
        party = _party_for_edit(p, actor, party_id)
        if not p.memorandum_version or version != p.memorandum_version:
            raise StaleVersion(_l("This version of the memorandum has been superseded."))
        from workflow.memorandum.signing import current_frozen

        if current_frozen(session, p) is not None:
            raise DomainError(
                _l("This version is signed through the personal links sent by e-mail.")
            )
        from workflow.memorandum.clauses import pin

        # What the party signed must not change with the clause library.
        pin(session, p)
        party.signed_version = version
        party.signed_at = utcnow()
        party.signed_by_id = actor.id
        return party

    return _edit(session, partnership_id, actor, change)


#: Steps where an activity's status can be set: the plan goes on being carried out.
ACTIVITY_STATUS_STEPS = ("planning", "campaign", "cooperation")
#: Steps where activities are added and changed: the plan is made in planning,
#: and in cooperation the partners go on adding to what they do together.
#: Only in planning is a change a new version that the parties approve again.
ACTIVITY_EDIT_STEPS = ("planning", "cooperation")


@dataclass(frozen=True)
class ActivityFields:
    """What a person writes about an activity of the joint plan.

    ``texts`` holds the title and description per language; ``title`` and
    ``description`` are the partnership's first language, used when
    ``texts`` does not give it.
    """

    title: str
    direction: str
    responsible_party_id: int | None
    starts_on: date
    ends_on: date | None = None
    resources: str = ""
    indicator: str = ""
    description: str = ""
    texts: Mapping[str, Mapping[str, str]] | None = None
    place: str = ""
    expected_result: str = ""
    status: str = "planned"
    involved_party_ids: tuple[int, ...] = ()
    development_plan_url: str | None = None


def _activity_fields(values: Mapping[str, Any]) -> ActivityFields:
    """The keyword arguments of ``add_activity``/``edit_activity``: the fields
    of ``ActivityFields`` (an unknown or missing one is a TypeError), checked."""
    fields = ActivityFields(
        **{**values, "involved_party_ids": tuple(values.get("involved_party_ids", ()))}
    )
    _check_activity(fields)
    return fields


def _check_activity(fields: ActivityFields) -> None:
    """What can be checked without the partnership."""
    if fields.direction not in DIRECTIONS:
        raise InvalidInput(_l("Choose a direction of cooperation."))
    if fields.status not in ACTIVITY_STATUSES:
        raise InvalidInput(_l("Choose the status: planned, done or cancelled."))
    if fields.ends_on is not None and fields.ends_on < fields.starts_on:
        raise InvalidInput(_l("An activity cannot end before it starts."))
    url = (fields.development_plan_url or "").strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise InvalidInput(_l("The development plan must be a web address (http:// or https://)."))


def _activity_texts(p: Partnership, fields: ActivityFields) -> dict[str, dict[str, str]]:
    """The title and description in each of the partnership's languages given."""
    languages = p.language_list
    given = dict(fields.texts or {})
    unknown = [x for x in given if x not in languages]
    if unknown:
        raise InvalidInput(_l("Texts can be given only in the partnership's languages."))
    first = languages[0]
    given.setdefault(first, {"title": fields.title, "description": fields.description})
    texts: dict[str, dict[str, str]] = {}
    for lang in languages:
        text = given.get(lang) or {}
        title = (text.get("title") or "").strip()
        description = (text.get("description") or "").strip()
        if len(title) > 300:
            raise InvalidInput(_l("An activity's title can be at most 300 characters long."))
        if title or description:
            texts[lang] = {"title": title, "description": description}
    if not texts.get(first, {}).get("title"):
        raise InvalidInput(_l("Give the activity a title in the partnership's first language."))
    return texts


def _apply_activity(p: Partnership, activity: Activity, fields: ActivityFields) -> None:
    party_ids = {x.id for x in p.parties}
    if fields.responsible_party_id is not None and fields.responsible_party_id not in party_ids:
        raise InvalidInput(_l("The responsible party must be a party of the partnership."))
    involved = set(fields.involved_party_ids)
    if not involved <= party_ids:
        raise InvalidInput(_l("Only parties of the partnership can be involved."))
    texts = _activity_texts(p, fields)
    first = texts[p.language_list[0]]
    activity.title = first["title"]
    activity.description = first["description"]
    activity.texts = texts
    activity.direction = fields.direction
    activity.responsible_party_id = fields.responsible_party_id
    # "The others involved": the responsible party is not listed again.
    activity.involved = [
        x for x in p.parties if x.id in involved and x.id != fields.responsible_party_id
    ]
    activity.starts_on = fields.starts_on
    activity.ends_on = fields.ends_on
    activity.place = fields.place.strip()
    activity.resources = fields.resources.strip()
    activity.expected_result = fields.expected_result.strip()
    activity.indicator = fields.indicator.strip()
    activity.status = fields.status
    activity.development_plan_url = (fields.development_plan_url or "").strip() or None


def _plan_activity(p: Partnership, activity_id: int) -> Activity:
    activity = next((x for x in p.activities if x.id == activity_id), None)
    if activity is None:
        raise InvalidInput(_l("This activity is no longer in the plan."))
    return activity


def _new_plan_version(p: Partnership) -> None:
    """A change of the plan while it is being made voids the approvals given."""
    if p.status == "planning":
        p.plan_version += 1


def _require_plan_editor(p: Partnership, actor: User) -> None:
    _require(is_staff(actor) or own_party(actor, p) is not None)


def add_activity(
    session: Session,
    actor: User,
    partnership_id: int,
    **values: Any,
) -> Activity:
    """An activity of the joint plan.

    In planning the plan's earlier approvals no longer count; in cooperation
    it is one more thing the partners do together, and the approved plan
    stays approved.
    """
    fields = _activity_fields(values)

    def change(p: Partnership) -> Activity:
        _require_state(p, *ACTIVITY_EDIT_STEPS)
        _require_plan_editor(p, actor)
        activity = Activity()
        _apply_activity(p, activity, fields)
        p.activities.append(activity)
        _new_plan_version(p)
        return activity

    return _edit(session, partnership_id, actor, change)


def edit_activity(
    session: Session,
    actor: User,
    partnership_id: int,
    activity_id: int,
    **values: Any,
) -> Activity:
    """Change an activity of the plan: in planning a new version, earlier approvals void."""
    fields = _activity_fields(values)

    def change(p: Partnership) -> Activity:
        _require_state(p, *ACTIVITY_EDIT_STEPS)
        _require_plan_editor(p, actor)
        activity = _plan_activity(p, activity_id)
        _apply_activity(p, activity, fields)
        _new_plan_version(p)
        return activity

    return _edit(session, partnership_id, actor, change)


def remove_activity(session: Session, actor: User, partnership_id: int, activity_id: int) -> None:
    """Take an activity out of the plan: a new version, earlier approvals void."""

    def change(p: Partnership) -> None:
        _require_state(p, "planning")
        _require_plan_editor(p, actor)
        p.activities.remove(_plan_activity(p, activity_id))
        p.plan_version += 1

    _edit(session, partnership_id, actor, change)


def set_activity_status(
    session: Session, actor: User, partnership_id: int, activity_id: int, *, status: str
) -> Activity:
    """Mark an activity planned, done or cancelled.

    In planning this is an edit of the plan like any other (a new version);
    later it records what became of the approved plan, which stays approved.
    """
    if status not in ACTIVITY_STATUSES:
        raise InvalidInput(_l("Choose the status: planned, done or cancelled."))

    def change(p: Partnership) -> Activity:
        _require_state(p, *ACTIVITY_STATUS_STEPS)
        _require_plan_editor(p, actor)
        activity = _plan_activity(p, activity_id)
        if activity.status != status:
            activity.status = status
            _new_plan_version(p)
        return activity

    return _edit(session, partnership_id, actor, change)


def approve_plan(
    session: Session, actor: User, partnership_id: int, *, party_id: int, version: int
) -> Party:
    def change(p: Partnership) -> Party:
        _require_state(p, "planning")
        party = _party_for_edit(p, actor, party_id)
        if version != p.plan_version or not p.activities:
            raise StaleVersion(_l("The plan has changed since you opened it."))
        party.plan_approved_version = version
        return party

    return _edit(session, partnership_id, actor, change)


# --- the information campaign ------------------------------------------------

#: Steps where the campaign is recorded: its own, and cooperation (it goes on).
CAMPAIGN_STEPS = ("campaign", "cooperation")
MAX_AUDIENCE = 5000
MAX_KEY_MESSAGE = 5000
MAX_URL = 500


def _require_campaign_editor(p: Partnership, actor: User) -> None:
    _require_state(p, *CAMPAIGN_STEPS)
    _require(is_staff(actor) or own_party(actor, p) is not None)


def _web_address(url: str | None) -> str | None:
    """A publication's address: empty, or an http(s) address with a host."""
    url = (url or "").strip()
    if not url:
        return None
    scheme, _sep, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    if (
        scheme.lower() not in ("http", "https")
        or not host
        or any(c.isspace() for c in url)
        or len(url) > MAX_URL
    ):
        raise InvalidInput(
            _l("The address must be a web address starting with https:// or http://.")
        )
    return url


def _check_reach(reach: int | None) -> None:
    if reach is not None and reach < 0:
        raise InvalidInput(_l("The reach cannot be negative."))


def set_campaign(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    audience: str,
    messages: Mapping[str, str],
) -> Partnership:
    """Who the campaign speaks to, and its key message in each of the
    partnership's languages (a message in another language is refused)."""
    audience = (audience or "").strip()
    cleaned = {lang: (text or "").strip() for lang, text in messages.items()}
    if len(audience) > MAX_AUDIENCE or any(len(x) > MAX_KEY_MESSAGE for x in cleaned.values()):
        raise InvalidInput(_l("The text is too long."))

    def change(p: Partnership) -> Partnership:
        _require_campaign_editor(p, actor)
        unknown = [lang for lang, text in cleaned.items() if text and lang not in p.language_list]
        if unknown:
            raise InvalidInput(_l("A key message can only be in the partnership's languages."))
        p.campaign_audience = audience or None
        # A new dict: the JSON column notices a replaced value, not a mutated one.
        p.campaign_messages = {lang: cleaned[lang] for lang in p.language_list if cleaned.get(lang)}
        return p

    return _edit(session, partnership_id, actor, change)


def add_publication(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    channel: str,
    language: str,
    message: str,
    planned_on: date,
    published_on: date | None = None,
    url: str = "",
    reach: int | None = None,
    activity_id: int | None = None,
) -> Publication:
    """Plan a publication, optionally announcing an activity of the plan (of
    this partnership only); it may be recorded as published at once."""
    from workflow.models import CHANNELS

    if channel not in CHANNELS:
        raise InvalidInput(_l("Choose one of the channels."))
    if language not in LANGUAGES:
        raise InvalidInput(_l("Choose one of the languages."))
    if not (message or "").strip():
        raise InvalidInput(_l("Write the message of the publication."))
    if planned_on is None:
        raise InvalidInput(_l("Enter the date the publication is planned for."))
    address = _web_address(url)
    _check_reach(reach)

    def change(p: Partnership) -> Publication:
        _require_campaign_editor(p, actor)
        activity = None
        if activity_id is not None:
            activity = next((a for a in p.activities if a.id == activity_id), None)
            if activity is None:
                raise InvalidInput(
                    _l("A publication can only announce an activity of this partnership's plan.")
                )
        publication = Publication(
            channel=channel,
            language=language,
            message=message.strip(),
            planned_on=planned_on,
            published_on=published_on,
            url=address,
            reach=reach,
            activity=activity,
        )
        p.publications.append(publication)
        return publication

    return _edit(session, partnership_id, actor, change)


def mark_published(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    publication_id: int,
    published_on: date,
    url: str = "",
    reach: int | None = None,
) -> Publication:
    """Record that a planned publication came out: when, where, how many it reached."""
    if published_on is None:
        raise InvalidInput(_l("Enter the date it was published."))
    address = _web_address(url)
    _check_reach(reach)

    def change(p: Partnership) -> Publication:
        _require_campaign_editor(p, actor)
        publication = next((x for x in p.publications if x.id == publication_id), None)
        if publication is None:
            raise NotFound(_l("No such publication."))
        publication.published_on = published_on
        publication.url = address or publication.url
        publication.reach = reach
        return publication

    return _edit(session, partnership_id, actor, change)


def history_of(session: Session, partnership: Partnership) -> list[HistoryEntry]:
    return list(
        session.scalars(
            select(HistoryEntry)
            .where(HistoryEntry.partnership_id == partnership.id)
            .order_by(HistoryEntry.id)
        )
    )

"""The introduction's meetings: recorded, attended and evaluated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from states import ANIMATOR
from states.base import EVALUATIONS, MEETINGS
from states.text import lazy_text
from workflow.bounds import check_date
from workflow.errors import InvalidInput
from workflow.lifecycle.access import is_staff, own_party
from workflow.lifecycle.edits import edit_partnership, require, require_edit
from workflow.models import (
    PLACE_KINDS,
    SECTORS,
    Meeting,
    MeetingAttendee,
    MeetingEvaluation,
    Partnership,
    User,
    utcnow,
)


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
    check_date(held_at)
    if place_kind not in PLACE_KINDS:
        raise InvalidInput(lazy_text("Choose where the meeting takes place."))
    if not 15 <= planned_minutes <= 720:
        raise InvalidInput(lazy_text("A meeting is planned for 15 minutes to 12 hours."))
    if invited is not None and invited < 0:
        raise InvalidInput()
    agenda = [key for key, _title in agenda_for(number) if key in set(agenda_done)]

    def change(p: Partnership) -> Meeting:
        _require_introduction_editor(p, actor)
        held = [m.number for m in p.meetings]
        # The next meeting, or one already recorded: no gaps in the numbers.
        if not 1 <= number <= min(max(held, default=0) + 1, MAX_MEETINGS):
            raise InvalidInput(lazy_text("Record the meetings in their order."))
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

    return edit_partnership(session, partnership_id, actor, change)


def _require_introduction_editor(p: Partnership, actor: User) -> None:
    """Meetings are recorded by staff, animators and the partnership's libraries."""
    require_edit(p, actor, MEETINGS)
    require(is_staff(actor) or actor.role == ANIMATOR or own_party(actor, p) is not None)


def _meeting_for_edit(p: Partnership, actor: User, number: int) -> Meeting:
    _require_introduction_editor(p, actor)
    meeting = p.meeting(number)
    if meeting is None:
        raise InvalidInput(lazy_text("Record the meeting first."))
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
        raise InvalidInput(lazy_text("Enter the participant's name."))
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

    return edit_partnership(session, partnership_id, actor, change)


def remove_attendee(
    session: Session, actor: User, partnership_id: int, *, number: int, attendee_id: int
) -> None:
    def change(p: Partnership) -> None:
        meeting = _meeting_for_edit(p, actor, number)
        attendee = next((x for x in meeting.attendees if x.id == attendee_id), None)
        if attendee is None:
            raise InvalidInput(lazy_text("This participant is no longer on the list."))
        meeting.attendees.remove(attendee)

    edit_partnership(session, partnership_id, actor, change)


def set_between_tasks(
    session: Session, actor: User, partnership_id: int, *, done: Sequence[str]
) -> Partnership:
    """Which tasks between the first and second meeting are done (seed 004, §2.1.4)."""
    from states.introduction import BETWEEN_TASKS

    def change(p: Partnership) -> Partnership:
        _require_introduction_editor(p, actor)
        p.between_tasks_done = [key for key, _title in BETWEEN_TASKS if key in set(done)]
        return p

    return edit_partnership(session, partnership_id, actor, change)


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
        raise InvalidInput(lazy_text("Say what worked at the meeting."))
    scores = {int(k): int(v) for k, v in (engagement or {}).items() if v is not None}
    if any(not 1 <= v <= 5 for v in scores.values()):
        raise InvalidInput(lazy_text("Rate each partner's engagement from 1 to 5."))

    def change(p: Partnership) -> MeetingEvaluation:
        require_edit(p, actor, EVALUATIONS)
        mine = own_party(actor, p)
        require(is_staff(actor) or actor.role == ANIMATOR or mine is not None)
        meeting = p.meeting(number)
        if meeting is None:
            raise InvalidInput(lazy_text("Record the meeting before evaluating it."))
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

    return edit_partnership(session, partnership_id, actor, change)

"""The introduction on the partnership page: the meetings (with their agenda,
attendance and evaluations), the tasks between them, the viewer's time zone,
and the leader with the rules of cooperation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext
from flask_wtf import FlaskForm

from states import LIBRARIAN
from states.base import LEADER, MEETINGS
from states.introduction import BETWEEN_TASKS, MAX_MEETINGS, agenda_for, attendance_is_low
from web.forms import ActionForm, choices, page_form, zone_choices
from web.introduction.forms import (
    AttendeeForm,
    BetweenTasksForm,
    EvaluationForm,
    LeaderForm,
    MeetingForm,
    TimezoneForm,
)
from workflow.lifecycle.edits import may_edit
from workflow.models import Partnership, Party, User
from workflow.timezones import in_zone

MEETING_NUMBERS = (1, 2)
#: A library's zone by its country, for a meeting's first default.
COUNTRY_ZONES = {"UA": "Europe/Kyiv", "PL": "Europe/Warsaw", "GB": "Europe/London"}


@dataclass
class MeetingRow:
    number: int
    meeting: Any
    form: MeetingForm | None = None
    evaluation_form: EvaluationForm | None = None
    attendee_form: AttendeeForm | None = None
    remove_form: ActionForm | None = None
    #: (key, title, covered) of the meeting's agenda (seed 004, §2.1.2-3).
    agenda: list[tuple[str, Any, bool]] = field(default_factory=list)
    #: The time in the meeting's own zone and in the viewer's.
    local: Any = None
    viewer_local: Any = None
    low_attendance: bool = False


@dataclass
class IntroductionSection:
    meetings: list[MeetingRow] = field(default_factory=list)
    #: The zone the viewer sees meeting times in.
    viewer_zone: str = "UTC"
    between_form: BetweenTasksForm | None = None
    between: list[tuple[str, Any, bool]] = field(default_factory=list)
    timezone_form: TimezoneForm | None = None
    leader_form: LeaderForm | None = None


def default_zone(p: Partnership) -> str:
    lead = p.lead
    return COUNTRY_ZONES.get(lead.organisation.country, "UTC") if lead else "UTC"


def evaluation_form_class(p: Partnership) -> type[EvaluationForm]:
    return EvaluationForm.for_parties((x.id, x.organisation.name) for x in p.parties)


def party_choices(p: Partnership, empty: str | None = None) -> list[Any]:
    """The parties as select options, after an empty option when ``empty`` is given."""
    pairs: list[tuple[Any, str]] = [("", empty)] if empty is not None else []
    return choices(pairs + [(x.id, x.organisation.name) for x in p.parties])


def _meeting_form(
    row: MeetingRow, overrides: dict[str, FlaskForm], viewer_zone: str, covered: set[str]
) -> MeetingForm:
    meeting = row.meeting
    form = page_form(
        MeetingForm,
        f"meeting-{row.number}",
        overrides,
        held_at=row.local.replace(tzinfo=None) if meeting else None,
        timezone=meeting.timezone if meeting else viewer_zone,
        place_kind=meeting.place_kind if meeting else "library",
        place=meeting.place if meeting else None,
        planned_minutes=meeting.planned_minutes if meeting else 120,
        invited=meeting.invited if meeting else None,
        agenda_done=list(covered),
        attendance=meeting.attendance if meeting else None,
        minutes=meeting.minutes if meeting else None,
    )
    form.timezone.choices = zone_choices(form.timezone.data)
    form.agenda_done.choices = choices((k, t.translate(gettext)) for k, t in agenda_for(row.number))
    return form


def _evaluation_form(
    p: Partnership, row: MeetingRow, mine: Party | None, overrides: dict[str, FlaskForm]
) -> EvaluationForm:
    side = "library" if mine is not None else "animator"
    mine_eval = row.meeting.evaluation_by(side)
    scores = (mine_eval.engagement or {}) if mine_eval else {}
    return page_form(
        evaluation_form_class(p),
        f"evaluation-{row.number}",
        overrides,
        evaluation=mine_eval.worked if mine_eval else None,
        to_change=mine_eval.to_change if mine_eval else None,
        next_steps=mine_eval.next_steps if mine_eval else None,
        **{f"engagement_{k}": v for k, v in scores.items()},
    )


def _meeting_row(
    p: Partnership,
    number: int,
    *,
    may_record: bool,
    mine: Party | None,
    viewer_zone: str,
    overrides: dict[str, FlaskForm],
) -> MeetingRow:
    meeting = p.meeting(number)
    row = MeetingRow(number, meeting)
    if meeting is not None:
        row.local = in_zone(meeting.held_at, meeting.timezone)
        row.viewer_local = in_zone(meeting.held_at, viewer_zone)
        row.low_attendance = attendance_is_low(meeting)
    covered = set(meeting.agenda_done) if meeting else set()
    row.agenda = [(k, t, k in covered) for k, t in agenda_for(number)]
    if may_record:
        row.form = _meeting_form(row, overrides, viewer_zone, covered)
        if meeting is not None:
            row.attendee_form = page_form(AttendeeForm, f"attendee-{number}", overrides)
            row.remove_form = ActionForm(formdata=None, prefix=f"remove-attendee-{number}")
            row.evaluation_form = _evaluation_form(p, row, mine, overrides)
    return row


def _between(s: IntroductionSection, p: Partnership, overrides: dict[str, FlaskForm]) -> None:
    """The between-meetings checklist and the viewer's time zone."""
    if not s.meetings:
        return
    done = set(p.between_tasks_done or ())
    s.between = [(k, t, k in done) for k, t in BETWEEN_TASKS]
    if s.meetings[0].form is not None:
        form = page_form(BetweenTasksForm, "between", overrides, done=list(done))
        form.done.choices = choices((k, t.translate(gettext)) for k, t in BETWEEN_TASKS)
        s.between_form = form
    form = page_form(TimezoneForm, "timezone", overrides, timezone=s.viewer_zone)
    form.timezone.choices = zone_choices(s.viewer_zone)
    s.timezone_form = form


def _leader_form(p: Partnership, overrides: dict[str, FlaskForm]) -> LeaderForm:
    form = page_form(
        LeaderForm,
        "leader",
        overrides,
        party_id=p.leader_party_id,
        rules=p.cooperation_rules,
        areas=list(p.areas or ()),
        tasks=p.agreed_tasks,
    )
    form.party_id.choices = party_choices(p)
    return form


def section(
    p: Partnership,
    user: User,
    *,
    mine: Party | None,
    overrides: dict[str, FlaskForm],
) -> IntroductionSection:
    s = IntroductionSection(viewer_zone=user.timezone or default_zone(p))
    # A librarian records only for their own party (the use case checks which).
    may_record = may_edit(p, user, MEETINGS) and (mine is not None or user.role != LIBRARIAN)
    numbers = sorted(set(MEETING_NUMBERS) | {m.number for m in p.meetings})
    if may_record and p.meeting(numbers[-1]) is not None:
        # After the second: a further meeting may be recorded (seed 004, §2.1.5).
        numbers.append(min(numbers[-1] + 1, MAX_MEETINGS))
    for number in dict.fromkeys(numbers):
        row = _meeting_row(
            p,
            number,
            may_record=may_record,
            mine=mine,
            viewer_zone=s.viewer_zone,
            overrides=overrides,
        )
        if row.meeting is not None or row.form is not None:
            s.meetings.append(row)
    _between(s, p, overrides)
    if may_edit(p, user, LEADER):
        s.leader_form = _leader_form(p, overrides)
    return s

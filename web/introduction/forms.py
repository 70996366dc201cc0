"""Forms of the introduction: meetings, attendance, evaluations, the leader."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from web.forms import REQUIRED, Form, MultiCheckboxField, ValidZone, choices, int_or_none
from web.labels import DIRECTION_TITLES, PLACE_KIND_TITLES, SECTOR_TITLES
from web.text import _l

HTML5_DATETIME = "%Y-%m-%dT%H:%M"


class MeetingForm(Form):
    """A partnership meeting; the view fills the time zones and the agenda."""

    held_at = DateTimeLocalField(
        _l("Date and time"),
        format=[HTML5_DATETIME, "%Y-%m-%d %H:%M"],
        validators=[InputRequired(message=_l("Enter a date and time."))],
    )
    timezone = SelectField(_l("Time zone"), validators=[InputRequired(), ValidZone()])
    place_kind = SelectField(
        _l("Where"),
        choices=choices(PLACE_KIND_TITLES.items()),
        default="library",
    )
    place = StringField(_l("Place or link"), validators=[REQUIRED, Length(max=300)])
    planned_minutes = SelectField(
        _l("Planned length"),
        coerce=int,
        choices=choices((m, f"{m // 60}:{m % 60:02d}") for m in range(30, 4 * 60 + 15, 15)),
        default=120,
    )
    invited = IntegerField(
        _l("People invited"), validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    agenda_done = MultiCheckboxField(_l("Agenda (tick what was covered)"))
    attendance = TextAreaField(_l("Attendance"), validators=[Length(max=5000)])
    minutes = TextAreaField(_l("Minutes"), validators=[REQUIRED, Length(max=20000)])


class AttendeeForm(Form):
    name = StringField(_l("Participant's name"), validators=[REQUIRED, Length(max=200)])
    organisation = StringField(_l("Organisation"), validators=[Length(max=300)])
    sector = SelectField(_l("Sector"), choices=choices(SECTOR_TITLES.items()), default="public")
    decision_maker = BooleanField(_l("Can decide for their organisation"))


class BetweenTasksForm(Form):
    done = MultiCheckboxField(_l("Tasks done"))


class TimezoneForm(Form):
    timezone = SelectField(_l("Your time zone"), validators=[ValidZone()])


class EvaluationForm(Form):
    """An evaluation after a meeting; ``for_parties`` adds an engagement score per party."""

    evaluation = TextAreaField(_l("What worked"), validators=[REQUIRED, Length(max=20000)])
    to_change = TextAreaField(_l("What to change"), validators=[Length(max=20000)])
    next_steps = TextAreaField(_l("Next steps"), validators=[Length(max=20000)])

    @classmethod
    def for_parties(cls, parties: Iterable[tuple[int, str]]) -> type[EvaluationForm]:
        fields = {
            f"engagement_{party_id}": SelectField(
                _l("Engagement of %(library)s (1-5)", library=name),
                choices=choices([("", "—")] + [(n, str(n)) for n in range(1, 6)]),
                coerce=int_or_none,
                validators=[Optional()],
            )
            for party_id, name in parties
        }
        return type("PartyEvaluationForm", (cls,), fields)

    def engagement(self) -> dict[int, int]:
        # The short name: a prefixed form names its fields "evaluation-N-engagement_…".
        return {
            int(f.short_name.rsplit("_", 1)[1]): f.data
            for f in self
            if f.short_name.startswith("engagement_") and f.data
        }


class LeaderForm(Form):
    party_id = SelectField(_l("Leader"), coerce=int, validators=[InputRequired()])
    rules = TextAreaField(_l("Rules of cooperation"), validators=[Length(max=20000)])
    areas = MultiCheckboxField(
        _l("Areas and directions of cooperation"), choices=choices(DIRECTION_TITLES.items())
    )
    tasks = TextAreaField(_l("Tasks agreed"), validators=[Length(max=20000)])

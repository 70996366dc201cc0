"""Forms of the animator hours."""

from __future__ import annotations

from typing import Any

from wtforms import DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange
from wtforms.widgets import HiddenInput

from web.forms import REQUIRED, Form, choices
from web.text import _l

DURATION_CHOICES = choices((m, f"{m // 60}:{m % 60:02d}") for m in range(15, 8 * 60 + 15, 15))


class HoursForm(Form):
    """An entry of an animator's support time (the view fills the partnerships)."""

    partnership_id = SelectField(_l("Partnership"), coerce=int, validators=[InputRequired()])
    worked_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    minutes = SelectField(
        _l("Duration (hours:minutes)"),
        coerce=int,
        choices=DURATION_CHOICES,
        validators=[InputRequired()],
    )
    kind = SelectField(_l("Kind of support"), validators=[InputRequired()])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])

    def entry(self) -> dict[str, Any]:
        """The fields of ``workflow.hours.EntryFields``."""
        return {
            "partnership_id": self.partnership_id.data,
            "worked_on": self.worked_on.data,
            "minutes": self.minutes.data,
            "kind": self.kind.data,
            "note": self.note.data or "",
        }


class AssignmentForm(Form):
    programme_id = SelectField(_l("Programme"), coerce=int, validators=[InputRequired()])
    animator_id = SelectField(_l("Animator"), coerce=int, validators=[InputRequired()])
    organisation_id = SelectField(_l("Lead library"), coerce=int, validators=[InputRequired()])


class ExtensionForm(Form):
    programme_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    organisation_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    hours = IntegerField(
        _l("Extra hours"),
        validators=[InputRequired(_l("Enter a number of hours.")), NumberRange(min=1, max=100)],
    )
    reason = TextAreaField(_l("Reason"), validators=[REQUIRED, Length(max=2000)])


class ProgrammeHoursForm(Form):
    budget_hours = IntegerField(
        _l("Default budget per lead library (hours)"),
        validators=[InputRequired(_l("Enter a number of hours.")), NumberRange(min=1, max=1000)],
    )
    edit_days = IntegerField(
        _l("Days an animator may log or change entries back"),
        validators=[InputRequired(), NumberRange(min=0, max=366)],
    )

"""Forms of the cooperation section: check-in answers, condition, public page."""

from __future__ import annotations

from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from web.forms import Form, choices
from web.text import _l

REQUIRED = DataRequired(message=_l("This field is required."))

RATING_TITLES = {
    5: _l("5 — thriving"),
    4: _l("4 — going well"),
    3: _l("3 — steady"),
    2: _l("2 — struggling"),
    1: _l("1 — barely alive"),
}


class CheckInAnswerForm(Form):
    answer = TextAreaField(
        _l("How is the partnership going?"), validators=[REQUIRED, Length(max=5000)]
    )


class ConditionForm(Form):
    rating = SelectField(
        _l("Condition"),
        coerce=int,
        choices=choices(RATING_TITLES.items()),
        default=3,
        validators=[InputRequired()],
    )
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])


class PublicForm(Form):
    public = BooleanField(_l("Show this partnership on the public page"))
    story = TextAreaField(_l("The partnership's story"), validators=[Length(max=5000)])

"""Forms of the joint activity plan."""

from __future__ import annotations

from typing import Any

from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, Optional, ValidationError

from web.forms import REQUIRED, Form, MultiCheckboxField, choices, int_or_none
from web.labels import ACTIVITY_STATUS_TITLES, DIRECTION_TITLES
from web.text import _l


def _url_or_empty() -> list[Any]:
    return [Optional(), URL(message=_l("Enter a web address.")), Length(max=500)]


class ActivityForm(Form):
    """An activity of the joint plan.

    ``title`` and ``description`` are in the partnership's first language;
    ``title_<lang>`` and ``description_<lang>`` in each of its other languages
    (the view shows only those; see ``web.planning.page``).
    """

    title = StringField(_l("Activity"), validators=[REQUIRED, Length(max=300)])
    description = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    title_en = StringField(_l("Activity"), validators=[Length(max=300)])
    description_en = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    title_uk = StringField(_l("Activity"), validators=[Length(max=300)])
    description_uk = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    title_pl = StringField(_l("Activity"), validators=[Length(max=300)])
    description_pl = TextAreaField(_l("Description"), validators=[Length(max=20000)])
    direction = SelectField(
        _l("Direction"), choices=choices(DIRECTION_TITLES.items()), validators=[InputRequired()]
    )
    responsible_party_id = SelectField(
        _l("Responsible party"), coerce=int_or_none, validators=[Optional()]
    )
    involved = MultiCheckboxField(_l("Also involved"), coerce=int, validators=[Optional()])
    starts_on = DateField(_l("Starts on"), validators=[InputRequired(message=_l("Enter a date."))])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    place = StringField(_l("Place or online link"), validators=[Length(max=500)])
    resources = TextAreaField(_l("Resources"), validators=[Length(max=5000)])
    expected_result = TextAreaField(_l("Expected result"), validators=[Length(max=5000)])
    indicator = TextAreaField(_l("Indicator"), validators=[Length(max=5000)])
    status = SelectField(
        _l("Status"),
        choices=choices(ACTIVITY_STATUS_TITLES.items()),
        default="planned",
    )
    development_plan_url = StringField(
        _l("Link to the library's development plan"), validators=_url_or_empty()
    )

    def validate_ends_on(self, field: DateField) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("An activity cannot end before it starts."))


class ActivityStatusForm(Form):
    status = SelectField(
        _l("Status"), choices=choices(ACTIVITY_STATUS_TITLES.items()), validators=[InputRequired()]
    )

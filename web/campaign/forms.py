"""Forms of the information campaign."""

from __future__ import annotations

from typing import Any

from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional, Regexp

from web.forms import REQUIRED, Form, choices, int_or_none
from web.labels import CHANNEL_TITLES, LANGUAGE_TITLES
from web.text import _l


def _web_address_or_empty() -> list[Any]:
    """A publication's address: empty, or http(s) only (what the services accept)."""
    return [
        Optional(),
        URL(message=_l("Enter a web address.")),
        Regexp(
            r"^(?i:https?)://",
            message=_l("Enter a web address starting with https:// or http://."),
        ),
        Length(max=500),
    ]


REACH = [Optional(), NumberRange(min=0, message=_l("The reach cannot be negative."))]


class CampaignForm(Form):
    """The campaign's audience and its key message in each of the partnership's
    languages (the view shows the inputs of those; see ``web.campaign.page``)."""

    audience = TextAreaField(_l("Audience"), validators=[Length(max=5000)])
    message_en = TextAreaField(_l("Key message"), validators=[Length(max=5000)])
    message_uk = TextAreaField(_l("Key message"), validators=[Length(max=5000)])
    message_pl = TextAreaField(_l("Key message"), validators=[Length(max=5000)])


class PublicationForm(Form):
    channel = SelectField(
        _l("Channel"), choices=choices(CHANNEL_TITLES.items()), validators=[InputRequired()]
    )
    language = SelectField(
        _l("Language"), choices=choices(LANGUAGE_TITLES.items()), validators=[InputRequired()]
    )
    message = TextAreaField(_l("Message"), validators=[REQUIRED, Length(max=20000)])
    planned_on = DateField(
        _l("Planned for"), validators=[InputRequired(message=_l("Enter a date."))]
    )
    #: The plan activity it announces; choices filled in by ``web.campaign.page``.
    activity_id = SelectField(
        _l("Announces the activity"), coerce=int_or_none, validators=[Optional()]
    )
    published_on = DateField(_l("Published on"), validators=[Optional()])
    url = StringField(_l("Address"), validators=_web_address_or_empty())
    reach = IntegerField(_l("Reach"), validators=REACH)


class PublishedForm(Form):
    published_on = DateField(
        _l("Published on"), validators=[InputRequired(message=_l("Enter a date."))]
    )
    url = StringField(_l("Address"), validators=_web_address_or_empty())
    reach = IntegerField(_l("Reach"), validators=REACH)

"""What the forms of every feature share: select options, a checkbox list,
buttons, and a form shown again with what was typed.

Labels are lazy (``_l``): they are defined at import time and translated when
rendered. Choices that come from the database are filled in by the view.
Each feature's forms live in its package (``web/<feature>/forms.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from web.text import _l

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms < 3.3 takes plain (value, label) tuples
    SelectChoice = None

from web.bounds import DateInRange, NoNul, StoredInt
from workflow.timezones import COMMON_ZONES, all_zones

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an e-mail address."))
REQUIRED = DataRequired(message=_l("This field is required."))


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[Any]:
    """Select options: ``SelectChoice`` where WTForms has it (tuples are deprecated)."""
    if SelectChoice is None:
        return list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]


def int_or_none(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


def page_form(
    cls: type[FlaskForm], key: str, overrides: Mapping[str, FlaskForm], **data: Any
) -> Any:
    """The submitted form when it is being shown again, else a fresh one."""
    if key in overrides:
        return overrides[key]
    return cls(formdata=None, prefix=key, **data)


def zone_choices(current: str | None) -> list[Any]:
    """The common time zones, and ``current`` first when it is not one of them."""
    zones = list(COMMON_ZONES)
    if current and current not in zones:
        zones.insert(0, current)
    return choices((z, z.replace("_", " ")) for z in zones)


def optional_zone_choices(current: str | None) -> list[Any]:
    return choices([("", "—")]) + zone_choices(current)


class Form(FlaskForm):
    """The base of every form of the app: what no field may take (see ``web.bounds``).

    Each field, whatever its form says, refuses a NUL character, a whole number
    past what the database keeps and a date outside 1990-2100, with a message
    at the field and what was typed kept, like any other refusal.
    """

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            field = super().bind_field(form, unbound_field, options)  # type: ignore[misc]
            stored = StoredInt.within(field.validators)
            field.validators = [NoNul(), *field.validators, stored, DateInRange()]
            return field


class ValidZone:
    """A time zone that exists (the choices show any typed value, to keep it)."""

    def __call__(self, form: Any, field: Any) -> None:
        if field.data and field.data not in all_zones() and field.data != "UTC":
            raise ValidationError(_l("Choose a time zone from the list."))


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LanguageForm(Form):
    lang = HiddenField(validators=[REQUIRED])
    next = HiddenField()


class ActionForm(Form):
    """A button: only the CSRF token travels."""


class VersionedActionForm(Form):
    """A button that acts on the version the person was shown."""

    party_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])

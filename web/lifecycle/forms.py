"""Forms of the partnership's frame: a new partnership, a move."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from web.forms import REQUIRED, Form, MultiCheckboxField, choices, int_or_none
from web.labels import KIND_TITLES, LANGUAGE_TITLES
from web.text import _l


class MoveForm(Form):
    """One move of the partnership. ``check`` applies what the move itself requires."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason"), validators=[Length(max=5000)])
    confirm = BooleanField(_l("I understand this cannot be undone"))

    def check(self, needs_reason: bool, confirm: bool) -> bool:
        ok = self.validate_on_submit()
        if needs_reason and not (self.reason.data or "").strip():
            self.reason.errors = [*self.reason.errors, _l("Please give a reason for this move.")]
            ok = False
        if confirm and not self.confirm.data:
            self.confirm.errors = [
                *self.confirm.errors,
                _l("Tick the box to confirm this move."),
            ]
            ok = False
        return ok


class NewPartnershipForm(Form):
    programme_id = SelectField(_l("Programme"), coerce=int, validators=[InputRequired()])
    kind = SelectField(
        _l("Kind of partnership"),
        choices=choices(KIND_TITLES.items()),
        validators=[InputRequired()],
    )
    title = StringField(_l("Title"), validators=[REQUIRED, Length(max=300)])
    languages = MultiCheckboxField(
        _l("Languages of the documents"),
        choices=choices(LANGUAGE_TITLES.items()),
        default=["en"],
    )
    lead_organisation_id = SelectField(_l("Lead library"), coerce=int, validators=[InputRequired()])
    partner_organisation_id = SelectField(
        _l("Partner"), coerce=int_or_none, validators=[Optional()]
    )
    reason = TextAreaField(_l("Reason for the selection"), validators=[Length(max=5000)])

    def validate_languages(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))

    def validate_partner_organisation_id(self, field: SelectField) -> None:
        if field.data is not None and field.data == self.lead_organisation_id.data:
            raise ValidationError(_l("A library cannot be its own partner."))

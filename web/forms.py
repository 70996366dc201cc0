"""WTForms forms of the web interface.

Labels are lazy (``_l``): they are defined at import time and translated when
rendered. Choices that come from the database are filled in by the view.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from web.text import _l

try:
    from wtforms.fields.choices import SelectChoice
except ImportError:  # WTForms < 3.3 takes plain (value, label) tuples
    SelectChoice = None

from web.bounds import DateInRange, NoNul, StoredInt
from web.labels import (
    ACTIVITY_STATUS_TITLES,
    CHANNEL_TITLES,
    DIRECTION_TITLES,
    KIND_TITLES,
    LANGUAGE_TITLES,
    PLACE_KIND_TITLES,
    SECTOR_TITLES,
)
from workflow.timezones import all_zones

EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter an e-mail address."))
REQUIRED = DataRequired(message=_l("This field is required."))
HTML5_DATETIME = "%Y-%m-%dT%H:%M"


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[Any]:
    """Select options: ``SelectChoice`` where WTForms has it (tuples are deprecated)."""
    if SelectChoice is None:
        return list(pairs)
    return [SelectChoice(value, label) for value, label in pairs]


def int_or_none(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


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


class LoginForm(Form):
    email = StringField(_l("E-mail"), validators=[REQUIRED, Length(max=254)])
    password = PasswordField(_l("Password"), validators=[REQUIRED])
    next = HiddenField()


class LanguageForm(Form):
    lang = HiddenField(validators=[REQUIRED])
    next = HiddenField()


class ActionForm(Form):
    """A button: only the CSRF token travels."""


class VersionedActionForm(Form):
    """A button that acts on the version the person was shown."""

    party_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


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


class AddPartyForm(Form):
    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[InputRequired()])
    sector = SelectField(
        _l("Sector"), choices=choices(SECTOR_TITLES.items()), validators=[InputRequired()]
    )


class ContactPersonForm(Form):
    """One more contact person of a party (the view fills the time zones)."""

    name = StringField(_l("Name"), validators=[REQUIRED, Length(max=200)])
    role = StringField(_l("Their role"), validators=[Length(max=200)])
    email = StringField(_l("Their e-mail"), validators=[REQUIRED, EMAIL, Length(max=254)])
    phone = StringField(_l("Their phone"), validators=[Length(max=50)])
    languages = StringField(_l("Languages they speak"), validators=[Length(max=50)])
    timezone = SelectField(_l("Their time zone"), validators=[Optional(), ValidZone()])

    def contact(self) -> dict[str, str]:
        """The fields ``services.set_contact`` and ``add_contact_person`` take."""
        names = ("name", "role", "email", "phone", "languages", "timezone")
        return {name: self[name].data or "" for name in names}


class ContactForm(ContactPersonForm):
    """A party's first contact person, and its signatory."""

    name = StringField(_l("Contact person"), validators=[REQUIRED, Length(max=200)])
    signatory_name = StringField(_l("Signatory"), validators=[Length(max=200)])
    signatory_role = StringField(_l("Signatory's position"), validators=[Length(max=200)])


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


def _url_or_empty() -> list[Any]:
    return [Optional(), URL(message=_l("Enter a web address.")), Length(max=500)]


class ActivityForm(Form):
    """An activity of the joint plan.

    ``title`` and ``description`` are in the partnership's first language;
    ``title_<lang>`` and ``description_<lang>`` in each of its other languages
    (the view shows only those; see ``web.plan``).
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
    languages (the view shows the inputs of those; see ``web.campaign``)."""

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
    #: The plan activity it announces; choices filled in by ``web.campaign``.
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


# --- animator hours ----------------------------------------------------------

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
        """The fields of ``workflow.hours.entries.EntryFields``."""
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

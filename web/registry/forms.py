"""Forms of the library registry: profile, import, matching filters, choosing a partner."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from web.forms import EMAIL, REQUIRED, Form, MultiCheckboxField, choices
from web.labels import (
    DIRECTION_TITLES,
    LANGUAGE_TITLES,
    LIBRARY_STATUS_TITLES,
    LIBRARY_TYPE_TITLES,
    SUBJECT_TITLES,
)
from web.text import _l

COUNTRY = Regexp(r"^[A-Za-z]{2}$", message=_l("Enter a two-letter country code, e.g. UA."))
CODES = Regexp(
    r"^\s*([A-Za-z]{2,3}\s*(,\s*[A-Za-z]{2,3}\s*)*)?$",
    message=_l("Enter language codes separated by commas, e.g. uk, en."),
)


class ProfileForm(Form):
    name = StringField(_l("Name"), validators=[REQUIRED, Length(max=300)])
    name_latin = StringField(_l("Name in Latin script"), validators=[Length(max=300)])
    country = StringField(_l("Country"), validators=[REQUIRED, COUNTRY])
    region = StringField(_l("Region"), validators=[Length(max=200)])
    city = StringField(_l("City"), validators=[Length(max=200)])
    library_type = SelectField(
        _l("Type"), choices=choices([("", "—"), *LIBRARY_TYPE_TITLES.items()]), default=""
    )
    population = IntegerField(_l("Population served"), validators=[Optional(), NumberRange(min=0)])
    collection_size = IntegerField(
        _l("Collection size"), validators=[Optional(), NumberRange(min=0)]
    )
    subjects = MultiCheckboxField(
        _l("Subjects of the collection"), choices=choices(SUBJECT_TITLES.items())
    )
    collection_languages = StringField(
        _l("Languages of the collection"), validators=[CODES, Length(max=100)]
    )
    languages = StringField(
        _l("Languages spoken by the staff"), validators=[CODES, Length(max=100)]
    )
    experience = TextAreaField(
        _l("Programmes and experience of cooperation"), validators=[Length(max=5000)]
    )
    directions_sought = MultiCheckboxField(
        _l("Directions of cooperation sought"), choices=choices(DIRECTION_TITLES.items())
    )
    directions_offered = MultiCheckboxField(
        _l("Directions of cooperation offered"), choices=choices(DIRECTION_TITLES.items())
    )
    status = SelectField(
        _l("Status"), choices=choices(LIBRARY_STATUS_TITLES.items()), default="operating"
    )
    works_now_in = StringField(_l("Where it works now"), validators=[Length(max=200)])
    website = StringField(_l("Website"), validators=[Length(max=300)])
    contact_name = StringField(_l("Contact person"), validators=[Length(max=200)])
    contact_email = StringField(
        _l("Contact e-mail"), validators=[Optional(), EMAIL, Length(max=254)]
    )
    contact_phone = StringField(_l("Contact phone"), validators=[Length(max=50)])

    def values(self) -> dict[str, object]:
        def codes(text: str | None) -> str:
            return ",".join(
                dict.fromkeys(x.strip().lower() for x in (text or "").split(",") if x.strip())
            )

        data = {f.name: f.data for f in self if f.name != "csrf_token"}
        data["library_type"] = data["library_type"] or None
        for key in ("subjects", "directions_sought", "directions_offered"):
            data[key] = ",".join(data[key] or [])
        for key in ("languages", "collection_languages"):
            data[key] = codes(data[key])
        return data


class ImportForm(Form):
    file = FileField(_l("Register (CSV)"), validators=[FileRequired(_l("Choose a file."))])
    mapping = TextAreaField(_l("Mapping (TOML)"), validators=[REQUIRED, Length(max=20000)])
    dry_run = BooleanField(_l("Only check: import nothing"), default=True)


class MatchFilterForm(Form):
    class Meta:
        csrf = False  # a GET search form

    country = StringField(_l("Country"), validators=[Optional(), COUNTRY])
    library_type = SelectField(
        _l("Type"), choices=choices([("", _l("Any")), *LIBRARY_TYPE_TITLES.items()]), default=""
    )
    language = StringField(_l("Language"), validators=[Optional(), Length(max=3)])
    status = SelectField(
        _l("Status"),
        choices=choices([("", _l("Any")), *LIBRARY_STATUS_TITLES.items()]),
        default="",
    )
    without_partner = BooleanField(_l("Without a partner yet"))
    programme_id = SelectField(_l("Programme"), coerce=int, validators=[Optional()])


class ChooseForm(Form):
    candidate_id = HiddenField(validators=[InputRequired()])
    programme_id = HiddenField(validators=[InputRequired()])
    filters = HiddenField()
    languages = MultiCheckboxField(
        _l("Languages of the documents"), choices=choices(LANGUAGE_TITLES.items())
    )
    reason = TextAreaField(_l("Reason for the selection"), validators=[REQUIRED, Length(max=5000)])


class ApplicationForm(Form):
    """One of the two public forms; ``homepage`` is a honeypot people never see."""

    name = StringField(_l("Name of the library"), validators=[REQUIRED, Length(max=300)])
    name_latin = StringField(_l("Name in Latin script"), validators=[Length(max=300)])
    country = StringField(_l("Country"), validators=[REQUIRED, COUNTRY])
    region = StringField(_l("Region"), validators=[Length(max=200)])
    city = StringField(_l("City"), validators=[REQUIRED, Length(max=200)])
    library_type = SelectField(
        _l("Type"), choices=choices([("", "—"), *LIBRARY_TYPE_TITLES.items()]), default=""
    )
    population = IntegerField(_l("Population served"), validators=[Optional(), NumberRange(min=0)])
    website = StringField(_l("Website"), validators=[Length(max=300)])
    directions = MultiCheckboxField(
        _l("Directions of cooperation"), choices=choices(DIRECTION_TITLES.items())
    )
    languages = StringField(
        _l("Languages spoken by the staff"), validators=[CODES, Length(max=100)]
    )
    message = TextAreaField(
        _l("About your library and what you hope for"), validators=[Length(max=5000)]
    )
    contact_name = StringField(_l("Your name"), validators=[REQUIRED, Length(max=200)])
    contact_email = StringField(_l("Your e-mail"), validators=[REQUIRED, EMAIL, Length(max=254)])
    homepage = StringField(_l("Leave this field empty"))

    def values(self) -> dict[str, object]:
        data = {f.name: f.data for f in self if f.name not in ("csrf_token", "homepage")}
        data["country"] = (data["country"] or "").upper()
        data["directions"] = ",".join(data["directions"] or [])
        data["languages"] = ",".join(
            dict.fromkeys(
                x.strip().lower() for x in (data["languages"] or "").split(",") if x.strip()
            )
        )
        for k, v in data.items():
            if isinstance(v, str):
                data[k] = v.strip() or (
                    None if k not in ("directions", "languages", "message") else ""
                )
        return data

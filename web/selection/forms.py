"""Forms of the selection: the parties and their contact persons."""

from __future__ import annotations

from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from web.forms import EMAIL, REQUIRED, Form, ValidZone, choices
from web.labels import (
    SECTOR_TITLES,
)
from web.text import _l


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
        """The fields ``contacts.set_contact`` and ``add_contact_person`` take."""
        names = ("name", "role", "email", "phone", "languages", "timezone")
        return {name: self[name].data or "" for name in names}


class ContactForm(ContactPersonForm):
    """A party's first contact person, and its signatory."""

    name = StringField(_l("Contact person"), validators=[REQUIRED, Length(max=200)])
    signatory_name = StringField(_l("Signatory"), validators=[Length(max=200)])
    signatory_role = StringField(_l("Signatory's position"), validators=[Length(max=200)])

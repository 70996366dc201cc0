"""Forms of logging in."""

from __future__ import annotations

from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import (
    Length,
)

from web.forms import REQUIRED, Form
from web.text import _l


class LoginForm(Form):
    email = StringField(_l("E-mail"), validators=[REQUIRED, Length(max=254)])
    password = PasswordField(_l("Password"), validators=[REQUIRED])
    next = HiddenField()

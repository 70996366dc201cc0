"""Two-factor codes: the code asked after the password, and turning them on or off."""

from __future__ import annotations

from typing import Any

import segno
from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from wtforms import StringField
from wtforms.validators import InputRequired, Length

from web.db import get_session
from web.forms import Form
from web.i18n import translate
from web.limits import login_attempts
from web.people.auth import PENDING, log_in, pending_user, two_factor_required
from web.text import _l
from workflow.errors import InvalidInput
from workflow.models import User
from workflow.people import two_factor

bp = Blueprint("two_factor", __name__)

#: The secret being set up, kept in the session until its first code matches.
CANDIDATE = "2fa_candidate"


class CodeForm(Form):
    code = StringField(
        _l("The 6-digit code from your authenticator app"),
        validators=[InputRequired(message=_l("Type the code from your app.")), Length(max=12)],
    )


@bp.route("/login/code", methods=["GET", "POST"])
@login_attempts
def code() -> Any:
    """The second step of logging in."""
    user = pending_user()
    if user is None or not user.totp_secret:
        flash(_("Please log in again."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            two_factor.check_code(get_session(), user.id, form.code.data or "")
        except InvalidInput as error:
            form.code.errors = [translate(error.message)]
        else:
            return log_in(user, session.get(PENDING, {}).get("next"))
    if form.is_submitted():
        status = 422
    form.code.data = ""
    return render_template("auth/code.html", form=form), status


def _setup_user() -> tuple[User | None, bool]:
    """Whose two-factor codes the page is about, and whether they are only
    half logged in (password typed, codes required but not set up yet)."""
    if current_user.is_authenticated:
        return current_user.user, False
    user = pending_user()
    if user is not None and not user.totp_secret:
        return user, True
    return None, False


@bp.route("/account/two-factor", methods=["GET", "POST"])
def setup() -> Any:
    user, pending = _setup_user()
    if user is None:
        return redirect(url_for("auth.login"))
    if user.totp_secret:
        return _turn_off(user)
    return _turn_on(user, pending)


def _turn_off(user: Any) -> Any:
    """Codes are on: a current code turns them off (where they are not required)."""
    required = two_factor_required(user)
    form = CodeForm()
    if form.validate_on_submit():
        try:
            two_factor.disable(get_session(), user.id, form.code.data or "", required=required)
        except InvalidInput as error:
            form.code.errors = [translate(error.message)]
        else:
            flash(_("Two-factor codes are off."), "success")
            return redirect(url_for("two_factor.setup"))
    form.code.data = ""
    page = render_template("account/two_factor.html", form=form, enabled=True, required=required)
    return page, 422 if form.is_submitted() else 200


def _turn_on(user: Any, pending: bool) -> Any:
    """Codes are off: the QR code of a new secret, and a first code turns them on."""
    form = CodeForm()
    secret = session.get(CANDIDATE)
    if not isinstance(secret, str) or not secret:
        secret = session[CANDIDATE] = two_factor.new_secret()
    if form.validate_on_submit():
        try:
            two_factor.enable(get_session(), user.id, secret, form.code.data or "")
        except InvalidInput as error:
            form.code.errors = [translate(error.message)]
        else:
            session.pop(CANDIDATE, None)
            flash(_("Two-factor codes are on: logging in now asks for one."), "success")
            if pending:
                return log_in(user, session.get(PENDING, {}).get("next"))
            return redirect(url_for("two_factor.setup"))
    uri = two_factor.provisioning_uri(user.email, secret)
    # An SVG drawn on the server: no script, no image fetched from elsewhere.
    qr = Markup(segno.make(uri, error="m").svg_inline(scale=4, title=_("QR code")))
    form.code.data = ""
    page = render_template(
        "account/two_factor.html",
        form=form,
        enabled=False,
        required=two_factor_required(user),
        pending=pending,
        qr=qr,
        secret=secret,
    )
    return page, 422 if form.is_submitted() else 200

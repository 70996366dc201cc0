"""The user's own settings: what they are told by mail, their password."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_user
from wtforms import BooleanField, PasswordField
from wtforms.validators import EqualTo, InputRequired

from states import COORDINATOR
from web.db import get_session
from web.forms import Form
from web.i18n import translate
from web.people.auth import LoginUser, actor, two_factor_required
from web.text import _l
from workflow.errors import InvalidInput
from workflow.people.users import WrongPassword, change_password, set_notifications

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="templates")


class NotificationsForm(Form):
    reminders = BooleanField(
        _l("Remind me when a partnership waits for my library and its step is nearly due")
    )
    digest = BooleanField(_l("Send me the morning digest of overdue and dormant partnerships"))


@bp.route("/notifications", methods=["GET", "POST"])
def notifications() -> Any:
    user = actor()
    if request.method == "GET":
        form = NotificationsForm(
            formdata=None, reminders=user.notify_reminders, digest=user.notify_digest
        )
    else:
        # An unticked box sends nothing: what is not sent is "no".
        form = NotificationsForm(formdata=request.form)
    if form.validate_on_submit():
        set_notifications(
            get_session(),
            user.id,
            reminders=bool(form.reminders.data),
            digest=bool(form.digest.data),
        )
        flash(_("Your notification settings have been saved."), "success")
        return redirect(url_for("account.notifications"))
    return render_template(
        "account/notifications.html", form=form, coordinator=user.role == COORDINATOR
    )


class PasswordForm(Form):
    current = PasswordField(
        _l("Current password"),
        validators=[InputRequired(message=_l("Type your current password."))],
    )
    new = PasswordField(
        _l("New password"), validators=[InputRequired(message=_l("Type a new password."))]
    )
    repeat = PasswordField(
        _l("New password again"),
        validators=[EqualTo("new", message=_l("The two new passwords differ."))],
    )


@bp.route("/password", methods=["GET", "POST"])
def password() -> Any:
    user = actor()
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            changed = change_password(
                get_session(), user.id, form.current.data or "", form.new.data or ""
            )
        except InvalidInput as error:
            field = form.current if isinstance(error, WrongPassword) else form.new
            field.errors = [translate(error.message)]
        else:
            # Every other session has ended; this one goes on with the new generation.
            login_user(LoginUser.of(changed))
            flash(
                _("Your password has been changed; you are logged out everywhere else."),
                "success",
            )
            return redirect(url_for("account.password"))
    if form.is_submitted():
        status = 422
    return render_template(
        "account/password.html",
        form=form,
        two_factor=bool(user.totp_secret),
        two_factor_required=two_factor_required(user),
    ), status

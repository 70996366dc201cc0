"""The user's own settings: what they are told by mail."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField

from states import COORDINATOR
from web.auth import actor
from web.db import get_session
from workflow.people.users import set_notifications

bp = Blueprint("account", __name__, url_prefix="/account")


class NotificationsForm(FlaskForm):
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

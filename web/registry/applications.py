"""The two public application forms (no login) and the coordinators' queue."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from web.bounds import bounded_int
from web.db import get_session
from web.extensions import limiter
from web.forms import ActionForm
from web.limits import address_key, configured
from web.people.auth import actor
from web.registry.forms import ApplicationForm
from workflow.lifecycle.access import is_staff
from workflow.models import User
from workflow.registry import applications as apps
from workflow.registry.applications import TooManyApplications

bp = Blueprint("applications", __name__, template_folder="templates")

KINDS = ("abroad", "ukrainian")


@bp.route("/apply/<kind>", methods=["GET", "POST"])
@limiter.limit(configured("RATELIMIT_FORMS_ADDRESS"), key_func=address_key, methods=["POST"])
def apply(kind: str) -> Any:
    if kind not in KINDS:
        abort(404)
    form = ApplicationForm()
    if kind == "ukrainian" and not form.country.data:
        form.country.data = "UA"
    status = 200
    if form.validate_on_submit():
        if form.homepage.data:
            # A bot filled the field people never see: say nothing, keep nothing.
            return redirect(url_for("applications.sent"))
        try:
            apps.submit(
                get_session(),
                kind,
                form.values(),
                client=request.remote_addr or "unknown",
                locale=str(get_locale() or "en"),
                confirm_url=lambda token: url_for(
                    "applications.confirm", token=token, _external=True
                ),
            )
        except TooManyApplications as error:
            flash(error.message.translate(_), "error")
            status = 429
        else:
            return redirect(url_for("applications.sent"))
    elif form.is_submitted():
        status = 422
    return render_template("applications/apply.html", form=form, kind=kind), status


@bp.get("/apply/sent")
def sent() -> str:
    return render_template("applications/sent.html")


@bp.get("/apply/confirm/<token>")
@limiter.limit(configured("RATELIMIT_FORMS_ADDRESS"), key_func=address_key)
def confirm(token: str) -> Any:
    application = apps.confirm(get_session(), token)
    if application is None:
        abort(404)
    return render_template("applications/confirmed.html")


@bp.get("/applications")
def queue() -> str:
    if not is_staff(actor()):
        abort(403)
    session = get_session()
    waiting = apps.queue(session)
    return render_template(
        "applications/queue.html",
        waiting=[(a, apps.likely_duplicates(session, a)) for a in waiting],
        form=ActionForm(),
    )


def _deciding_coordinator() -> User:
    """The coordinator pressing a decision's button (403 for anyone else)."""
    user = actor()
    if not is_staff(user):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    return user


@bp.post("/applications/<int:application_id>/approve")
def approve(application_id: int) -> Response:
    user = _deciding_coordinator()
    merge = bounded_int(request.form.get("merge_into"))
    org = apps.approve(get_session(), user, application_id, merge_into=merge)
    if merge:
        flash(_("The application has been merged into %(library)s.", library=org.name), "success")
    else:
        flash(_("The library %(library)s has been added.", library=org.name), "success")
    return redirect(url_for("libraries.show", organisation_id=org.id))


@bp.post("/applications/<int:application_id>/reject")
def reject(application_id: int) -> Response:
    user = _deciding_coordinator()
    apps.reject(get_session(), user, application_id)
    flash(_("The application has been rejected."), "success")
    return redirect(url_for("applications.queue"))

"""A partnership: its page, its moves and its documents.

Every view of a partnership (here and in each step's package) loads it with
``get_partnership`` first (404 when the viewer may not see it), validates the
form, calls one service function (which commits), flashes the outcome and
redirects ``back`` to the page; a form that needs correcting is shown again
with ``invalid``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select

import states
from states.base import TRIGGER_TITLES
from web.db import get_session
from web.forms import choices
from web.i18n import translate
from web.lifecycle import page as pages
from web.lifecycle.forms import MoveForm, NewPartnershipForm
from web.people.auth import actor
from workflow.errors import InvalidInput
from workflow.lifecycle import moves
from workflow.lifecycle.access import is_staff
from workflow.lifecycle.documents import current_document, stamped_document
from workflow.lifecycle.loading import load_partnership
from workflow.lifecycle.moves import move_options
from workflow.models import Organisation, Partnership, Programme, User
from workflow.selection.partnerships import create_partnership

bp = Blueprint("partnerships", __name__, url_prefix="/partnerships", template_folder="templates")


# --- helpers -----------------------------------------------------------------


def get_partnership(partnership_id: int) -> Partnership:
    """The partnership, if the current user may see it (else NotFound → 404)."""
    return load_partnership(get_session(), partnership_id, actor())


def _render(p: Partnership, overrides: dict[str, FlaskForm] | None = None) -> Any:
    page = pages.build(get_session(), p, actor(), overrides)
    status = 422 if overrides else 200
    return render_template("lifecycle/show.html", page=page, p=p), status


def invalid(p: Partnership, key: str, form: FlaskForm) -> Any:
    """Show the page again with the submitted form, its values and its errors."""
    return _render(p, {key: form})


def refused(p: Partnership, key: str, form: FlaskForm, error: InvalidInput) -> Any:
    """The service refused a value the form let through: show the form again,
    as typed, with the reason (the service rolled its transaction back)."""
    form.form_errors.append(translate(error.message))
    return invalid(p, key, form)


def back(p: Partnership, anchor: str | None = None) -> Response:
    """To the partnership's page, at ``anchor``."""
    return redirect(url_for("partnerships.show", partnership_id=p.id, _anchor=anchor))


# --- pages -------------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
def new() -> Any:
    user = actor()
    if not is_staff(user):
        abort(403)
    session = get_session()
    form = NewPartnershipForm()
    form.programme_id.choices = choices(
        (x.id, x.name) for x in session.scalars(select(Programme).order_by(Programme.name))
    )
    organisations = list(session.scalars(select(Organisation).order_by(Organisation.name)))
    form.lead_organisation_id.choices = choices(
        (o.id, o.name) for o in organisations if o.kind == "library"
    )
    form.partner_organisation_id.choices = choices(
        [("", _("— choose later —"))] + [(o.id, o.name) for o in organisations]
    )
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("lifecycle/new.html", form=form), status
    p = create_partnership(
        session,
        user,
        programme_id=form.programme_id.data,
        kind=form.kind.data,
        title=form.title.data,
        languages=form.languages.data,
        lead_organisation_id=form.lead_organisation_id.data,
        partner_organisation_id=form.partner_organisation_id.data,
        reason=form.reason.data,
    )
    flash(_("The partnership “%(title)s” has been created.", title=p.title), "success")
    return back(p)


@bp.get("/<int:partnership_id>")
def show(partnership_id: int) -> Any:
    return _render(get_partnership(partnership_id))


# --- moves -------------------------------------------------------------------


@bp.post("/<int:partnership_id>/moves/<trigger>")
def move(partnership_id: int, trigger: str) -> Any:
    if trigger not in TRIGGER_TITLES:
        abort(404)
    p = get_partnership(partnership_id)
    user = actor()
    key = f"move-{trigger}"
    form = MoveForm(prefix=key)
    option = next((o for o in move_options(p, user) if o.trigger == trigger), None)
    # A move that is not offered goes to the service anyway, which refuses it
    # with the reason (not allowed, not yours, or what is missing).
    if option is not None and not form.check(option.needs_reason, option.confirm):
        return invalid(p, key, form)
    entry = moves.move(
        get_session(),
        p.id,
        trigger,
        user,
        reason=form.reason.data,
        expected_version=form.version.data,
        confirmed=bool(form.confirm.data),
    )
    step = translate(states.BY_NAME[entry.to_state].title)
    flash(_("The partnership is now at the step “%(step)s”.", step=step), "success")
    return back(p)


# --- documents -----------------------------------------------------------------


@bp.get("/<int:partnership_id>/documents/<kind>.pdf")
def document(partnership_id: int, kind: str) -> Any:
    return document_response(actor(), partnership_id, kind)


def document_response(user: User, partnership_id: int, kind: str) -> Response:
    """The PDF of ``kind``, for the screens and the API alike (404 when not reached)."""
    session = get_session()
    # Served again at the same version: one query, access checked in it.
    stored = stamped_document(session, user, partnership_id, kind)
    if stored is None:
        p = load_partnership(session, partnership_id, user)
        if kind not in {d.kind for d in pages.documents_of(session, p)}:
            abort(404)
        stored, written = current_document(session, p, kind)
        if written:
            # The one place that commits itself: rendering a document is not a
            # use case with its own service, and the PDF must be kept once it
            # was served (it is never rendered twice for the same data).
            session.commit()
    etag = stored.sha256
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(stored.pdf, mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'inline; filename="{kind}-{partnership_id}.pdf"'
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    return response

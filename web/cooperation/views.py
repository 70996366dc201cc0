"""The partnership at work: answering a check-in, evaluating the condition, publishing.

Same pattern as ``web.lifecycle.views``: load (404 when not visible), validate,
call one service, flash, redirect back to the partnership page.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash
from flask_babel import gettext as _

from web.cooperation.forms import CheckInAnswerForm, ConditionForm, PublicForm
from web.db import get_session
from web.lifecycle.views import back, get_partnership, invalid
from web.people.auth import actor
from workflow.cooperation import checkins as coop

bp = Blueprint("cooperation", __name__, url_prefix="/partnerships", template_folder="templates")


@bp.post("/<int:partnership_id>/checkins/<int:checkin_id>")
def answer_checkin(partnership_id: int, checkin_id: int) -> Any:
    p = get_partnership(partnership_id)
    key = f"checkin-{checkin_id}"
    form = CheckInAnswerForm(prefix=key)
    if not form.validate_on_submit():
        return invalid(p, key, form)
    coop.answer_checkin(get_session(), actor(), p.id, checkin_id, answer=form.answer.data or "")
    flash(_("Thank you: your answer to the check-in has been saved."), "success")
    return back(p, "cooperation")


@bp.post("/<int:partnership_id>/condition")
def evaluate_condition(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = ConditionForm(prefix="condition")
    if not form.validate_on_submit():
        return invalid(p, "condition", form)
    coop.evaluate_condition(
        get_session(), actor(), p.id, rating=form.rating.data, notes=form.notes.data or ""
    )
    flash(_("The evaluation of the partnership's condition has been saved."), "success")
    return back(p, "cooperation")


@bp.post("/<int:partnership_id>/public")
def set_public(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = PublicForm(prefix="public")
    if not form.validate_on_submit():
        return invalid(p, "public", form)
    if form.public.data and not (form.story.data or "").strip():
        form.story.errors = [
            *form.story.errors,
            _("Write the partnership's story before publishing it."),
        ]
        return invalid(p, "public", form)
    coop.set_public(
        get_session(), actor(), p.id, public=bool(form.public.data), story=form.story.data or ""
    )
    if form.public.data:
        flash(_("The partnership is shown on the public page."), "success")
    else:
        flash(_("The partnership is not shown on the public page."), "success")
    return back(p, "public")

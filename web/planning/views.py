"""The joint plan's views: activities added, changed, removed; the plan approved."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash
from flask_babel import gettext as _

from states import PLANNING
from web.db import get_session
from web.forms import VersionedActionForm
from web.lifecycle.views import back, get_partnership, invalid
from web.people.auth import actor
from web.planning import page as plan
from web.planning.forms import ActivityForm, ActivityStatusForm
from workflow.planning import activities, approval
from workflow.planning.activities import set_activity_status

bp = Blueprint("planning", __name__, url_prefix="/partnerships", template_folder="templates")


@bp.post("/<int:partnership_id>/activities")
def add_activity(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = plan.prepare(ActivityForm(prefix="activity"), p)
    if not form.validate_on_submit():
        return invalid(p, "activity", form)
    activities.add_activity(get_session(), actor(), p.id, **plan.values(form, p))
    flash(_("The activity has been added to the plan."), "success")
    return back(p, "plan")


@bp.post("/<int:partnership_id>/activities/<int:activity_id>")
def edit_activity(partnership_id: int, activity_id: int) -> Any:
    p = get_partnership(partnership_id)
    key = f"activity-{activity_id}"
    form = plan.prepare(ActivityForm(prefix=key), p)
    if not form.validate_on_submit():
        return invalid(p, key, form)
    activities.edit_activity(get_session(), actor(), p.id, activity_id, **plan.values(form, p))
    if p.status == PLANNING:
        flash(_("The activity has been changed; the plan needs approving again."), "success")
    else:
        flash(_("The activity has been changed."), "success")
    return back(p, f"activity-{activity_id}")


@bp.post("/<int:partnership_id>/activities/<int:activity_id>/remove")
def remove_activity(partnership_id: int, activity_id: int) -> Any:
    p = get_partnership(partnership_id)
    activities.remove_activity(get_session(), actor(), p.id, activity_id)
    flash(_("The activity has been removed from the plan."), "success")
    return back(p, "plan")


@bp.post("/<int:partnership_id>/activities/<int:activity_id>/status")
def activity_status(partnership_id: int, activity_id: int) -> Any:
    p = get_partnership(partnership_id)
    key = f"activity-status-{activity_id}"
    form = ActivityStatusForm(prefix=key)
    if not form.validate_on_submit():
        return invalid(p, key, form)
    set_activity_status(get_session(), actor(), p.id, activity_id, status=form.status.data)
    flash(_("The status of the activity has been saved."), "success")
    return back(p, f"activity-{activity_id}")


@bp.post("/<int:partnership_id>/plan/approve")
def approve_plan(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = VersionedActionForm()
    if not form.validate_on_submit():
        abort(400)
    party = approval.approve_plan(
        get_session(), actor(), p.id, party_id=form.party_id.data, version=form.version.data
    )
    flash(
        _(
            "%(library)s has approved version %(version)s of the plan.",
            library=party.organisation.name,
            version=form.version.data,
        ),
        "success",
    )
    return back(p, "plan")

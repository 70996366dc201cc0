"""The introduction's views: meetings, their attendance and evaluations, the leader."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash
from flask_babel import get_locale
from flask_babel import gettext as _

from states import introduction
from web.db import get_session
from web.forms import ActionForm, choices, zone_choices
from web.i18n import translate
from web.introduction.forms import (
    AttendeeForm,
    BetweenTasksForm,
    LeaderForm,
    MeetingForm,
    TimezoneForm,
)
from web.introduction.page import evaluation_form_class, party_choices
from web.lifecycle.views import back, get_partnership, invalid
from web.people.auth import actor
from workflow.introduction import meetings
from workflow.introduction.leader import choose_leader
from workflow.introduction.meetings import evaluate_meeting, record_meeting, set_between_tasks
from workflow.people.users import set_timezone
from workflow.planning.feeds import meeting_invitation_ics

bp = Blueprint("introduction", __name__, url_prefix="/partnerships", template_folder="templates")


@bp.post("/<int:partnership_id>/meetings/<int:number>")
def meeting(partnership_id: int, number: int) -> Any:
    p = get_partnership(partnership_id)
    if not 1 <= number <= introduction.MAX_MEETINGS:
        abort(404)
    key = f"meeting-{number}"
    form = MeetingForm(prefix=key)
    form.timezone.choices = zone_choices(form.timezone.data)
    form.agenda_done.choices = choices(
        (k, translate(t)) for k, t in introduction.agenda_for(number)
    )
    if not form.validate_on_submit():
        return invalid(p, key, form)
    record_meeting(
        get_session(),
        actor(),
        p.id,
        number=number,
        held_at=form.held_at.data,
        timezone=form.timezone.data,
        place_kind=form.place_kind.data,
        place=form.place.data or "",
        planned_minutes=form.planned_minutes.data,
        invited=form.invited.data,
        agenda_done=form.agenda_done.data or [],
        attendance=form.attendance.data or "",
        minutes=form.minutes.data or "",
    )
    flash(_("Partnership meeting %(number)s has been recorded.", number=number), "success")
    return back(p, "meetings")


@bp.post("/<int:partnership_id>/meetings/<int:number>/attendees")
def add_attendee(partnership_id: int, number: int) -> Any:
    p = get_partnership(partnership_id)
    key = f"attendee-{number}"
    form = AttendeeForm(prefix=key)
    if not form.validate_on_submit():
        return invalid(p, key, form)
    meetings.add_attendee(
        get_session(),
        actor(),
        p.id,
        number=number,
        name=form.name.data or "",
        organisation=form.organisation.data or "",
        sector=form.sector.data,
        decision_maker=bool(form.decision_maker.data),
    )
    flash(_("%(name)s has been added to the attendance.", name=form.name.data), "success")
    return back(p, f"meeting-{number}")


@bp.post("/<int:partnership_id>/meetings/<int:number>/attendees/<int:attendee_id>/remove")
def remove_attendee(partnership_id: int, number: int, attendee_id: int) -> Any:
    p = get_partnership(partnership_id)
    if ActionForm(prefix=f"remove-attendee-{number}").validate_on_submit():
        meetings.remove_attendee(
            get_session(), actor(), p.id, number=number, attendee_id=attendee_id
        )
        flash(_("The participant has been removed from the attendance."), "success")
    return back(p, f"meeting-{number}")


@bp.post("/<int:partnership_id>/between")
def between(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = BetweenTasksForm(prefix="between")
    form.done.choices = choices((k, translate(t)) for k, t in introduction.BETWEEN_TASKS)
    if not form.validate_on_submit():
        return invalid(p, "between", form)
    set_between_tasks(get_session(), actor(), p.id, done=form.done.data or [])
    flash(_("The tasks between the meetings have been saved."), "success")
    return back(p, "between")


@bp.post("/<int:partnership_id>/timezone")
def timezone(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = TimezoneForm(prefix="timezone")
    form.timezone.choices = zone_choices(form.timezone.data)
    if not form.validate_on_submit():
        return invalid(p, "timezone", form)
    set_timezone(get_session(), actor().id, form.timezone.data or "")
    flash(_("Times are now shown in %(zone)s.", zone=form.timezone.data), "success")
    return back(p, "meetings")


@bp.get("/<int:partnership_id>/meetings/<int:number>.ics")
def meeting_invitation(partnership_id: int, number: int) -> Response:
    p = get_partnership(partnership_id)
    meeting = p.meeting(number)
    if meeting is None:
        abort(404)
    body = meeting_invitation_ics(meeting, p, str(get_locale() or "en"))
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="meeting-{p.id}-{number}.ics"'},
    )


@bp.post("/<int:partnership_id>/meetings/<int:number>/evaluation")
def evaluation(partnership_id: int, number: int) -> Any:
    p = get_partnership(partnership_id)
    if not 1 <= number <= introduction.MAX_MEETINGS:
        abort(404)
    key = f"evaluation-{number}"
    form = evaluation_form_class(p)(prefix=key)
    if not form.validate_on_submit():
        return invalid(p, key, form)
    evaluate_meeting(
        get_session(),
        actor(),
        p.id,
        number=number,
        evaluation=form.evaluation.data or "",
        to_change=form.to_change.data or "",
        next_steps=form.next_steps.data or "",
        engagement=form.engagement(),
    )
    flash(
        _("The evaluation of partnership meeting %(number)s has been saved.", number=number),
        "success",
    )
    return back(p, "meetings")


@bp.post("/<int:partnership_id>/leader")
def leader(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = LeaderForm(prefix="leader")
    form.party_id.choices = party_choices(p)
    if not form.validate_on_submit():
        return invalid(p, "leader", form)
    choose_leader(
        get_session(),
        actor(),
        p.id,
        party_id=form.party_id.data,
        rules=form.rules.data or "",
        areas=form.areas.data or [],
        tasks=form.tasks.data or "",
    )
    flash(_("The leader and the rules of cooperation have been saved."), "success")
    return back(p, "leader")

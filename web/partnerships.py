"""A partnership: its page, the forms of its steps, its moves and documents.

Every view loads the partnership for the current user first (404 when they
may not see it), validates the form, calls one service function (which
commits), flashes the outcome and redirects.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select

import states
from states import introduction
from states.base import TRIGGER_TITLES
from web import campaign as campaign_forms
from web import page as pages
from web import plan
from web.auth import actor
from web.db import get_session
from web.forms import (
    ActionForm,
    ActivityForm,
    ActivityStatusForm,
    AddPartyForm,
    AttendeeForm,
    BetweenTasksForm,
    CampaignForm,
    ContactForm,
    ContactPersonForm,
    LeaderForm,
    MeetingForm,
    MoveForm,
    NewPartnershipForm,
    PublicationForm,
    PublishedForm,
    TimezoneForm,
    VersionedActionForm,
    choices,
)
from web.i18n import translate
from workflow import services as sv
from workflow.errors import InvalidInput
from workflow.lifecycle.access import is_staff
from workflow.lifecycle.documents import current_document, stamped_document
from workflow.models import Organisation, Partnership, Programme, User
from workflow.people.users import set_timezone
from workflow.planning.feeds import meeting_invitation_ics

bp = Blueprint("partnerships", __name__, url_prefix="/partnerships")


# --- helpers -----------------------------------------------------------------


def _load(partnership_id: int) -> Partnership:
    """The partnership, if the current user may see it (else NotFound → 404)."""
    return sv.load_partnership(get_session(), partnership_id, actor())


def _render(p: Partnership, overrides: dict[str, FlaskForm] | None = None) -> Any:
    page = pages.build(get_session(), p, actor(), overrides)
    status = 422 if overrides else 200
    return render_template("partnerships/show.html", page=page, p=p), status


def _invalid(p: Partnership, key: str, form: FlaskForm) -> Any:
    """Show the page again with the submitted form, its values and its errors."""
    return _render(p, {key: form})


def _back(p: Partnership, anchor: str | None = None) -> Response:
    return redirect(url_for("partnerships.show", partnership_id=p.id, _anchor=anchor))


def _party_name(p: Partnership, party_id: int | None) -> str:
    party = next((x for x in p.parties if x.id == party_id), None)
    return party.organisation.name if party else ""


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
        return render_template("partnerships/new.html", form=form), status
    p = sv.create_partnership(
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
    return _back(p)


@bp.get("/<int:partnership_id>")
def show(partnership_id: int) -> Any:
    return _render(_load(partnership_id))


# --- moves -------------------------------------------------------------------


@bp.post("/<int:partnership_id>/moves/<trigger>")
def move(partnership_id: int, trigger: str) -> Any:
    if trigger not in TRIGGER_TITLES:
        abort(404)
    p = _load(partnership_id)
    user = actor()
    key = f"move-{trigger}"
    form = MoveForm(prefix=key)
    option = next((o for o in sv.move_options(p, user) if o.trigger == trigger), None)
    # A move that is not offered goes to the service anyway, which refuses it
    # with the reason (not allowed, not yours, or what is missing).
    if option is not None and not form.check(option.needs_reason, option.confirm):
        return _invalid(p, key, form)
    entry = sv.move(
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
    return _back(p)


# --- selection -----------------------------------------------------------------


@bp.post("/<int:partnership_id>/parties")
def add_party(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = AddPartyForm(prefix="add-party")
    form.organisation_id.choices = choices(
        (o.id, o.name) for o in get_session().scalars(select(Organisation))
    )
    if not form.validate_on_submit():
        return _invalid(p, "add-party", form)
    party = sv.add_party(get_session(), actor(), p.id, form.organisation_id.data, form.sector.data)
    flash(_("%(library)s has joined the partnership.", library=party.organisation.name), "success")
    return _back(p, "parties")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/remove")
def remove_party(partnership_id: int, party_id: int) -> Any:
    p = _load(partnership_id)
    name = _party_name(p, party_id)
    sv.remove_party(get_session(), actor(), p.id, party_id)
    flash(_("%(library)s has left the partnership.", library=name), "success")
    return _back(p, "parties")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/contact")
def contact(partnership_id: int, party_id: int) -> Any:
    p = _load(partnership_id)
    key = f"contact-{party_id}"
    form = ContactForm(prefix=key)
    form.timezone.choices = pages.optional_zone_choices(form.timezone.data)
    if not form.validate_on_submit():
        return _invalid(p, key, form)
    party = sv.set_contact(
        get_session(),
        actor(),
        p.id,
        party_id,
        **form.contact(),
        signatory_name=form.signatory_name.data or "",
        signatory_role=form.signatory_role.data or "",
    )
    flash(
        _("The contact person of %(library)s has been saved.", library=party.organisation.name),
        "success",
    )
    return _back(p, "parties")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/contacts")
def add_contact(partnership_id: int, party_id: int) -> Any:
    p = _load(partnership_id)
    key = f"add-contact-{party_id}"
    form = ContactPersonForm(prefix=key)
    form.timezone.choices = pages.optional_zone_choices(form.timezone.data)
    if not form.validate_on_submit():
        return _invalid(p, key, form)
    sv.add_contact_person(get_session(), actor(), p.id, party_id, **form.contact())
    flash(_("%(name)s has been added as a contact person.", name=form.name.data), "success")
    return _back(p, f"party-{party_id}")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/contacts/<int:contact_id>/remove")
def remove_contact(partnership_id: int, party_id: int, contact_id: int) -> Any:
    p = _load(partnership_id)
    if ActionForm(prefix=f"remove-contact-{party_id}").validate_on_submit():
        sv.remove_contact_person(get_session(), actor(), p.id, party_id, contact_id)
        flash(_("The contact person has been removed."), "success")
    return _back(p, f"party-{party_id}")


@bp.post("/<int:partnership_id>/parties/<int:party_id>/accept")
def accept(partnership_id: int, party_id: int) -> Any:
    p = _load(partnership_id)
    if ActionForm(prefix=f"accept-{party_id}").validate_on_submit():
        sv.accept_partnership(
            get_session(), actor(), p.id, party_id, base_url=request.url_root.rstrip("/")
        )
        flash(_("You have accepted the partnership; your consent is recorded."), "success")
    return _back(p, f"party-{party_id}")


# --- introduction --------------------------------------------------------------


@bp.post("/<int:partnership_id>/meetings/<int:number>")
def meeting(partnership_id: int, number: int) -> Any:
    p = _load(partnership_id)
    if not 1 <= number <= introduction.MAX_MEETINGS:
        abort(404)
    key = f"meeting-{number}"
    form = MeetingForm(prefix=key)
    form.timezone.choices = pages.zone_choices(form.timezone.data)
    form.agenda_done.choices = choices(
        (k, translate(t)) for k, t in introduction.agenda_for(number)
    )
    if not form.validate_on_submit():
        return _invalid(p, key, form)
    sv.record_meeting(
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
    return _back(p, "meetings")


@bp.post("/<int:partnership_id>/meetings/<int:number>/attendees")
def add_attendee(partnership_id: int, number: int) -> Any:
    p = _load(partnership_id)
    key = f"attendee-{number}"
    form = AttendeeForm(prefix=key)
    if not form.validate_on_submit():
        return _invalid(p, key, form)
    sv.add_attendee(
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
    return _back(p, f"meeting-{number}")


@bp.post("/<int:partnership_id>/meetings/<int:number>/attendees/<int:attendee_id>/remove")
def remove_attendee(partnership_id: int, number: int, attendee_id: int) -> Any:
    p = _load(partnership_id)
    if ActionForm(prefix=f"remove-attendee-{number}").validate_on_submit():
        sv.remove_attendee(get_session(), actor(), p.id, number=number, attendee_id=attendee_id)
        flash(_("The participant has been removed from the attendance."), "success")
    return _back(p, f"meeting-{number}")


@bp.post("/<int:partnership_id>/between")
def between(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = BetweenTasksForm(prefix="between")
    form.done.choices = choices((k, translate(t)) for k, t in introduction.BETWEEN_TASKS)
    if not form.validate_on_submit():
        return _invalid(p, "between", form)
    sv.set_between_tasks(get_session(), actor(), p.id, done=form.done.data or [])
    flash(_("The tasks between the meetings have been saved."), "success")
    return _back(p, "between")


@bp.post("/<int:partnership_id>/timezone")
def timezone(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = TimezoneForm(prefix="timezone")
    form.timezone.choices = pages.zone_choices(form.timezone.data)
    if not form.validate_on_submit():
        return _invalid(p, "timezone", form)
    set_timezone(get_session(), actor().id, form.timezone.data or "")
    flash(_("Times are now shown in %(zone)s.", zone=form.timezone.data), "success")
    return _back(p, "meetings")


@bp.get("/<int:partnership_id>/meetings/<int:number>.ics")
def meeting_invitation(partnership_id: int, number: int) -> Response:
    p = _load(partnership_id)
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
    p = _load(partnership_id)
    if not 1 <= number <= introduction.MAX_MEETINGS:
        abort(404)
    key = f"evaluation-{number}"
    form = pages.evaluation_form_class(p)(prefix=key)
    if not form.validate_on_submit():
        return _invalid(p, key, form)
    sv.evaluate_meeting(
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
    return _back(p, "meetings")


@bp.post("/<int:partnership_id>/leader")
def leader(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = LeaderForm(prefix="leader")
    form.party_id.choices = pages.party_choices(p)
    if not form.validate_on_submit():
        return _invalid(p, "leader", form)
    sv.choose_leader(
        get_session(),
        actor(),
        p.id,
        party_id=form.party_id.data,
        rules=form.rules.data or "",
        areas=form.areas.data or [],
        tasks=form.tasks.data or "",
    )
    flash(_("The leader and the rules of cooperation have been saved."), "success")
    return _back(p, "leader")


# --- memorandum ----------------------------------------------------------------


@bp.post("/<int:partnership_id>/memorandum")
def generate_memorandum(partnership_id: int) -> Any:
    p = _load(partnership_id)
    version = sv.generate_memorandum(get_session(), actor(), p.id)
    flash(_("Version %(version)s of the memorandum is ready.", version=version), "success")
    return _back(p, "parties")


@bp.post("/<int:partnership_id>/memorandum/sign")
def sign_memorandum(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = VersionedActionForm()
    if not form.validate_on_submit():
        abort(400)
    sv.sign_memorandum(
        get_session(), actor(), p.id, party_id=form.party_id.data, version=form.version.data
    )
    flash(
        _("You have signed version %(version)s of the memorandum.", version=form.version.data),
        "success",
    )
    return _back(p, "parties")


# --- planning ------------------------------------------------------------------


@bp.post("/<int:partnership_id>/activities")
def add_activity(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = plan.prepare(ActivityForm(prefix="activity"), p)
    if not form.validate_on_submit():
        return _invalid(p, "activity", form)
    sv.add_activity(get_session(), actor(), p.id, **plan.values(form, p))
    flash(_("The activity has been added to the plan."), "success")
    return _back(p, "plan")


@bp.post("/<int:partnership_id>/activities/<int:activity_id>")
def edit_activity(partnership_id: int, activity_id: int) -> Any:
    p = _load(partnership_id)
    key = f"activity-{activity_id}"
    form = plan.prepare(ActivityForm(prefix=key), p)
    if not form.validate_on_submit():
        return _invalid(p, key, form)
    sv.edit_activity(get_session(), actor(), p.id, activity_id, **plan.values(form, p))
    if p.status == "planning":
        flash(_("The activity has been changed; the plan needs approving again."), "success")
    else:
        flash(_("The activity has been changed."), "success")
    return _back(p, f"activity-{activity_id}")


@bp.post("/<int:partnership_id>/activities/<int:activity_id>/remove")
def remove_activity(partnership_id: int, activity_id: int) -> Any:
    p = _load(partnership_id)
    sv.remove_activity(get_session(), actor(), p.id, activity_id)
    flash(_("The activity has been removed from the plan."), "success")
    return _back(p, "plan")


@bp.post("/<int:partnership_id>/activities/<int:activity_id>/status")
def activity_status(partnership_id: int, activity_id: int) -> Any:
    p = _load(partnership_id)
    key = f"activity-status-{activity_id}"
    form = ActivityStatusForm(prefix=key)
    if not form.validate_on_submit():
        return _invalid(p, key, form)
    sv.set_activity_status(get_session(), actor(), p.id, activity_id, status=form.status.data)
    flash(_("The status of the activity has been saved."), "success")
    return _back(p, f"activity-{activity_id}")


@bp.post("/<int:partnership_id>/plan/approve")
def approve_plan(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = VersionedActionForm()
    if not form.validate_on_submit():
        abort(400)
    party = sv.approve_plan(
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
    return _back(p, "plan")


# --- campaign ------------------------------------------------------------------


def _refused(p: Partnership, key: str, form: FlaskForm, error: InvalidInput) -> Any:
    """The service refused a value the form let through: show the form again,
    as typed, with the reason (the service rolled its transaction back)."""
    form.form_errors.append(translate(error.message))
    return _invalid(p, key, form)


@bp.post("/<int:partnership_id>/campaign")
def campaign(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = campaign_forms.prepare_campaign(CampaignForm(prefix="campaign"), p)
    if not form.validate_on_submit():
        return _invalid(p, "campaign", form)
    try:
        sv.set_campaign(get_session(), actor(), p.id, **campaign_forms.campaign_values(form, p))
    except InvalidInput as error:
        return _refused(p, "campaign", form, error)
    flash(_("The audience and the key messages have been saved."), "success")
    return _back(p, "campaign")


@bp.post("/<int:partnership_id>/publications")
def add_publication(partnership_id: int) -> Any:
    p = _load(partnership_id)
    form = campaign_forms.prepare_publication(
        PublicationForm(prefix="publication"), p, campaign_forms.viewer_language(p)
    )
    if not form.validate_on_submit():
        return _invalid(p, "publication", form)
    try:
        sv.add_publication(get_session(), actor(), p.id, **campaign_forms.publication_values(form))
    except InvalidInput as error:
        return _refused(p, "publication", form, error)
    flash(_("The publication has been added to the campaign."), "success")
    return _back(p, "campaign")


@bp.post("/<int:partnership_id>/publications/<int:publication_id>/published")
def mark_published(partnership_id: int, publication_id: int) -> Any:
    p = _load(partnership_id)
    key = f"published-{publication_id}"
    form = PublishedForm(prefix=key)
    if not form.validate_on_submit():
        return _invalid(p, key, form)
    try:
        sv.mark_published(
            get_session(),
            actor(),
            p.id,
            publication_id=publication_id,
            published_on=form.published_on.data,
            url=form.url.data or "",
            reach=form.reach.data,
        )
    except InvalidInput as error:
        return _refused(p, key, form, error)
    flash(_("The publication is marked as published."), "success")
    return _back(p, "campaign")


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
        p = sv.load_partnership(session, partnership_id, user)
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

"""Animator hours: the budgets, logging and correcting entries, extensions,
the timesheet PDF and the CSV export.

Animators see the libraries assigned to them; coordinators see every library
and grant extensions; library representatives have nothing here (404).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import select

from documents.render import render_pdf
from states import ANIMATOR
from web.bounds import bounded_int
from web.db import get_session
from web.forms import ActionForm, choices
from web.hours.forms import AssignmentForm, ExtensionForm, HoursForm, ProgrammeHoursForm
from web.i18n import translate
from web.labels import HOURS_KIND_TITLES
from web.people.auth import actor
from workflow.errors import DomainError, InvalidInput
from workflow.hours import entries as hours
from workflow.lifecycle.access import is_staff
from workflow.models import (
    HOURS_KINDS,
    AnimatorAssignment,
    HoursEntry,
    Organisation,
    Partnership,
    Party,
    Programme,
    User,
    utcnow,
)

bp = Blueprint("hours", __name__, url_prefix="/hours", template_folder="templates")

#: Entries shown on the page (the timesheet and the CSV have them all).
RECENT = 100


@dataclass
class LibraryBudget:
    programme: Programme
    library: Organisation
    animators: list[User]
    budget: hours.Budget
    extension_form: ExtensionForm | None
    extensions: list[Any]


def _staff() -> User:
    """Coordinators' forms: anyone else is refused before the form is read."""
    user = _user()
    if not is_staff(user):
        abort(403)
    return user


def _user() -> User:
    user = actor()
    if not (is_staff(user) or user.role == ANIMATOR):
        abort(404)
    return user


def _budgets(user: User, overrides: dict[str, FlaskForm]) -> list[LibraryBudget]:
    session = get_session()
    grouped: OrderedDict[tuple[int, int], list[AnimatorAssignment]] = OrderedDict()
    for a in hours.assignments(session, user):
        grouped.setdefault((a.programme_id, a.organisation_id), []).append(a)
    rows = []
    for (programme_id, organisation_id), found in grouped.items():
        form = None
        if is_staff(user):
            key = f"extend-{programme_id}-{organisation_id}"
            form = overrides.get(key) or ExtensionForm(
                formdata=None,
                prefix=key,
                programme_id=programme_id,
                organisation_id=organisation_id,
            )
        rows.append(
            LibraryBudget(
                programme=found[0].programme,
                library=found[0].organisation,
                animators=[a.animator for a in found],
                budget=hours.budget(session, programme_id, organisation_id),
                extension_form=form,
                extensions=hours.extensions(session, programme_id, organisation_id),
            )
        )
    return rows


def _partnership_choices(user: User) -> list[Any]:
    """Partnerships led by a library assigned to the animator."""
    session = get_session()
    assigned = select(AnimatorAssignment.organisation_id, AnimatorAssignment.programme_id).where(
        AnimatorAssignment.animator_id == user.id
    )
    pairs = {(o, pr) for o, pr in session.execute(assigned)}
    query = (
        select(Partnership)
        .join(Party, (Party.partnership_id == Partnership.id) & (Party.role == "lead"))
        .where(Party.organisation_id.in_({o for o, _p in pairs}))
        .order_by(Partnership.title)
    )
    found = [
        p
        for p in session.scalars(query)
        if p.lead is not None and (p.lead.organisation_id, p.programme_id) in pairs
    ]
    return choices((p.id, f"{p.title} — {p.lead.organisation.name}") for p in found)  # type: ignore[union-attr]


def _hours_form(user: User, form: HoursForm | None = None, **data: Any) -> HoursForm:
    form = form or HoursForm(formdata=None, prefix="log", **data)
    form.partnership_id.choices = _partnership_choices(user)
    form.kind.choices = choices((k, HOURS_KIND_TITLES[k]) for k in HOURS_KINDS)
    return form


def _assignment_form(form: AssignmentForm | None = None) -> AssignmentForm:
    session = get_session()
    form = form or AssignmentForm(formdata=None, prefix="assign")
    form.programme_id.choices = choices(
        (x.id, x.name) for x in session.scalars(select(Programme).order_by(Programme.name))
    )
    form.animator_id.choices = choices(
        (u.id, u.name)
        for u in session.scalars(select(User).where(User.role == ANIMATOR).order_by(User.name))
    )
    leads = select(Party.organisation_id).where(Party.role == "lead")
    form.organisation_id.choices = choices(
        (o.id, o.name)
        for o in session.scalars(
            select(Organisation).where(Organisation.id.in_(leads)).order_by(Organisation.name)
        )
    )
    return form


def _page(user: User, overrides: dict[str, FlaskForm] | None = None) -> Any:
    overrides = overrides or {}
    session = get_session()
    today = utcnow().date()
    recent = hours.entries(session, user)[-RECENT:][::-1]
    log_form = None
    if user.role == ANIMATOR:
        log_form = _hours_form(user, overrides.get("log"), worked_on=today)  # type: ignore[arg-type]
    page = render_template(
        "hours/index.html",
        budgets=_budgets(user, overrides),
        log_form=log_form,
        assign_form=_assignment_form(overrides.get("assign")) if is_staff(user) else None,  # type: ignore[arg-type]
        programmes=_programme_forms(overrides) if is_staff(user) else [],
        entries=recent,
        editable={e.id for e in recent if hours.can_edit(e, user, today)},
        delete_form=ActionForm(formdata=None),
        month=today.strftime("%Y-%m"),
        kind_titles=HOURS_KIND_TITLES,
        hours_text=hours.hours_text,
        me=user,
    )
    return page, 422 if overrides else 200


def _programme_forms(overrides: dict[str, FlaskForm]) -> list[tuple[Programme, FlaskForm]]:
    """Each programme's default budget and edit window, for coordinators."""
    found = []
    for programme in get_session().scalars(select(Programme).order_by(Programme.name)):
        key = f"programme-{programme.id}"
        form = overrides.get(key) or ProgrammeHoursForm(
            formdata=None,
            prefix=key,
            budget_hours=programme.animator_budget_minutes // 60,
            edit_days=programme.hours_edit_days,
        )
        found.append((programme, form))
    return found


def _refused(form: FlaskForm, error: DomainError) -> None:
    """Show a refusal next to the form, keeping what was typed."""
    form.form_errors.append(translate(error.message))


@bp.get("/")
def index() -> Any:
    return _page(_user())


@bp.post("/log")
def log() -> Any:
    user = _user()
    form = _hours_form(user, HoursForm(prefix="log"))
    if not form.validate_on_submit():
        return _page(user, {"log": form})
    try:
        entry = hours.log_hours(get_session(), user, **form.entry())
    except DomainError as error:
        _refused(form, error)
        return _page(user, {"log": form})
    b = hours.budget(get_session(), entry.programme_id, entry.organisation_id)
    flash(
        _(
            "Logged %(entry)s. %(left)s of %(total)s are left.",
            entry=translate(hours.hours_text(entry.minutes)),
            left=translate(b.left),
            total=translate(b.total),
        ),
        "success",
    )
    if b.warning:
        flash(_("Three quarters of this library's support budget are used."), "warning")
    return redirect(url_for("hours.index"))


@bp.route("/entries/<int:entry_id>", methods=["GET", "POST"])
def edit(entry_id: int) -> Any:
    user = _user()
    session = get_session()
    entry = session.get(HoursEntry, entry_id)
    if entry is None or entry.animator_id != user.id:
        abort(404)
    if request.method == "GET":
        form = _hours_form(
            user,
            HoursForm(
                formdata=None,
                prefix="log",
                partnership_id=entry.partnership_id,
                worked_on=entry.worked_on,
                minutes=entry.minutes,
                kind=entry.kind,
                note=entry.note,
            ),
        )
        return render_template("hours/edit.html", form=form, entry=entry)
    form = _hours_form(user, HoursForm(prefix="log"))
    if form.validate_on_submit():
        try:
            hours.edit_hours(session, user, entry_id, **form.entry())
        except DomainError as error:
            _refused(form, error)
        else:
            flash(_("The entry has been changed."), "success")
            return redirect(url_for("hours.index"))
    return render_template("hours/edit.html", form=form, entry=entry), 422


@bp.post("/entries/<int:entry_id>/delete")
def delete(entry_id: int) -> Any:
    user = _user()
    if ActionForm().validate_on_submit():
        hours.delete_hours(get_session(), user, entry_id)
        flash(_("The entry has been deleted."), "success")
    return redirect(url_for("hours.index"))


@bp.post("/assign")
def assign() -> Any:
    user = _staff()
    form = _assignment_form(AssignmentForm(prefix="assign"))
    if not form.validate_on_submit():
        return _page(user, {"assign": form})
    try:
        hours.assign_animator(
            get_session(),
            user,
            programme_id=form.programme_id.data,
            animator_id=form.animator_id.data,
            organisation_id=form.organisation_id.data,
        )
    except InvalidInput as error:
        _refused(form, error)
        return _page(user, {"assign": form})
    flash(_("The animator has been assigned."), "success")
    return redirect(url_for("hours.index"))


@bp.post("/extend/<int:programme_id>/<int:organisation_id>")
def extend(programme_id: int, organisation_id: int) -> Any:
    user = _staff()
    key = f"extend-{programme_id}-{organisation_id}"
    form = ExtensionForm(prefix=key)
    if not form.validate_on_submit():
        return _page(user, {key: form})
    hours.grant_extension(
        get_session(),
        user,
        programme_id=programme_id,
        organisation_id=organisation_id,
        minutes=form.hours.data * 60,
        reason=form.reason.data,
    )
    flash(_("The extension has been granted and recorded."), "success")
    return redirect(url_for("hours.index"))


@bp.post("/programmes/<int:programme_id>")
def programme_hours(programme_id: int) -> Any:
    user = _staff()
    key = f"programme-{programme_id}"
    form = ProgrammeHoursForm(prefix=key)
    if not form.validate_on_submit():
        return _page(user, {key: form})
    hours.set_programme_hours(
        get_session(),
        user,
        programme_id,
        budget_minutes=form.budget_hours.data * 60,
        edit_days=form.edit_days.data,
    )
    flash(_("The programme's support budget and edit window have been saved."), "success")
    return redirect(url_for("hours.index"))


def _month() -> str:
    month = request.args.get("month") or utcnow().strftime("%Y-%m")
    try:
        hours.month_range(month)
    except InvalidInput as exc:
        abort(422, description=translate(exc.message))
    return month


def _int_arg(name: str) -> int | None:
    return bounded_int(request.args.get(name))


@bp.get("/timesheet.pdf")
def timesheet() -> Response:
    user = _user()
    month = _month()
    organisation_id = _int_arg("library")
    animator_id = _int_arg("animator")
    context = hours.timesheet_context(
        get_session(),
        user,
        month=month,
        organisation_id=organisation_id,
        programme_id=_int_arg("programme"),
        animator_id=animator_id,
    )
    who = f"library-{organisation_id}" if organisation_id else f"animator-{animator_id}"
    return Response(
        render_pdf("timesheet", context),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="timesheet-{who}-{month}.pdf"'},
    )


@bp.get("/hours.csv")
def export() -> Response:
    user = _user()
    month = request.args.get("month") or None
    if month:
        month = _month()
    rows = hours.entries(
        get_session(),
        user,
        organisation_id=_int_arg("library"),
        programme_id=_int_arg("programme"),
        animator_id=_int_arg("animator"),
        month=month,
    )
    return Response(
        hours.entries_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="hours-{month or "all"}.csv"'},
    )

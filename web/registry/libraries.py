"""The library registry: list, profile (view, edit, history), import, export, matching.

Coordinators see and keep every library, import registers and match; a
librarian sees and keeps only their own library's profile (404 for others).
"""

from __future__ import annotations

import io
import json
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from web.db import get_session
from web.forms import choices
from web.labels import LIBRARY_STATUS_TITLES, LIBRARY_TYPE_TITLES, SUBJECT_TITLES
from web.people.auth import actor
from web.registry.forms import ChooseForm, ImportForm, MatchFilterForm, ProfileForm
from web.uploads import limited
from workflow.lifecycle.access import is_staff
from workflow.models import Organisation, Programme
from workflow.registry import libraries as registry
from workflow.registry.importer import ImportFailed, export_registry, import_register, load_mapping
from workflow.selection.matching import FACTOR_TITLES, Candidate, Filters, match
from workflow.selection.partnerships import create_partnership

bp = Blueprint("libraries", __name__, url_prefix="/libraries", template_folder="templates")

PAGE = 50
EXAMPLE_MAPPING = """[source]
country = "PL"
missing = ["b.d.", "-", ""]

[columns]
external_id = "ID"
name = "NAME"
city = "CITY"
population = "POPULATION"
type = "TYPE"
"""


def _staff() -> None:
    if not is_staff(actor()):
        abort(403)


@bp.get("/")
def index() -> Any:
    user = actor()
    if not is_staff(user):
        if user.organisation_id is None:
            abort(403)
        return redirect(url_for("libraries.show", organisation_id=user.organisation_id))
    session = get_session()
    q = request.args.get("q", "").strip()
    query = select(Organisation).where(Organisation.kind == "library")
    if q:
        like = f"%{q}%"
        query = query.where(
            or_(
                Organisation.name.ilike(like),
                Organisation.name_latin.ilike(like),
                Organisation.city.ilike(like),
                Organisation.external_id == q,
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    libraries = session.scalars(query.order_by(Organisation.name).limit(PAGE)).all()
    return render_template(
        "libraries/index.html", libraries=libraries, q=q, total=total, page_size=PAGE
    )


@bp.get("/<int:organisation_id>")
def show(organisation_id: int) -> Any:
    user = actor()
    session = get_session()
    org = registry.load_library(session, user, organisation_id)
    return render_template(
        "libraries/show.html",
        org=org,
        history=registry.history(session, user, org.id),
        can_edit=registry.can_edit(user, org.id),
        contacts=registry.can_see_contacts(user, org.id),
        can_match=is_staff(user),
        type_titles=LIBRARY_TYPE_TITLES,
        status_titles=LIBRARY_STATUS_TITLES,
        subject_titles=SUBJECT_TITLES,
    )


@bp.route("/<int:organisation_id>/edit", methods=["GET", "POST"])
def edit(organisation_id: int) -> Any:
    user = actor()
    session = get_session()
    org = registry.load_library(session, user, organisation_id)
    if not registry.can_edit(user, org.id):
        abort(403)
    form = ProfileForm(obj=org) if request.method == "GET" else ProfileForm()
    if request.method == "GET":
        form.subjects.data = Organisation.codes(org.subjects)
        form.directions_sought.data = Organisation.codes(org.directions_sought)
        form.directions_offered.data = Organisation.codes(org.directions_offered)
        form.library_type.data = org.library_type or ""
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("libraries/edit.html", form=form, org=org), status
    changed = registry.edit_library(session, user, org.id, form.values())
    flash(_("The profile has been saved.") if changed else _("Nothing was changed."), "success")
    return redirect(url_for("libraries.show", organisation_id=org.id))


@bp.route("/import", methods=["GET", "POST"])
@limited("IMPORT_MAX_CONTENT_LENGTH")
def import_page() -> Any:
    _staff()
    form = ImportForm()
    if request.method == "GET":
        form.mapping.data = EXAMPLE_MAPPING
    report = error = None
    if form.validate_on_submit():
        session = get_session()
        try:
            mapping = load_mapping(form.mapping.data)
            report = import_register(
                session,
                form.file.data.read(),
                mapping,
                actor_id=actor().id,
                dry_run=form.dry_run.data,
            )
        except ImportFailed as exc:
            error = exc.message
    status = 422 if form.is_submitted() and (form.errors or error) else 200
    return render_template("libraries/import.html", form=form, report=report, error=error), status


@bp.get("/export.csv")
def export() -> Response:
    _staff()
    out = io.StringIO()
    export_registry(get_session(), out)
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=libraries.csv"},
    )


def _filters(form: MatchFilterForm) -> Filters:
    return Filters(
        countries=(form.country.data.upper(),) if form.country.data else (),
        types=(form.library_type.data,) if form.library_type.data else (),
        languages=(form.language.data.lower(),) if form.language.data else (),
        statuses=(form.status.data,) if form.status.data else (),
        without_partner=bool(form.without_partner.data),
    )


def _shortlist(found: list[Candidate], chosen: int) -> list[dict[str, Any]]:
    """Plain data for the partner selection report."""
    return [
        {
            "name": c.name_latin or c.name if c.country != "UA" else c.name,
            "country": c.country,
            "score": round(c.score, 2),
            "chosen": c.id == chosen,
            "factors": [
                {
                    "factor": f.factor,
                    "points": round(f.points, 2),
                    "msgid": f.explanation.msgid,
                    "params": dict(f.explanation.params),
                }
                for f in c.factors
            ],
        }
        for c in found
    ]


@bp.route("/<int:organisation_id>/match", methods=["GET", "POST"])
def match_page(organisation_id: int) -> Any:
    _staff()
    user = actor()
    session = get_session()
    org = registry.load_library(session, user, organisation_id)
    programmes = session.scalars(select(Programme).order_by(Programme.id)).all()
    if not programmes:
        abort(404)
    form = MatchFilterForm(request.args)
    form.programme_id.choices = choices((p.id, p.name) for p in programmes)
    valid = form.validate()
    programme = next((p for p in programmes if p.id == form.programme_id.data), programmes[0])
    filters = _filters(form) if valid else Filters()
    found = match(session, org.id, programme=programme, filters=filters, limit=10)
    choose = ChooseForm()
    status = 200
    if request.method == "POST":
        if choose.validate_on_submit() and choose.languages.data:
            candidate = next((c for c in found if str(c.id) == choose.candidate_id.data), None)
            if candidate is None:
                flash(_("This candidate is no longer available."), "error")
            else:
                p = create_partnership(
                    session,
                    user,
                    programme_id=programme.id,
                    kind="sister",
                    title=f"{org.name_latin or org.name} – "
                    f"{candidate.name_latin or candidate.name}",
                    languages=choose.languages.data,
                    lead_organisation_id=org.id,
                    partner_organisation_id=candidate.id,
                    reason=choose.reason.data,
                    shortlist=_shortlist(found, candidate.id),
                )
                flash(_("The partnership “%(title)s” has been created.", title=p.title), "success")
                return redirect(url_for("partnerships.show", partnership_id=p.id))
        if not choose.languages.data:
            choose.languages.errors = [_("Choose at least one language.")]
        status = 422
    elif not choose.languages.data:
        choose.languages.data = [x for x in ("uk", "en") if x] if org.country == "UA" else ["en"]
    return (
        render_template(
            "libraries/match.html",
            org=org,
            form=form,
            choose=choose,
            found=found,
            factor_titles=FACTOR_TITLES,
            programme=programme,
            filters_json=json.dumps(request.args.to_dict()),
        ),
        status,
    )

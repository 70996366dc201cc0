"""The JSON API under ``/api/v1``: partnerships, libraries, history, documents, moves.

A request carries a personal token (``Authorization: Bearer sl_…``, made on
the "API tokens" page) and acts as the token's user: the same service
functions and the same permission checks as the screens. Errors are RFC 9457
problem details (``application/problem+json``), their text in the language
of ``Accept-Language``. The OpenAPI 3 description is ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, g, jsonify, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException

from states.base import TRIGGER_TITLES
from states.text import lazy_text as _l
from web import page as pages
from web.api_spec import spec
from web.db import get_session
from web.extensions import csrf
from web.i18n import translate
from web.partnerships import document_response
from workflow import services as sv
from workflow.errors import (
    ConfirmationRequired,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    ReasonRequired,
    RequirementsNotMet,
    StaleVersion,
    TransitionNotAllowed,
)
from workflow.lifecycle.access import visible_partnerships
from workflow.models import Organisation, Partnership, User
from workflow.people.api_tokens import user_for_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

PROBLEM = "application/problem+json"
#: The problem types: a stable address per kind of refusal (RFC 9457 §3.1.1).
PROBLEM_TYPES: dict[type[DomainError], tuple[str, int]] = {
    NotFound: ("not-found", 404),
    PermissionDenied: ("forbidden", 403),
    TransitionNotAllowed: ("move-not-allowed", 409),
    ReasonRequired: ("reason-required", 422),
    ConfirmationRequired: ("confirmation-required", 422),
    RequirementsNotMet: ("requirements-not-met", 409),
    StaleVersion: ("stale-version", 409),
    InvalidInput: ("invalid-input", 422),
}
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
#: Endpoints that need no token: the description of the API itself.
OPEN_ENDPOINTS = frozenset({"api.openapi"})


def problem(status: int, kind: str, title: str, detail: str | None = None, **extra: Any) -> Any:
    body: dict[str, Any] = {
        "type": url_for("api.openapi", _external=True) + f"#problem-{kind}",
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def api_actor() -> User:
    user: User = g.api_user
    return user


@bp.before_request
def authenticate() -> Any:
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    user = user_for_token(get_session(), secret.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        return problem(
            401,
            "unauthorized",
            "Unauthorized",
            "Send a working personal token: Authorization: Bearer sl_…",
        )
    g.api_user = user
    return None


@bp.errorhandler(DomainError)
def domain_problem(error: DomainError) -> Any:
    kind, status = next(
        (v for cls, v in PROBLEM_TYPES.items() if isinstance(error, cls)),
        ("refused", 400),
    )
    extra: dict[str, Any] = {}
    if isinstance(error, RequirementsNotMet):
        extra["missing"] = [translate(m) for m in error.missing]
    return problem(status, kind, type(error).__name__, translate(error.message), **extra)


@bp.errorhandler(HTTPException)
def http_problem(error: HTTPException) -> Any:
    status = error.code or 500
    return problem(status, f"http-{status}", error.name, error.description)


# --- what the API returns ------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    """A stored time (naive UTC) as RFC 3339 with its offset."""
    return value.replace(tzinfo=UTC).isoformat() if value is not None else None


def library_json(o: Organisation) -> dict[str, Any]:
    """A library's public profile (never its contacts)."""
    return {
        "id": o.id,
        "name": o.name,
        "name_latin": o.name_latin,
        "kind": o.kind,
        "sector": o.sector,
        "country": o.country,
        "region": o.region,
        "city": o.city,
        "type": o.library_type,
        "population": o.population,
        "status": o.status,
        "works_now_in": o.works_now_in,
        "languages": [x for x in (o.languages or "").split(",") if x],
        "website": o.website,
        "url": url_for("api.library", organisation_id=o.id, _external=True),
    }


def partnership_summary(p: Partnership) -> dict[str, Any]:
    return {
        "id": p.id,
        "title": p.title,
        "kind": p.kind,
        "status": p.status,
        "held_from": p.held_from,
        "version": p.version,
        "programme_id": p.programme_id,
        "languages": p.language_list,
        "step_entered_at": _iso(p.step_entered_at),
        "parties": [
            {
                "id": x.id,
                "organisation_id": x.organisation_id,
                "name": x.organisation.name,
                "role": x.role,
                "sector": x.sector,
            }
            for x in p.parties
        ],
        "url": url_for("api.partnership", partnership_id=p.id, _external=True),
    }


def partnership_detail(p: Partnership, user: User) -> dict[str, Any]:
    documents = pages.documents_of(get_session(), p)
    return {
        **partnership_summary(p),
        "moves": [
            {
                "trigger": o.trigger,
                "title": translate(o.title),
                "to": o.dest,
                "needs_reason": o.needs_reason,
                "needs_confirmation": o.confirm,
                "ready": o.ready,
                "missing": [translate(m) for m in o.missing],
            }
            for o in sv.move_options(p, user)
        ],
        "documents": [
            {
                "kind": d.kind,
                "title": translate(d.title),
                "url": url_for("api.document", partnership_id=p.id, kind=d.kind, _external=True),
            }
            for d in documents
        ],
    }


def _page_args() -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", DEFAULT_LIMIT))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise InvalidInput() from None
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise InvalidInput()
    return limit, offset


# --- routes ------------------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(spec(request.url_root.rstrip("/") + bp.url_prefix))


@bp.get("/partnerships")
def partnerships() -> Any:
    limit, offset = _page_args()
    query = visible_partnerships(api_actor())
    if status := request.args.get("status"):
        query = query.where(Partnership.status == status)
    if kind := request.args.get("kind"):
        query = query.where(Partnership.kind == kind)
    if programme := request.args.get("programme_id", type=int):
        query = query.where(Partnership.programme_id == programme)
    if q := (request.args.get("q") or "").strip():
        query = query.where(Partnership.title.ilike(f"%{q}%"))
    session = get_session()
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(
        query.options(selectinload(Partnership.parties))
        .order_by(Partnership.id)
        .limit(limit)
        .offset(offset)
    )
    return jsonify(
        items=[partnership_summary(p) for p in rows], total=total, limit=limit, offset=offset
    )


@bp.get("/partnerships/<int:partnership_id>")
def partnership(partnership_id: int) -> Any:
    user = api_actor()
    return jsonify(
        partnership_detail(sv.load_partnership(get_session(), partnership_id, user), user)
    )


@bp.get("/partnerships/<int:partnership_id>/history")
def history(partnership_id: int) -> Any:
    session = get_session()
    p = sv.load_partnership(session, partnership_id, api_actor())
    return jsonify(
        items=[
            {
                "id": h.id,
                "at": _iso(h.at),
                "actor": h.actor.name if h.actor else None,
                "trigger": h.trigger,
                "from": h.from_state,
                "to": h.to_state,
                "reason": h.reason,
            }
            for h in sv.history_of(session, p)
        ]
    )


@bp.get("/partnerships/<int:partnership_id>/documents/<kind>")
def document(partnership_id: int, kind: str) -> Response:
    return document_response(api_actor(), partnership_id, kind)


@bp.post("/partnerships/<int:partnership_id>/moves")
def move(partnership_id: int) -> Any:
    """Advance, reopen, hold, resume, withdraw (…): the screen's move, by the same service."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or body.get("trigger") not in TRIGGER_TITLES:
        raise InvalidInput()
    reason = body.get("reason")
    version = body.get("version")
    confirm = body.get("confirm", False)
    if (
        (reason is not None and not isinstance(reason, str))
        or (version is not None and not isinstance(version, int))
        or not isinstance(confirm, bool)
    ):
        raise InvalidInput()
    user = api_actor()
    session = get_session()
    moved = sv.move(
        session,
        partnership_id,
        body["trigger"],
        user,
        reason=reason,
        expected_version=version,
        confirmed=confirm,
    )
    p = sv.load_partnership(session, partnership_id, user)
    return jsonify(
        move={
            "history_id": moved.history_id,
            "trigger": moved.trigger,
            "from": moved.from_state,
            "to": moved.to_state,
            "reason": moved.reason,
        },
        partnership=partnership_detail(p, user),
    )


@bp.get("/libraries")
def libraries() -> Any:
    limit, offset = _page_args()
    query = select(Organisation).where(Organisation.kind == "library")
    if country := (request.args.get("country") or "").strip().upper():
        query = query.where(Organisation.country == country)
    if q := (request.args.get("q") or "").strip():
        query = query.where(Organisation.name.ilike(f"%{q}%"))
    session = get_session()
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(Organisation.id).limit(limit).offset(offset))
    return jsonify(items=[library_json(o) for o in rows], total=total, limit=limit, offset=offset)


@bp.get("/libraries/<int:organisation_id>")
def library(organisation_id: int) -> Any:
    o = get_session().get(Organisation, organisation_id)
    if o is None or o.kind != "library":
        raise NotFound(_l("No such library."))
    return jsonify(library_json(o))

"""The JSON API under ``/api/v1``: partnerships, libraries, history, documents, moves.

A request carries a personal token (``Authorization: Bearer sl_…``, made on
the "API tokens" page) and acts as the token's user: the same service
functions and the same permission checks as the screens. Errors are RFC 9457
problem details (``application/problem+json``), their text in the language
of ``Accept-Language``. The OpenAPI 3 description is ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, g, jsonify, request, url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException

import states
from states.base import TRIGGER_TITLES
from states.text import lazy_text as _l
from web.api.spec import spec
from web.db import get_session
from web.extensions import csrf
from web.i18n import translate
from web.lifecycle import page as pages
from web.lifecycle.views import document_response
from web.problems import problem
from workflow.bounds import MAX_ID, MAX_OFFSET, MAX_STORED_INT
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
from workflow.lifecycle import moves
from workflow.lifecycle.access import visible_partnerships
from workflow.lifecycle.loading import load_partnership
from workflow.lifecycle.moves import history_of, move_options
from workflow.models import KINDS, Organisation, Partnership, User
from workflow.people.api_tokens import user_for_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

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
#: The fields of a move's body.
MOVE_FIELDS = ("trigger", "reason", "version", "confirm")
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
#: Endpoints that need no token: the description of the API itself.
OPEN_ENDPOINTS = frozenset({"api.openapi"})


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
            for o in move_options(p, user)
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


def _int_param(name: str, default: int | None, low: int, high: int) -> int | None:
    """A whole-number query parameter between ``low`` and ``high`` (else 422)."""
    value = request.args.get(name)
    if value is None:
        return default
    # ASCII digits only: "²" is a digit to ``isdigit`` but not to ``int``.
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise InvalidInput(
            _l(
                "%(name)s must be a whole number from %(low)s to %(high)s.",
                name=name,
                low=low,
                high=high,
            )
        )
    return int(value)


def _page_args() -> tuple[int, int]:
    limit = _int_param("limit", DEFAULT_LIMIT, 1, MAX_LIMIT) or DEFAULT_LIMIT
    offset = _int_param("offset", 0, 0, MAX_OFFSET) or 0
    return limit, offset


def _choice_param(name: str, allowed: Iterable[str]) -> str | None:
    """A query parameter that names one of ``allowed`` (else 422)."""
    value = request.args.get(name)
    if value is None:
        return None
    allowed = list(allowed)
    if value not in allowed:
        raise InvalidInput(
            _l("%(name)s must be one of: %(allowed)s.", name=name, allowed=", ".join(allowed))
        )
    return value


def _known_params(*names: str) -> None:
    """Refuse a query parameter the endpoint does not know (a typo filters nothing)."""
    unknown = sorted(set(request.args) - {*names, "lang"})
    if unknown:
        raise InvalidInput(_l("Unknown parameter: %(names)s.", names=", ".join(unknown)))


def _move_body() -> dict[str, Any]:
    """The body of a move, each field of the type the description says (else 422)."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(_l("Send a JSON object with at least a trigger."))
    unknown = sorted(set(body) - set(MOVE_FIELDS))
    if unknown:
        raise InvalidInput(_l("Unknown field: %(names)s.", names=", ".join(unknown)))
    trigger = body.get("trigger")
    if not isinstance(trigger, str) or trigger not in TRIGGER_TITLES:
        raise InvalidInput(
            _l("trigger must be one of: %(allowed)s.", allowed=", ".join(TRIGGER_TITLES))
        )
    reason = body.get("reason")
    if reason is not None and (not isinstance(reason, str) or "\x00" in reason):
        raise InvalidInput(_l("reason must be a text without NUL characters."))
    version = body.get("version")
    if version is not None and (
        not isinstance(version, int)
        or isinstance(version, bool)
        or not 1 <= version <= MAX_STORED_INT
    ):
        raise InvalidInput(_l("version must be the partnership's version, a whole number."))
    confirm = body.get("confirm", False)
    if not isinstance(confirm, bool):
        raise InvalidInput(_l("confirm must be true or false."))
    return {"trigger": trigger, "reason": reason, "version": version, "confirm": confirm}


# --- routes ------------------------------------------------------------------------------


@bp.get("/openapi.json")
def openapi() -> Any:
    return jsonify(spec(request.url_root.rstrip("/") + bp.url_prefix))


@bp.get("/partnerships")
def partnerships() -> Any:
    _known_params("status", "kind", "programme_id", "q", "limit", "offset")
    limit, offset = _page_args()
    query = visible_partnerships(api_actor())
    if status := _choice_param("status", states.STATE_NAMES):
        query = query.where(Partnership.status == status)
    if kind := _choice_param("kind", KINDS):
        query = query.where(Partnership.kind == kind)
    if programme := _int_param("programme_id", None, 1, MAX_ID):
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
    return jsonify(partnership_detail(load_partnership(get_session(), partnership_id, user), user))


@bp.get("/partnerships/<int:partnership_id>/history")
def history(partnership_id: int) -> Any:
    session = get_session()
    p = load_partnership(session, partnership_id, api_actor())
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
            for h in history_of(session, p)
        ]
    )


@bp.get("/partnerships/<int:partnership_id>/documents/<kind>")
def document(partnership_id: int, kind: str) -> Response:
    return document_response(api_actor(), partnership_id, kind)


@bp.post("/partnerships/<int:partnership_id>/moves")
def move(partnership_id: int) -> Any:
    """Advance, reopen, hold, resume, withdraw (…): the screen's move, by the same service."""
    body = _move_body()
    user = api_actor()
    session = get_session()
    moved = moves.move(
        session,
        partnership_id,
        body["trigger"],
        user,
        reason=body["reason"],
        expected_version=body["version"],
        confirmed=body["confirm"],
    )
    p = load_partnership(session, partnership_id, user)
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
    _known_params("country", "q", "limit", "offset")
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

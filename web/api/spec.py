"""The OpenAPI 3 description of ``/api/v1``, served at ``/api/v1/openapi.json``.

The tests validate every request and response they make against it, so it
says what the API does, not what it was meant to do.
"""

from __future__ import annotations

from typing import Any

import states
from states import settled
from states.base import TRIGGER_TITLES
from workflow.bounds import MAX_ID, MAX_OFFSET, MAX_STORED_INT
from workflow.models import KINDS, LIBRARY_STATUSES, SECTORS

NULLABLE_STRING = {"type": "string", "nullable": True}
ID = {"type": "integer", "minimum": 1}
#: An id in an address or a query: past what an id column holds it names nothing.
ID_PARAM = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
#: Text sent in a query or a body: anything but NUL (which no database keeps).
TEXT = {"type": "string", "pattern": "^[^\\u0000]*$"}
#: What ``str.strip()`` removes: a reason made only of these is no reason.
_SPACE = (
    "\\t\\n\\u000b\\u000c\\r\\u001c-\\u0020\\u0085\\u00a0\\u1680"
    "\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
)
REASON = {"type": "string", "pattern": f"^[^\\u0000]*[^\\u0000{_SPACE}][^\\u0000]*$"}
_TRANSITIONS = [
    *(t for step in states.ALL for t in step.transitions),
    *settled.FROM_ANY_OPEN,
]
#: The moves that need a reason, and those that must be confirmed as well.
NEEDS_REASON = sorted({t.trigger for t in _TRANSITIONS if t.needs_reason})
NEEDS_CONFIRMATION = sorted({t.trigger for t in _TRANSITIONS if t.confirm})


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _ref("Problem")}},
    }


def _page_of(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "total", "limit", "offset"],
        "properties": {
            "items": {"type": "array", "items": _ref(item)},
            "total": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1},
            "offset": {"type": "integer", "minimum": 0},
        },
        "additionalProperties": False,
    }


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


PAGING = [
    {
        "name": "limit",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100},
    },
    {
        "name": "offset",
        "in": "query",
        "schema": {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
    },
]
PARTNERSHIP_ID = {"name": "partnership_id", "in": "path", "required": True, "schema": ID_PARAM}
UNAUTHORIZED = _problem("No working token was sent.")
NOT_FOUND = _problem("No such thing, or not yours to see.")
BAD_QUERY = _problem(
    "A parameter the operation does not know, a filter value it does not have, "
    "a number out of range, or a NUL character"
)
#: Where a partnership read leads (OpenAPI links: the stateful phase follows them).
PARTNERSHIP_LINKS = {
    "history": {
        "operationId": "history",
        "parameters": {"partnership_id": "$response.body#/id"},
    },
    "move": {
        "operationId": "move",
        "parameters": {"partnership_id": "$response.body#/id"},
        "requestBody": {"trigger": "advance", "version": "$response.body#/version"},
    },
    "document": {
        "operationId": "document",
        "parameters": {"partnership_id": "$response.body#/id", "kind": "selection_report"},
    },
}


DOCUMENT_KINDS = sorted({d.kind for step in states.BY_NAME.values() for d in step.documents})


def spec(server: str) -> dict[str, Any]:
    party = _object(
        ["id", "organisation_id", "name", "role", "sector"],
        id=ID,
        organisation_id=ID,
        name={"type": "string"},
        role={"type": "string", "enum": ["lead", "partner"]},
        sector={"type": "string", "enum": list(SECTORS)},
    )
    summary_properties: dict[str, Any] = {
        "id": ID,
        "title": {"type": "string"},
        "kind": {"type": "string", "enum": list(KINDS)},
        "status": {"type": "string", "enum": list(states.STATE_NAMES)},
        "held_from": {**NULLABLE_STRING, "enum": [*states.OPEN_STATES, None]},
        "version": {"type": "integer", "minimum": 1},
        "programme_id": ID,
        "languages": {"type": "array", "items": {"type": "string"}},
        "step_entered_at": {"type": "string", "format": "date-time"},
        "parties": {"type": "array", "items": party},
        "url": {"type": "string", "format": "uri"},
    }
    move_option = _object(
        ["trigger", "title", "to", "needs_reason", "needs_confirmation", "ready", "missing"],
        trigger={"type": "string", "enum": list(TRIGGER_TITLES)},
        title={"type": "string"},
        to={"type": "string", "enum": list(states.STATE_NAMES)},
        needs_reason={"type": "boolean"},
        needs_confirmation={"type": "boolean"},
        ready={"type": "boolean"},
        missing={"type": "array", "items": {"type": "string"}},
    )
    document = _object(
        ["kind", "title", "url"],
        kind={"type": "string"},
        title={"type": "string"},
        url={"type": "string", "format": "uri"},
    )
    schemas = {
        "Problem": {
            "type": "object",
            "description": "RFC 9457 problem details.",
            "required": ["type", "title", "status"],
            "properties": {
                "type": {"type": "string", "format": "uri"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "missing": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "What the step still needs (requirements-not-met).",
                },
            },
        },
        "PartnershipSummary": _object(list(summary_properties), **summary_properties),
        "Partnership": _object(
            [*summary_properties, "moves", "documents"],
            **summary_properties,
            moves={"type": "array", "items": move_option},
            documents={"type": "array", "items": document},
        ),
        "HistoryEntry": _object(
            ["id", "at", "actor", "trigger", "from", "to", "reason"],
            id=ID,
            at={"type": "string", "format": "date-time"},
            actor=NULLABLE_STRING,
            trigger={"type": "string"},
            **{"from": {**NULLABLE_STRING}, "to": {"type": "string"}},
            reason=NULLABLE_STRING,
        ),
        "Library": _object(
            [
                "id",
                "name",
                "name_latin",
                "kind",
                "sector",
                "country",
                "region",
                "city",
                "type",
                "population",
                "status",
                "works_now_in",
                "languages",
                "website",
                "url",
            ],
            id=ID,
            name={"type": "string"},
            name_latin=NULLABLE_STRING,
            kind={"type": "string", "enum": ["library"]},
            sector={"type": "string", "enum": list(SECTORS)},
            country={"type": "string", "minLength": 2, "maxLength": 2},
            region=NULLABLE_STRING,
            city=NULLABLE_STRING,
            type=NULLABLE_STRING,
            population={"type": "integer", "nullable": True},
            status={"type": "string", "enum": list(LIBRARY_STATUSES)},
            works_now_in=NULLABLE_STRING,
            languages={"type": "array", "items": {"type": "string"}},
            website=NULLABLE_STRING,
            url={"type": "string", "format": "uri"},
        ),
        "MoveRequest": {
            **_object(
                ["trigger"],
                trigger={"type": "string", "enum": list(TRIGGER_TITLES)},
                reason={
                    **TEXT,
                    "description": "Needed by " + ", ".join(NEEDS_REASON) + ": a text "
                    "that is not only spaces (else 422, reason-required).",
                },
                confirm={
                    "type": "boolean",
                    "default": False,
                    "description": "Must be true for the moves that cannot be undone "
                    "(" + ", ".join(NEEDS_CONFIRMATION) + "), as the screen's checkbox "
                    "(else 422, confirmation-required).",
                },
                version={
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_STORED_INT,
                    "description": "The version you last read: the move is refused (409) "
                    "if someone changed the partnership since.",
                },
            ),
            # What each move needs, as the service checks it.
            "anyOf": [
                {
                    "properties": {
                        "trigger": {"enum": [t for t in TRIGGER_TITLES if t not in NEEDS_REASON]}
                    }
                },
                {
                    "required": ["reason"],
                    "properties": {
                        "trigger": {
                            "enum": [t for t in NEEDS_REASON if t not in NEEDS_CONFIRMATION]
                        },
                        "reason": REASON,
                    },
                },
                {
                    "required": ["reason", "confirm"],
                    "properties": {
                        "trigger": {"enum": list(NEEDS_CONFIRMATION)},
                        "reason": REASON,
                        "confirm": {"enum": [True]},
                    },
                },
            ],
        },
        "Moved": _object(
            ["move", "partnership"],
            move=_object(
                ["history_id", "trigger", "from", "to", "reason"],
                history_id=ID,
                trigger={"type": "string"},
                **{"from": {"type": "string"}, "to": {"type": "string"}},
                reason=NULLABLE_STRING,
            ),
            partnership=_ref("Partnership"),
        ),
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Sister Libraries API",
            "version": "1.0.0",
            "description": (
                "Partnerships, libraries, their history and documents; moves through "
                "the same services and permission checks as the screens. Authenticate "
                "with a personal token from the 'API tokens' page: "
                "`Authorization: Bearer sl_…`. Errors are RFC 9457 problem details."
            ),
        },
        "servers": [{"url": server}],
        "security": [{"token": []}],
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": schemas,
        },
        "paths": {
            "/openapi.json": {
                "get": {
                    "summary": "This description",
                    "security": [],
                    "responses": {"200": _json({"type": "object"}, "OpenAPI 3 description")},
                }
            },
            "/partnerships": {
                "get": {
                    "summary": "The partnerships the token's user may see",
                    "parameters": [
                        {
                            "name": "status",
                            "in": "query",
                            "schema": {"type": "string", "enum": list(states.STATE_NAMES)},
                        },
                        {
                            "name": "kind",
                            "in": "query",
                            "schema": {"type": "string", "enum": list(KINDS)},
                        },
                        {"name": "programme_id", "in": "query", "schema": ID_PARAM},
                        {"name": "q", "in": "query", "schema": TEXT},
                        *PAGING,
                    ],
                    "responses": {
                        "200": {
                            **_json(_page_of("PartnershipSummary"), "A page of partnerships"),
                            "links": {
                                "partnership": {
                                    "operationId": "partnership",
                                    "parameters": {"partnership_id": "$response.body#/items/0/id"},
                                }
                            },
                        },
                        "401": UNAUTHORIZED,
                        "422": BAD_QUERY,
                    },
                }
            },
            "/partnerships/{partnership_id}": {
                "parameters": [PARTNERSHIP_ID],
                "get": {
                    "operationId": "partnership",
                    "summary": "A partnership with the moves open to the token's user",
                    "responses": {
                        "200": {
                            **_json(_ref("Partnership"), "The partnership"),
                            "links": PARTNERSHIP_LINKS,
                        },
                        "401": UNAUTHORIZED,
                        "404": NOT_FOUND,
                    },
                },
            },
            "/partnerships/{partnership_id}/history": {
                "parameters": [PARTNERSHIP_ID],
                "get": {
                    "operationId": "history",
                    "summary": "Every move of the partnership, oldest first",
                    "responses": {
                        "200": _json(
                            _object(
                                ["items"],
                                items={"type": "array", "items": _ref("HistoryEntry")},
                            ),
                            "The history",
                        ),
                        "401": UNAUTHORIZED,
                        "404": NOT_FOUND,
                    },
                },
            },
            "/partnerships/{partnership_id}/documents/{kind}": {
                "parameters": [
                    PARTNERSHIP_ID,
                    {
                        "name": "kind",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "enum": DOCUMENT_KINDS},
                    },
                ],
                "get": {
                    "operationId": "document",
                    "summary": "A document of a step reached, as PDF",
                    "responses": {
                        "200": {
                            "description": "The PDF",
                            "content": {
                                "application/pdf": {
                                    "schema": {"type": "string", "format": "binary"}
                                }
                            },
                        },
                        "304": {"description": "Unchanged since the ETag sent"},
                        "401": UNAUTHORIZED,
                        "404": NOT_FOUND,
                    },
                },
            },
            "/partnerships/{partnership_id}/moves": {
                "parameters": [PARTNERSHIP_ID],
                "post": {
                    "operationId": "move",
                    "summary": "Move the partnership (advance, reopen, hold, resume, withdraw…)",
                    "description": "The same service and checks as the screen's move buttons.",
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": _ref("MoveRequest")}},
                    },
                    "responses": {
                        "200": {
                            **_json(_ref("Moved"), "Moved: one history row"),
                            "links": {
                                "history": {
                                    "operationId": "history",
                                    "parameters": {
                                        "partnership_id": "$response.body#/partnership/id"
                                    },
                                }
                            },
                        },
                        "401": UNAUTHORIZED,
                        "403": _problem("The token's user may not make this move"),
                        "404": NOT_FOUND,
                        "409": _problem(
                            "Not possible from this step, the step is not complete "
                            "(see missing), or the partnership changed since `version`"
                        ),
                        "422": _problem(
                            "A reason or the confirmation is missing (reason-required, "
                            "confirmation-required), or a field is of the wrong type, "
                            "unknown or holds a NUL character (invalid-input)"
                        ),
                    },
                },
            },
            "/libraries": {
                "get": {
                    "summary": "The registry of libraries (public profile fields)",
                    "parameters": [
                        {"name": "country", "in": "query", "schema": TEXT},
                        {"name": "q", "in": "query", "schema": TEXT},
                        *PAGING,
                    ],
                    "responses": {
                        "200": {
                            **_json(_page_of("Library"), "A page of libraries"),
                            "links": {
                                "library": {
                                    "operationId": "library",
                                    "parameters": {"organisation_id": "$response.body#/items/0/id"},
                                }
                            },
                        },
                        "401": UNAUTHORIZED,
                        "422": BAD_QUERY,
                    },
                }
            },
            "/libraries/{organisation_id}": {
                "parameters": [
                    {"name": "organisation_id", "in": "path", "required": True, "schema": ID_PARAM}
                ],
                "get": {
                    "operationId": "library",
                    "summary": "A library's public profile",
                    "responses": {
                        "200": _json(_ref("Library"), "The library"),
                        "401": UNAUTHORIZED,
                        "404": NOT_FOUND,
                    },
                },
            },
        },
    }

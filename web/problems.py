"""RFC 9457 problem details: how the JSON API and the app's error pages answer in JSON.

Kept apart from the API's views so the error handlers, the upload limits and
the API all use it without importing one another.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, url_for

PROBLEM = "application/problem+json"


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

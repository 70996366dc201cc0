"""``GET /health``: the process is up and answers. No login, no database.

For operators (a load balancer's or a supervisor's check) and as the
smallest route of the application, the baseline of the ``board_page``
benchmark. It reads neither the session nor the database, so it stays
cheap under load and says nothing about either.
"""

from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("health", __name__)

#: Endpoints anyone may open (see ``web.people.auth.PUBLIC_ENDPOINTS``).
ENDPOINTS = frozenset({"health.index"})


@bp.get("/health")
def index() -> Response:
    return Response("ok\n", mimetype="text/plain", headers={"Cache-Control": "no-store"})

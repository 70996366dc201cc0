"""The outbox: the mails the application sent or keeps, for administrators and coordinators.

Useful in development, where no SMTP server is configured and every mail
stays here (see ``workflow.mail``).
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from web.auth import actor
from web.db import get_session
from workflow.access import is_staff
from workflow.models import OutboxMessage

bp = Blueprint("outbox", __name__)

LIMIT = 200


@bp.get("/outbox")
def index() -> str:
    if not is_staff(actor()):
        abort(404)
    messages = get_session().scalars(
        select(OutboxMessage)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(LIMIT)
    )
    return render_template("outbox/index.html", messages=list(messages), limit=LIMIT)

"""The outbox: a development page showing the mails the application wrote.

Without an SMTP server (``MAIL_SERVER`` unset) every mail stays here, signing
links and one-time codes included: that is how a newcomer clicks through the
demo, and how the browser tests read them. With SMTP configured the mails go
to their recipients alone: the page and its attachments are not found (404),
and the rows keep no secret (see ``workflow.mail.send``).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template
from sqlalchemy import select

from web.db import get_session
from web.people.auth import actor
from workflow.lifecycle.access import is_staff
from workflow.mail import outbox as mail
from workflow.models import OutboxAttachment, OutboxMessage

bp = Blueprint("outbox", __name__, template_folder="templates")

LIMIT = 200


def enabled() -> bool:
    """Whether the development outbox is shown: only while SMTP is not configured."""
    return mail.smtp_config() is None


@bp.app_context_processor
def _outbox_enabled() -> dict[str, Any]:
    return {"outbox_enabled": enabled}


def _require_outbox() -> None:
    if not enabled() or not is_staff(actor()):
        abort(404)


@bp.get("/outbox")
def index() -> str:
    _require_outbox()
    messages = get_session().scalars(
        select(OutboxMessage)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(LIMIT)
    )
    return render_template("outbox/index.html", messages=list(messages), limit=LIMIT)


@bp.get("/outbox/<int:message_id>/attachments/<int:attachment_id>")
def attachment(message_id: int, attachment_id: int) -> Any:
    _require_outbox()
    session = get_session()
    a = session.get(OutboxAttachment, attachment_id)
    if a is None or a.message_id != message_id:
        abort(404)
    return Response(
        mail.attachment_data(session, a),
        mimetype=a.content_type,
        headers={"Content-Disposition": f'attachment; filename="{a.filename}"'},
    )

"""The board: the partnerships a user may see, in columns by step."""

from __future__ import annotations

from collections import defaultdict

from flask import Blueprint, render_template
from sqlalchemy.orm import selectinload

import states
from web.auth import actor
from web.db import get_session
from workflow.access import is_staff, visible_partnerships
from workflow.cooperation import dormant_ids
from workflow.models import Partnership, utcnow

bp = Blueprint("board", __name__)

#: The columns: the five steps, then cooperation.
COLUMNS = tuple(s.name for s in states.STEPS) + ("cooperation",)
#: Shown as a compact list under the columns.
ASIDE = ("on_hold", "closed", "withdrawn")


@bp.get("/")
def index() -> str:
    user = actor()
    query = (
        visible_partnerships(user)
        .options(selectinload(Partnership.parties))
        .order_by(Partnership.step_entered_at, Partnership.id)
    )
    by_status: dict[str, list[Partnership]] = defaultdict(list)
    for p in get_session().scalars(query):
        by_status[p.status].append(p)
    now = utcnow()
    # One query for every partnership in cooperation on the board.
    cooperating = [p.id for p in by_status.get("cooperation", [])]
    dormant = dormant_ids(get_session(), cooperating, now.date())
    return render_template(
        "board/index.html",
        columns=[states.BY_NAME[name] for name in COLUMNS],
        aside=[states.BY_NAME[name] for name in ASIDE],
        by_status=by_status,
        now=now,
        dormant=dormant,
        can_create=is_staff(user),
    )

"""What the second meeting decides: the leader, the rules, the directions, the tasks."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from states import ANIMATOR
from states.base import LEADER
from states.text import lazy_text
from workflow.errors import InvalidInput
from workflow.lifecycle.access import is_staff
from workflow.lifecycle.edits import edit_partnership, require, require_edit
from workflow.models import DIRECTIONS, Partnership, User


def choose_leader(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    party_id: int,
    rules: str = "",
    areas: Sequence[str] = (),
    tasks: str = "",
) -> Partnership:
    """What the second meeting decides: the leader, the rules of cooperation,
    the areas (directions) of cooperation and the tasks."""
    if any(x not in DIRECTIONS for x in areas):
        raise InvalidInput(lazy_text("Choose a direction of cooperation."))

    def change(p: Partnership) -> Partnership:
        require_edit(p, actor, LEADER)
        require(is_staff(actor) or actor.role == ANIMATOR)
        if not any(x.id == party_id for x in p.parties):
            raise InvalidInput()
        p.leader_party_id = party_id
        p.cooperation_rules = rules.strip() or None
        p.areas = [x for x in DIRECTIONS if x in set(areas)]
        p.agreed_tasks = tasks.strip() or None
        return p

    return edit_partnership(session, partnership_id, actor, change)

"""The parties approve the plan."""

from __future__ import annotations

from sqlalchemy.orm import Session

from states.base import PLAN_APPROVAL
from states.text import lazy_text
from workflow.errors import StaleVersion
from workflow.lifecycle.edits import edit_partnership, party_for_edit, require_edit
from workflow.models import Partnership, Party, User


def approve_plan(
    session: Session, actor: User, partnership_id: int, *, party_id: int, version: int
) -> Party:
    def change(p: Partnership) -> Party:
        require_edit(p, actor, PLAN_APPROVAL)
        party = party_for_edit(p, actor, party_id)
        if version != p.plan_version or not p.activities:
            raise StaleVersion(lazy_text("The plan has changed since you opened it."))
        party.plan_approved_version = version
        return party

    return edit_partnership(session, partnership_id, actor, change)

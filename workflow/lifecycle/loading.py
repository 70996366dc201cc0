"""The one loader of a partnership for a use case: it checks access."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from workflow.errors import NotFound
from workflow.lifecycle.access import can_see
from workflow.models import Partnership, User

# Built once: constructing a statement costs more than running it on SQLite.
LOAD_PARTNERSHIP = (
    select(Partnership)
    .where(Partnership.id == bindparam("pid"))
    # The parties are what most checks and pages read: one query.
    .options(joinedload(Partnership.parties))
)


def load_partnership(
    session: Session, partnership_id: int, actor: User, *, for_update: bool = False
) -> Partnership:
    query = LOAD_PARTNERSHIP.with_for_update(of=Partnership) if for_update else LOAD_PARTNERSHIP
    p = session.execute(query, {"pid": partnership_id}).unique().scalar_one_or_none()
    if p is None or not can_see(actor, p):
        raise NotFound()
    return p

"""The unit of work keeps only what a use case committed, and commits once."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import make_world, sister
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import Partnership


def test_a_use_case_that_leaves_without_committing_keeps_nothing(session: Session) -> None:
    w = make_world(session)
    pid = sister(session, w).id
    with unit_of_work(session):
        session.get(Partnership, pid).title = "Changed, then forgotten"
    session.expire_all()
    title = session.scalar(select(Partnership.title).where(Partnership.id == pid))
    assert title != "Changed, then forgotten"


def test_a_use_case_commits_once(session: Session) -> None:
    w = make_world(session)
    pid = sister(session, w).id
    with pytest.raises(RuntimeError), unit_of_work(session) as uow:
        session.get(Partnership, pid).title = "Kept"
        uow.commit()
        session.get(Partnership, pid).title = "Written after the commit"
        uow.commit()
    session.expire_all()
    assert session.scalar(select(Partnership.title).where(Partnership.id == pid)) == "Kept"

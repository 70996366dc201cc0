"""The unit of work: one transaction per use case, committed once by the use case.

    with unit_of_work(session) as uow:
        ...                      # load, check, change
        uow.commit()

Whatever leaves the block without ``uow.commit()`` (an error, a refusal, a
forgotten commit) is rolled back (cosmicpython, chapter 6). A refusal that must
be kept (a wrong one-time code, an expired link) is recorded by a use case of
its own, after this one rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workflow.errors import StaleVersion


class UnitOfWork:
    """The transaction of one use case: ``commit`` once, or nothing is kept."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.committed = False

    def commit(self) -> None:
        if self.committed:
            raise RuntimeError("A unit of work commits once.")
        self.session.commit()
        self.committed = True


@contextmanager
def unit_of_work(session: Session) -> Iterator[UnitOfWork]:
    """Roll back unless the use case committed; a lost race is ``StaleVersion``."""
    uow = UnitOfWork(session)
    try:
        yield uow
    except StaleDataError as exc:
        raise StaleVersion() from exc
    except OperationalError as exc:
        # SQLite answers a write that lost a race with "database is locked".
        if "locked" in str(exc).lower():
            raise StaleVersion() from exc
        raise
    finally:
        if not uow.committed:
            session.rollback()

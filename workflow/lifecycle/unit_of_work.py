"""The unit of work: one transaction per use case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workflow.errors import StaleVersion


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit once at the end; roll everything back on any error."""
    try:
        yield session
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise StaleVersion() from exc
    except OperationalError as exc:
        session.rollback()
        # SQLite answers a write that lost a race with "database is locked".
        if "locked" in str(exc).lower():
            raise StaleVersion() from exc
        raise
    except BaseException:
        session.rollback()
        raise

"""The board's freshness counter: ``data_changes.n`` grows with every change it shows.

The board is rendered once and kept per worker (``web.board``) until its
data changes. To know that in one primary-key read, every transaction that
writes a table the board reads also adds one to the single row of
``data_changes``, in the same transaction, just before it commits:

- every statement SQLAlchemy executes (ORM flushes, ``session.execute`` of
  bulk ``insert``/``update``/``delete``, Core on a connection) is looked at
  by a ``before_execute`` listener: a write to a table of ``WATCHED`` marks
  the connection;
- the few writes that bypass SQLAlchemy's execution (``Prepared``
  statements, the registry import's driver-level ``executemany``) call
  ``mark`` themselves;
- a session's commit (``before_commit``, after flushing what is pending)
  and a plain connection's commit bump the counter if the connection is
  marked; a rollback forgets the mark.

The bump comes last, right before ``COMMIT``: on PostgreSQL concurrent
writers queue on the counter's row only while they commit, and never hold
it while they wait for another lock, so it cannot deadlock; under READ
COMMITTED (the default, used here) the second writer then simply adds one
to the committed value, so it never fails with a serialization error.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

#: The tables whose rows the board (cards, columns, filters) is made of.
WATCHED = frozenset(
    {
        "partnerships",
        "parties",
        "organisations",
        "contact_persons",
        "meetings",
        "meeting_attendees",
        "meeting_evaluations",
        "activities",
        "publications",
        "programmes",
        "animator_assignments",
        # The animator filter lists their names.
        "users",
    }
)
#: The mark on a connection (``Connection.info``, kept with the driver's connection).
_CHANGED = "workflow.changes.changed"
_BUMP = "UPDATE data_changes SET n = n + 1 WHERE id = 1"
_READ = "SELECT n FROM data_changes WHERE id = 1"


def writes_watched(statement: Any) -> bool:
    """Whether ``statement`` is an INSERT, UPDATE or DELETE of a ``WATCHED`` table."""
    if not getattr(statement, "is_dml", False):
        return False
    return getattr(statement.table, "name", None) in WATCHED


def mark(connection: Connection) -> None:
    """The transaction on ``connection`` changed what the board shows."""
    connection.info[_CHANGED] = True


def _run(connection: Connection, sql: str) -> Any:
    """One statement on the driver's connection, in the current transaction."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
    except connection.dialect.loaded_dbapi.Error as exc:
        # The same exceptions SQLAlchemy itself would raise (``unit_of_work``).
        raise DBAPIError.instance(sql, (), exc, connection.dialect.loaded_dbapi.Error) from exc
    return cursor


def _bump_if_marked(connection: Connection) -> None:
    if connection.info.pop(_CHANGED, False):
        _run(connection, _BUMP).close()


def stamp(connection: Connection) -> int | object:
    """The counter as this transaction sees it: equal stamps, unchanged board data.

    Without the row (a schema not made by the migrations) every call gives a
    new object, equal to nothing: nothing is ever taken as unchanged."""
    cursor = _run(connection, _READ)
    row = cursor.fetchone()
    cursor.close()
    return int(row[0]) if row else object()


# --- the listeners ------------------------------------------------------------


def _before_execute(
    conn: Connection, statement: Any, multiparams: Any, params: Any, options: Any
) -> None:
    if writes_watched(statement):
        mark(conn)


def _forget(conn: Connection) -> None:
    conn.info.pop(_CHANGED, None)


def _forget_on_checkin(_dbapi_connection: Any, record: Any) -> None:
    # A connection the pool rolls back itself carries no mark to the next user.
    record.info.pop(_CHANGED, None)


def install(engine: Engine) -> None:
    """Watch the writes made through ``engine`` (``workflow.db.make_engine`` calls it)."""
    event.listen(engine, "before_execute", _before_execute)
    event.listen(engine, "commit", _bump_if_marked)  # a plain connection's commit
    event.listen(engine, "rollback", _forget)
    event.listen(engine.pool, "checkin", _forget_on_checkin)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    """A session's commit: the bump goes last, after the flush the commit would make.

    (Also in the tests' sessions, whose commit releases a savepoint of an
    outer transaction that is never committed.) A nested transaction's
    commit waits for the outermost one."""
    if session.in_nested_transaction():
        return
    session.flush()
    _bump_if_marked(session.connection())

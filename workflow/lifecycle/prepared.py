"""Statements compiled once per dialect and run on the session's driver connection.

SQLAlchemy compiles the SQL and supplies the type conversions; only the
per-call machinery around them is skipped. Used for the few statements of a
move, the hot path of the application: on a small machine that machinery
costs several times the statement itself. The statement runs inside the
session's current transaction, so commit and rollback stay the session's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from workflow import changes


class Prepared:
    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        #: A write the board shows: it marks the transaction (``workflow.changes``).
        self._marks = changes.writes_watched(statement)
        self._compiled: dict[str, tuple[str, tuple[str, ...] | None, dict[str, Callable]]] = {}

    def _for(self, dialect: Any) -> tuple[str, tuple[str, ...] | None, dict[str, Callable]]:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)  # type: ignore[attr-defined]
            processors = {
                name: fn for name, fn in compiled._bind_processors.items() if fn is not None
            }
            order = tuple(compiled.positiontup) if compiled.positional else None
            found = (compiled.string, order, processors)
            self._compiled[dialect.name] = found
        return found

    def execute(self, connection: Connection, params: Mapping[str, Any]) -> Any:
        """Run on the connection (``session.connection()``); return the driver's cursor."""
        dialect = connection.dialect
        if self._marks:
            changes.mark(connection)
        sql, order, processors = self._for(dialect)
        values = {k: (processors[k](v) if k in processors else v) for k, v in params.items()}
        args = [values[name] for name in order] if order is not None else values
        driver = connection.connection.driver_connection
        assert driver is not None
        cursor = driver.cursor()
        try:
            cursor.execute(sql, args)
        except dialect.loaded_dbapi.Error as exc:
            # The same exceptions SQLAlchemy itself would raise.
            raise DBAPIError.instance(sql, args, exc, dialect.loaded_dbapi.Error) from exc
        return cursor

"""Engines and sessions for SQLite (embedded default) and PostgreSQL, and what
every table is built from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, create_engine
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.pool import StaticPool

from workflow import changes


class Base(DeclarativeBase):
    pass


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def one_of(column: str, values: tuple[str, ...]) -> str:
    """The SQL of a check that ``column`` holds one of ``values``."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT;
    # SQLAlchemy's documented recipe: let it do nothing, and BEGIN ourselves.
    dbapi_connection.isolation_level = None
    # WAL lets readers work while a move is written; NORMAL is durable across
    # application crashes; foreign keys are off by default in SQLite.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    # Straight on the driver's connection: as an SQLAlchemy statement, BEGIN
    # would cost as much as the rest of a move.
    conn.connection.driver_connection.execute("BEGIN")


def make_engine(url: str, *, count_changes: bool = True, **kwargs: Any) -> Engine:
    """The application's engine. ``count_changes=False`` leaves out the board's
    freshness counter (``workflow.changes``): the migrations' engine, which
    writes at revisions that have no counter yet, or no longer."""
    if url.startswith("sqlite"):
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        kwargs.setdefault("pool_pre_ping", True)
        engine = create_engine(url, **kwargs)
    if count_changes:
        changes.install(engine)  # the board's freshness counter
    return engine


def make_sessionmaker(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, expire_on_commit=False)

"""Fixtures shared by the whole suite.

Every test that asks for a database runs twice: on SQLite (a file, in WAL
mode, as in production) and on PostgreSQL (``TEST_POSTGRES_URL``, set by
``scripts/test.sh``). The schema is created once per run by the Alembic
migrations; each test runs inside an outer transaction that is rolled back,
so tests stay independent and fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from workflow import schema
from workflow.db import make_engine

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    # scrypt is deliberately slow; the tests create many users.
    monkeypatch.setattr("workflow.users.PASSWORD_METHOD", "pbkdf2:sha256:1000")


def postgres_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and os.environ.get("CI"):
        pytest.fail("CI must run the suite on PostgreSQL too: TEST_POSTGRES_URL is not set")
    return url


def _create_engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        engine = make_engine(url)
    else:
        url = postgres_url()
        if not url:
            pytest.skip("TEST_POSTGRES_URL is not set")
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    schema.upgrade(url)
    engine.info_url = url  # type: ignore[attr-defined]
    return engine


_engines: dict[str, Engine] = {}


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    backend = request.param
    if backend not in _engines:
        _engines[backend] = _create_engine(backend, tmp_path_factory)
    return _engines[backend]


@pytest.fixture
def database_url(engine: Engine) -> str:
    return engine.info_url  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def session_factory(engine: Engine) -> Iterator[Callable[[], Session]]:
    """Sessions joined to one outer transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()

    def factory() -> Session:
        return Session(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        )

    yield factory
    outer.rollback()
    connection.close()


@pytest.fixture
def session(session_factory: Callable[[], Session]) -> Iterator[Session]:
    s = session_factory()
    yield s
    s.close()

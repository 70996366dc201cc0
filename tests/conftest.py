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

from tests.fake_smtp import FakeSmtpServer
from workflow import schema
from workflow.db import make_engine

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    # scrypt is deliberately slow; the tests create many users.
    monkeypatch.setattr("workflow.people.users.PASSWORD_METHOD", "pbkdf2:sha256:1000")


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


@pytest.fixture(autouse=True)
def no_smtp(monkeypatch: pytest.MonkeyPatch) -> None:
    # No test mails anyone for real, whatever the shell has configured; the
    # development outbox keeps every mail whole (``smtp_server`` sets a fake one).
    monkeypatch.delenv("MAIL_SERVER", raising=False)


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeSmtpServer]:
    """A fake SMTP server on 127.0.0.1, configured as the application's (MAIL_SERVER)."""
    server = FakeSmtpServer()
    server.start()
    monkeypatch.setenv("MAIL_SERVER", "127.0.0.1")
    monkeypatch.setenv("MAIL_PORT", str(server.port))
    for name in ("MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    yield server
    server.stop()

"""The migrations build exactly the schema the models declare, and it guards itself."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workflow import schema
from workflow.db import Base, make_engine
from workflow.models import Partnership, Programme


def test_models_and_migrations_do_not_differ(engine: Engine) -> None:
    # `engine` was created by running every migration (tests/conftest.py).
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == [], (
        "a model changed without a migration (python -m workflow.schema revision)"
    )


def test_status_outside_the_declared_states_is_refused(session: Session) -> None:
    programme = Programme(name="Check")
    session.add(programme)
    session.flush()
    p = Partnership(programme_id=programme.id, kind="sister", title="Guarded", languages="en")
    session.add(p)
    session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(
            text("UPDATE partnerships SET status = 'dreaming' WHERE id = :id"), {"id": p.id}
        )


def test_every_migration_goes_down_and_up_again(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
    schema.upgrade(url)
    schema.downgrade(url, "base")
    engine = make_engine(url)
    with engine.connect() as conn:
        tables = conn.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'"
            )
        ).all()
    assert tables == []
    schema.upgrade(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()

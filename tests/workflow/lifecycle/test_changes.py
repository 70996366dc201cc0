"""The board's freshness counter moves with every committed change the board shows."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from tests.factories import make_world, sister
from workflow import changes, schema
from workflow.db import make_engine, make_sessionmaker
from workflow.lifecycle.moves import advance
from workflow.models import (
    HistoryEntry,
    Organisation,
    OutboxMessage,
    Partnership,
    Party,
    Programme,
    User,
)
from workflow.registry.importer import import_register, load_mapping


def stamp(session_factory: Callable[[], Session]) -> object:
    s = session_factory()
    try:
        return changes.stamp(s.connection())
    finally:
        s.close()


def test_an_orm_change_moves_the_counter_when_it_commits(session_factory) -> None:
    before = stamp(session_factory)
    s = session_factory()
    s.add(Organisation(name="Biblioteka w Lublinie", country="PL"))
    s.flush()
    assert stamp(session_factory) == before  # another session: nothing committed yet
    s.commit()
    s.close()
    assert stamp(session_factory) == before + 1


def test_a_bulk_update_through_the_session_moves_the_counter(session_factory) -> None:
    s = session_factory()
    s.add(Programme(name="Sister Libraries 2027"))
    s.commit()
    before = stamp(session_factory)
    s.execute(update(Programme).values(step_targets={"selection": 10}))
    s.commit()
    s.close()
    assert stamp(session_factory) == before + 1


def test_a_move_through_the_prepared_statements_moves_the_counter(session_factory) -> None:
    s = session_factory()
    w = make_world(s)
    p = sister(s, w)
    before = stamp(session_factory)
    advance(s, p.id, actor=w.coordinator)
    s.close()
    assert stamp(session_factory) == before + 1


def test_a_registry_import_moves_the_counter(session_factory) -> None:
    mapping = load_mapping('[source]\ncountry = "PL"\n[columns]\nexternal_id = "ID"\nname = "N"\n')
    s = session_factory()
    before = stamp(session_factory)
    # New libraries go in through the driver's executemany, bypassing SQLAlchemy.
    report = import_register(s, b"ID;N\nPL-77;Biblioteka Gminna\n", mapping)
    assert report.summary().startswith("created 1")
    s.close()
    assert stamp(session_factory) == before + 1


def test_a_change_to_other_tables_leaves_the_counter(session_factory) -> None:
    before = stamp(session_factory)
    s = session_factory()
    s.add(OutboxMessage(to="x@example.org", subject="Hello", body="Nothing on the board"))
    s.commit()
    s.close()
    assert stamp(session_factory) == before


def test_a_savepoint_counts_once_when_the_transaction_commits(session_factory) -> None:
    before = stamp(session_factory)
    s = session_factory()
    with s.begin_nested():
        s.add(Organisation(name="Biblioteka w Lublinie", country="PL"))
    assert changes.stamp(s.connection()) == before  # not before the outer commit
    s.commit()
    s.close()
    assert stamp(session_factory) == before + 1


def test_a_plain_connection_s_commit_moves_the_counter_and_a_rollback_does_not(tmp_path) -> None:
    # A database of its own: these transactions commit and roll back for real.
    url = f"sqlite:///{tmp_path / 'plain.sqlite3'}"
    schema.upgrade(url)
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            assert changes.stamp(conn) == 0
            conn.execute(insert(Programme), [{"name": "A", "step_targets": {}}])
        with engine.connect() as conn:
            assert changes.stamp(conn) == 1
            conn.execute(insert(Programme), [{"name": "B", "step_targets": {}}])
            conn.rollback()
            conn.execute(
                insert(OutboxMessage), [{"to": "x@example.org", "subject": "-", "body": "-"}]
            )
            conn.commit()
            assert changes.stamp(conn) == 1
        with make_sessionmaker(engine)() as s:
            s.add(Organisation(name="Biblioteka w Lublinie", country="PL"))
            s.flush()
            s.rollback()
            s.add(OutboxMessage(to="x@example.org", subject="Hello", body="Nothing on the board"))
            s.commit()
            assert changes.stamp(s.connection()) == 1
    finally:
        engine.dispose()


def _clean_up(Session, pids: list[int], org_ids: list[int], programme_id: int) -> None:
    """What a test that commits for real made (``make_world``, ``sister``)."""
    with Session() as s:
        s.execute(delete(HistoryEntry).where(HistoryEntry.partnership_id.in_(pids)))
        s.execute(delete(Party).where(Party.partnership_id.in_(pids)))
        s.execute(delete(Partnership).where(Partnership.id.in_(pids)))
        s.execute(delete(User).where(User.email.like("%@example.org")))
        s.execute(delete(Organisation).where(Organisation.id.in_(org_ids)))
        s.execute(delete(Programme).where(Programme.id == programme_id))
        s.commit()


def test_a_writer_waiting_for_a_row_never_holds_the_counter(engine: Engine) -> None:
    """PostgreSQL: one transaction has changed a library and then waits for a
    partnership another has locked; that other commits (and so bumps the
    counter) without waiting for the first, then the first goes on."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer at a time in: nothing to interleave")
    Session = make_sessionmaker(engine)
    with Session() as s:
        w = make_world(s)
        pid = sister(s, w).id
        org_ids = [w.odesa.id, w.liverpool.id, w.krakow.id]
        before = changes.stamp(s.connection())
    holder, waiter = Session(), Session()
    thread: threading.Thread | None = None
    try:
        for s in (holder, waiter):  # a lock never granted fails the test, not hangs it
            s.execute(text("SET LOCAL lock_timeout = '5s'"))
        held = holder.get(Partnership, pid, with_for_update=True)
        assert held is not None
        held.title = "Renamed by the holder"
        holder.flush()
        library = waiter.get(Organisation, org_ids[0])
        assert library is not None
        library.city = "Odesa"
        waiter.flush()  # the waiter has written a watched table
        got: list[object] = []
        thread = threading.Thread(
            target=lambda: got.append(waiter.get(Partnership, pid, with_for_update=True))
        )
        thread.start()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # waiting for the holder's lock
        holder.commit()  # would deadlock if the waiter held the counter
        thread.join(timeout=10)
        assert got and not thread.is_alive()
        waiter.commit()
        with Session() as s:
            assert changes.stamp(s.connection()) == before + 2
            assert s.get(Partnership, pid).title == "Renamed by the holder"
    finally:
        holder.close()
        if thread is not None:
            thread.join(timeout=10)
        waiter.close()
        _clean_up(Session, [pid], org_ids, w.programme.id)


def test_concurrent_moves_of_different_partnerships_all_commit(engine: Engine) -> None:
    """PostgreSQL: every mover bumps the one counter row; they queue on it while
    they commit, and none fails (no deadlock, no serialization error)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer at a time in; a writer that lost the race is refused")
    Session = make_sessionmaker(engine)
    with Session() as s:
        w = make_world(s)
        w.programme.sister_cap = 10
        pids = [sister(s, w).id for _ in range(6)]
        actor_id = w.coordinator.id
        org_ids = [w.odesa.id, w.liverpool.id, w.krakow.id]
        before = changes.stamp(s.connection())
    barrier = threading.Barrier(len(pids))
    errors: list[BaseException] = []

    def mover(pid: int) -> None:
        try:
            with Session() as s:
                actor = s.get(User, actor_id)
                barrier.wait(timeout=10)
                advance(s, pid, actor=actor)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=mover, args=(pid,)) for pid in pids]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []
        with Session() as s:
            assert changes.stamp(s.connection()) == before + len(pids)
            statuses = s.scalars(select(Partnership.status).where(Partnership.id.in_(pids)))
            assert set(statuses) == {"introduction"}
    finally:
        _clean_up(Session, pids, org_ids, w.programme.id)

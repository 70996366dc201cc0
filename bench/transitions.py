"""``transition_persisted``: one move through the services against raw sqlite3.

Both sides use a file SQLite database in WAL mode with synchronous=NORMAL.
The baseline does what a move minimally must: one SELECT, one UPDATE, one
INSERT and a COMMIT. Batches of both sides are interleaved and the fastest
batch of each is kept, so a burst of load from elsewhere on the machine
does not land on one side only.
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

from bench.common import emit
from workflow import schema
from workflow.db import make_engine, make_sessionmaker
from workflow.lifecycle.moves import advance
from workflow.models import HistoryEntry, Organisation, Partnership, Party, Programme, User

BATCH = 300
BATCHES = 7


def _prepare_service(url: str, count: int) -> tuple[list[int], int]:
    schema.upgrade(url)
    Session = make_sessionmaker(make_engine(url))
    with Session() as s:
        programme = Programme(name="bench")
        a = Organisation(name="Одеська бібліотека", country="UA")
        b = Organisation(name="Liverpool Central Library", country="GB")
        actor = User(email="c@example.org", name="c", password_hash="x", role="coordinator")
        s.add_all([programme, a, b, actor])
        s.flush()
        ids = []
        for i in range(count):
            p = Partnership(
                programme_id=programme.id, kind="sister", title=f"P{i}", languages="uk,en"
            )
            p.parties = [Party(organisation=a, role="lead"), Party(organisation=b, role="partner")]
            s.add(p)
            s.flush()
            ids.append(p.id)
        s.commit()
        return ids, actor.id


def _raw_db(path: Path, count: int) -> sqlite3.Connection:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, status TEXT, version INTEGER)")
    db.execute("CREATE TABLE h (id INTEGER PRIMARY KEY, p INTEGER, a TEXT, b TEXT, at TEXT)")
    db.executemany("INSERT INTO p VALUES (?, 'selection', 1)", [(i,) for i in range(count)])
    return db


def _raw_batch(db: sqlite3.Connection, ids: range) -> float:
    start = time.perf_counter()
    for i in ids:
        db.execute("BEGIN")
        status, version = db.execute("SELECT status, version FROM p WHERE id = ?", (i,)).fetchone()
        db.execute(
            "UPDATE p SET status = ?, version = ? WHERE id = ? AND version = ?",
            ("introduction", version + 1, i, version),
        )
        db.execute(
            "INSERT INTO h (p, a, b, at) VALUES (?, ?, ?, datetime('now'))",
            (i, status, "introduction"),
        )
        db.execute("COMMIT")
    return (time.perf_counter() - start) / len(ids) * 1e6


def _service_batch(Session, actor: User, ids: list[int]) -> float:  # type: ignore[no-untyped-def]
    with Session() as s:
        start = time.perf_counter()
        for pid in ids:
            advance(s, pid, actor=actor)
            s.expunge_all()  # each move starts from the database, as a request would
        return (time.perf_counter() - start) / len(ids) * 1e6


def run() -> None:
    count = BATCH * BATCHES
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        ids, actor_id = _prepare_service(url, count)
        engine = make_engine(url)
        Session = make_sessionmaker(engine)
        with Session() as s:
            actor = s.get(User, actor_id)
            s.expunge(actor)
        raw = _raw_db(Path(tmp) / "raw.sqlite3", count)
        service_times, raw_times = [], []
        for b in range(BATCHES):
            batch = slice(b * BATCH, (b + 1) * BATCH)
            raw_times.append(_raw_batch(raw, range(count)[batch]))
            service_times.append(_service_batch(Session, actor, ids[batch]))
        raw.close()
        with Session() as s:
            moved = s.query(HistoryEntry).filter(HistoryEntry.trigger == "advance").count()
            assert moved == count, moved
        engine.dispose()
    emit("transition_persisted", min(service_times), "us", min(raw_times))

"""Two people move the same partnership at the same moment: exactly one wins."""

from __future__ import annotations

import threading

from sqlalchemy import delete, select

from tests.factories import make_world, sister
from workflow.db import make_sessionmaker
from workflow.errors import StaleVersion
from workflow.lifecycle.engine import ENGINE
from workflow.lifecycle.moves import move
from workflow.models import (
    HistoryEntry,
    Organisation,
    Partnership,
    Party,
    Programme,
    User,
)


def test_two_concurrent_moves_of_one_partnership_never_both_succeed(engine, monkeypatch):
    Session = make_sessionmaker(engine)
    with Session() as s:
        w = make_world(s)
        p = sister(s, w)
        pid, version, actor_id = p.id, p.version, w.coordinator.id
    barrier = threading.Barrier(2)
    real_option = ENGINE.option

    def option_after_both_have_read(partnership, trigger):
        # Both movers have loaded the row before either writes (on PostgreSQL
        # the second waits in SELECT ... FOR UPDATE, so the barrier times out).
        try:
            barrier.wait(timeout=1)
        except threading.BrokenBarrierError:
            pass
        return real_option(partnership, trigger)

    monkeypatch.setattr(ENGINE, "option", option_after_both_have_read)
    outcomes: list[str] = []

    def mover(trigger: str, reason: str | None) -> None:
        with Session() as s:
            actor = s.get(User, actor_id)
            try:
                move(s, pid, trigger, actor, reason=reason, expected_version=version)
                outcomes.append("moved")
            except StaleVersion:
                outcomes.append("conflict")

    threads = [
        threading.Thread(target=mover, args=("advance", None)),
        threading.Thread(target=mover, args=("hold", "Waiting for the director")),
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(outcomes) == ["conflict", "moved"]
        with Session() as s:
            moves = s.scalars(
                select(HistoryEntry).where(
                    HistoryEntry.partnership_id == pid, HistoryEntry.trigger != "create"
                )
            ).all()
            assert len(moves) == 1
            assert s.get(Partnership, pid).status == moves[0].to_state
    finally:
        with Session() as s:  # this test commits for real: clean up after it
            s.execute(delete(HistoryEntry).where(HistoryEntry.partnership_id == pid))
            s.execute(delete(Party).where(Party.partnership_id == pid))
            s.execute(delete(Partnership).where(Partnership.id == pid))
            s.execute(delete(User).where(User.email.like("%@example.org")))
            s.execute(
                delete(Organisation).where(
                    Organisation.id.in_([w.odesa.id, w.liverpool.id, w.krakow.id])
                )
            )
            s.execute(delete(Programme).where(Programme.id == w.programme.id))
            s.commit()

"""The introduction step: evaluations, the second meeting's decisions, older data migrated."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from documents import render_html
from states import introduction
from tests.factories import World, make_world, sister
from workflow import schema
from workflow.db import make_engine
from workflow.errors import InvalidInput, PermissionDenied
from workflow.introduction.leader import choose_leader
from workflow.introduction.meetings import evaluate_meeting, record_meeting
from workflow.lifecycle.documents import build_context
from workflow.lifecycle.loading import load_partnership
from workflow.lifecycle.moves import advance


@pytest.fixture
def w(session: Session) -> World:
    return make_world(session)


def in_introduction(session: Session, w: World) -> int:
    p = sister(session, w)
    advance(session, p.id, actor=w.coordinator)
    record_meeting(
        session,
        w.animator,
        p.id,
        number=1,
        held_at=datetime(2026, 3, 30, 18),
        timezone="Europe/Kyiv",
        place="Odesa, the reading room",
        attendance="Directors",
        minutes="We met.",
    )
    return p.id


def test_the_animator_and_the_library_each_write_their_evaluation(
    session: Session, w: World
) -> None:
    pid = in_introduction(session, w)
    p = load_partnership(session, pid, w.coordinator)
    assert "The first partnership meeting is not evaluated" in [
        str(m) for m in introduction.both_meetings_recorded_and_evaluated(p)
    ]
    odesa, liverpool = p.parties
    evaluate_meeting(
        session,
        w.animator,
        pid,
        number=1,
        evaluation="Everyone spoke.",
        to_change="Start on time.",
        next_steps="Invite the school.",
        engagement={odesa.id: 5, liverpool.id: 3},
    )
    evaluate_meeting(
        session, w.odesa_librarian, pid, number=1, evaluation="A warm start.", engagement={}
    )
    meeting = load_partnership(session, pid, w.coordinator).meeting(1)
    assert [(e.side, e.worked) for e in meeting.evaluations] == [
        ("animator", "Everyone spoke."),
        ("library", "A warm start."),
    ]
    assert meeting.evaluation_by("animator").engagement == {str(odesa.id): 5, str(liverpool.id): 3}
    p = load_partnership(session, pid, w.coordinator)
    assert "The first partnership meeting is not evaluated" not in [
        str(m) for m in introduction.both_meetings_recorded_and_evaluated(p)
    ]
    record = build_context(p, "meeting_record")["meetings"][0]
    assert record["held_at"] == "2026-03-30 18:00" and record["timezone"] == "Europe/Kyiv"
    assert record["evaluations"][0]["engagement"][0]["score"] == 5


@pytest.mark.parametrize("score", [0, 6])
def test_engagement_is_rated_from_one_to_five(session: Session, w: World, score: int) -> None:
    pid = in_introduction(session, w)
    party = load_partnership(session, pid, w.coordinator).parties[0]
    with pytest.raises(InvalidInput):
        evaluate_meeting(
            session, w.animator, pid, number=1, evaluation="ok", engagement={party.id: score}
        )


def test_another_library_cannot_evaluate(session: Session, w: World) -> None:
    pid = in_introduction(session, w)
    with pytest.raises(Exception) as refused:
        evaluate_meeting(session, w.krakow_librarian, pid, number=1, evaluation="Sneaky")
    assert refused.type.__name__ in ("NotFound", "PermissionDenied")


def test_the_second_meeting_s_decisions_feed_the_memorandum(session: Session, w: World) -> None:
    pid = in_introduction(session, w)
    p = load_partnership(session, pid, w.coordinator)
    choose_leader(
        session,
        w.animator,
        pid,
        party_id=p.parties[0].id,
        rules="We meet online once a month.",
        areas=["humanitarian", "culture"],
        tasks="Odesa collects books; Liverpool ships them.",
    )
    context = build_context(p, "memorandum")
    assert context["areas"] == ["culture", "humanitarian"]
    assert context["tasks"] == "Odesa collects books; Liverpool ships them."
    html = render_html("memorandum", context)
    assert "Humanitarian exchange." in html and "Cultural and professional exchange" in html
    assert "countering disinformation" not in html
    assert "Odesa collects books; Liverpool ships them." in html
    with pytest.raises(InvalidInput):
        choose_leader(session, w.animator, pid, party_id=p.parties[0].id, areas=["sports"])
    with pytest.raises(PermissionDenied):
        choose_leader(session, w.odesa_librarian, pid, party_id=p.parties[0].id)


def test_the_migration_keeps_contacts_and_evaluations_recorded_before(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    schema.upgrade(url, "09799fa34fe6")  # before this branch
    engine = make_engine(url)
    rows = [
        "INSERT INTO programmes (id, name, animator_budget_minutes, checkin_months, created_at)"
        " VALUES (1, 'P', 960, 3, '2026-01-01')",
        "INSERT INTO organisations (id, name, kind, sector, country, status, languages)"
        " VALUES (1, 'Odesa', 'library', 'public', 'UA', 'operating', '')",
        "INSERT INTO partnerships (id, programme_id, title, kind, status, version, languages,"
        " memorandum_version, memorandum_duration_months, plan_version, campaign_messages,"
        " public, step_entered_at, created_at, updated_at) VALUES (1, 1, 'T', 'sister',"
        " 'introduction', 1, 'uk', 0, 24, 0, '{}', 0, '2026-01-01', '2026-01-01', '2026-01-01')",
        "INSERT INTO parties (id, partnership_id, organisation_id, role, sector, contact_name,"
        " contact_role, contact_email, contact_languages)"
        " VALUES (1, 1, 1, 'lead', 'public', 'Olena', 'Head', 'o@example.org', 'uk,en')",
        "INSERT INTO meetings (id, partnership_id, number, held_at, place, attendance, minutes,"
        " evaluation, evaluated_at) VALUES (1, 1, 1, '2026-03-01 16:00:00',"
        " 'https://meet.example', 'all', 'We met.', 'Good.', '2026-03-02 10:00:00')",
    ]
    with engine.begin() as conn:
        for row in rows:
            conn.execute(text(row))
    schema.upgrade(url)
    with engine.connect() as conn:
        assert conn.execute(
            text("SELECT party_id, name, role, email, languages FROM contact_persons")
        ).all() == [(1, "Olena", "Head", "o@example.org", "uk,en")]
        assert conn.execute(
            text("SELECT meeting_id, side, worked FROM meeting_evaluations")
        ).all() == [(1, "animator", "Good.")]
        assert conn.execute(text("SELECT place_kind, timezone FROM meetings")).one() == (
            "online",
            "UTC",
        )
    schema.downgrade(url, "09799fa34fe6")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT contact_name, contact_email FROM parties")).one() == (
            "Olena",
            "o@example.org",
        )
        assert conn.execute(text("SELECT evaluation FROM meetings")).one() == ("Good.",)
    engine.dispose()

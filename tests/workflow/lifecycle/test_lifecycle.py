"""The lifecycle: which moves exist, what they require, and what they leave behind."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

import states
from states import introduction, memorandum, planning, selection
from tests.factories import (
    complete_campaign,
    complete_introduction,
    complete_planning,
    make_world,
    sign_all,
    sister,
)
from workflow.errors import (
    ConfirmationRequired,
    NotFound,
    PermissionDenied,
    ReasonRequired,
    RequirementsNotMet,
    StaleVersion,
    TransitionNotAllowed,
)
from workflow.lifecycle import moves as lifecycle_moves
from workflow.lifecycle.engine import ENGINE
from workflow.lifecycle.loading import load_partnership
from workflow.lifecycle.moves import advance, hold, move, move_options, resume, skip_memorandum
from workflow.memorandum.operations import generate_memorandum
from workflow.models import HistoryEntry, Partnership

OPEN = ["selection", "introduction", "memorandum", "planning", "campaign", "cooperation"]
TABLE = (
    [("selection", "advance", "sister", True), ("selection", "reopen", "sister", False)]
    + [(s, "advance", "sister", True) for s in OPEN[1:5]]
    + [(s, "reopen", "sister", True) for s in OPEN[1:]]
    + [(s, "hold", "sister", True) for s in OPEN]
    + [(s, "withdraw", "sister", True) for s in OPEN + ["on_hold"]]
    + [(s, "resume", "sister", False) for s in OPEN]
    + [
        ("memorandum", "skip_memorandum", "local", True),
        ("memorandum", "skip_memorandum", "sister", False),
        ("planning", "skip_memorandum", "local", False),
        ("cooperation", "advance", "sister", False),
        ("cooperation", "close", "sister", True),
        ("campaign", "close", "sister", False),
        ("closed", "reopen", "sister", True),
        ("closed", "hold", "sister", False),
        ("on_hold", "advance", "sister", False),
        ("on_hold", "resume", "sister", True),
        ("on_hold", "hold", "sister", False),
    ]
    + [("withdrawn", t, "sister", False) for t in ("advance", "reopen", "resume", "hold")]
)


@pytest.mark.parametrize(("state", "trigger", "kind", "allowed"), TABLE)
def test_the_moves_declared_from_each_state(state, trigger, kind, allowed):
    p = SimpleNamespace(
        status=state, kind=kind, held_from="planning" if state == "on_hold" else None
    )
    assert (ENGINE.option(p, trigger) is not None) is allowed


def test_resume_returns_to_the_step_that_was_left():
    p = SimpleNamespace(status="on_hold", kind="sister", held_from="memorandum")
    assert ENGINE.fire(p, "resume") == "memorandum"


def _party(name, role="partner", sector="public", **kw):
    org = SimpleNamespace(name=name)
    defaults = dict(has_contact_person=False, signed_version=None, plan_approved_version=None)
    return SimpleNamespace(organisation=org, role=role, sector=sector, **{**defaults, **kw})


def test_a_local_partnership_needs_all_three_sectors():
    p = SimpleNamespace(
        kind="local", parties=[_party("Library", "lead"), _party("Bakery", sector="economic")]
    )
    assert [m.msgid for m in selection.three_sectors_present(p)] == [
        "No partner from the social sector yet"
    ]


def test_a_sister_partnership_needs_a_partner():
    p = SimpleNamespace(kind="sister", parties=[_party("Odesa", "lead")])
    assert [str(m) for m in selection.parties_chosen(p)] == ["No partner has been chosen"]


def test_every_party_needs_a_contact_person_and_says_which_is_missing():
    p = SimpleNamespace(parties=[_party("Odesa", has_contact_person=True), _party("Liverpool")])
    assert [str(m) for m in introduction.every_party_has_contact_person(p)] == [
        "Liverpool has not named a contact person"
    ]


def test_a_meeting_recorded_but_not_evaluated_is_reported():
    meeting = SimpleNamespace(
        number=1, minutes="met", attendance="", attendees=["Olena"], evaluation=None
    )
    p = SimpleNamespace(meetings=[meeting])
    assert [str(m) for m in introduction.both_meetings_recorded_and_evaluated(p)] == [
        "The first partnership meeting is not evaluated",
        "The second partnership meeting is not recorded",
    ]


def test_a_meeting_without_attendance_is_not_recorded():
    meeting = SimpleNamespace(number=1, minutes="met", attendance="", attendees=[], evaluation="ok")
    p = SimpleNamespace(meetings=[meeting])
    assert "The first partnership meeting is not recorded" in [
        str(m) for m in introduction.both_meetings_recorded_and_evaluated(p)
    ]


def test_a_signature_of_an_older_version_does_not_count():
    p = SimpleNamespace(memorandum_version=2, parties=[_party("Odesa", signed_version=1)])
    assert [str(m) for m in memorandum.every_party_signed(p)] == [
        "Odesa has not signed the current version"
    ]


def test_an_edited_plan_needs_approval_again():
    p = SimpleNamespace(
        activities=[1], plan_version=3, parties=[_party("Odesa", plan_approved_version=2)]
    )
    assert len(planning.every_party_approved(p)) == 1


def _history(session, pid):
    return session.scalars(
        select(HistoryEntry).where(HistoryEntry.partnership_id == pid).order_by(HistoryEntry.id)
    ).all()


def test_a_partnership_walks_through_all_five_steps(session):
    w = make_world(session)
    pid = sister(session, w).id
    advance(session, pid, actor=w.coordinator)
    complete_introduction(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    generate_memorandum(session, w.coordinator, pid)
    sign_all(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    complete_planning(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    complete_campaign(session, w, pid)
    advance(session, pid, actor=w.coordinator)

    assert session.get(Partnership, pid).status == "cooperation"
    rows = [(h.from_state, h.to_state, h.trigger, h.actor_id) for h in _history(session, pid)]
    assert rows == [
        (None, "selection", "create", w.coordinator.id),
        ("selection", "introduction", "advance", w.coordinator.id),
        ("introduction", "memorandum", "advance", w.coordinator.id),
        ("memorandum", "planning", "advance", w.coordinator.id),
        ("planning", "campaign", "advance", w.coordinator.id),
        ("campaign", "cooperation", "advance", w.coordinator.id),
    ]


def test_leaving_a_step_with_missing_requirements_is_refused_with_what_is_missing(session):
    w = make_world(session)
    pid = sister(session, w).id
    advance(session, pid, actor=w.coordinator)
    with pytest.raises(RequirementsNotMet) as caught:
        advance(session, pid, actor=w.coordinator)
    assert "No leader of the partnership has been chosen" in [str(m) for m in caught.value.missing]
    assert session.get(Partnership, pid).status == "introduction"
    assert len(_history(session, pid)) == 2


@pytest.mark.parametrize("trigger", ["reopen", "hold", "withdraw"])
def test_moves_that_need_a_reason_are_refused_without_one(session, trigger):
    w = make_world(session)
    pid = sister(session, w).id
    advance(session, pid, actor=w.coordinator)
    with pytest.raises(ReasonRequired):
        move(session, pid, trigger, w.coordinator, reason="   ", confirmed=True)
    assert session.get(Partnership, pid).status == "introduction"


def test_hold_and_resume_return_to_the_same_step_with_the_reason_recorded(session):
    w = make_world(session)
    pid = sister(session, w).id
    advance(session, pid, actor=w.coordinator)
    hold(session, pid, actor=w.coordinator, reason="Summer holidays")
    assert session.get(Partnership, pid).status == "on_hold"
    resume(session, pid, actor=w.coordinator)
    p = session.get(Partnership, pid)
    assert (p.status, p.held_from) == ("introduction", None)
    assert _history(session, pid)[-2].reason == "Summer holidays"


def test_a_withdrawn_partnership_cannot_move_again(session):
    w = make_world(session)
    pid = sister(session, w).id
    with pytest.raises(ConfirmationRequired):
        lifecycle_moves.withdraw(
            session, pid, actor=w.coordinator, reason="The library was destroyed"
        )
    assert session.get(Partnership, pid).status == "selection"
    lifecycle_moves.withdraw(
        session, pid, actor=w.coordinator, reason="The library was destroyed", confirmed=True
    )
    with pytest.raises(TransitionNotAllowed):
        resume(session, pid, actor=w.coordinator)


def test_a_sister_partnership_cannot_skip_the_memorandum(session):
    w = make_world(session)
    pid = sister(session, w).id
    advance(session, pid, actor=w.coordinator)
    complete_introduction(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    with pytest.raises(TransitionNotAllowed):
        skip_memorandum(session, pid, actor=w.coordinator, reason="no need")


@pytest.mark.parametrize("who", ["animator", "odesa_librarian"])
def test_only_coordinators_move_partnerships(session, who):
    w = make_world(session)
    pid = sister(session, w).id
    with pytest.raises(PermissionDenied):
        advance(session, pid, actor=getattr(w, who))
    assert session.get(Partnership, pid).status == "selection"


def test_a_librarian_cannot_reach_another_librarys_partnership(session):
    w = make_world(session)
    pid = sister(session, w).id
    with pytest.raises(NotFound):
        load_partnership(session, pid, w.krakow_librarian)
    assert load_partnership(session, pid, w.liverpool_librarian).id == pid


def test_a_move_made_from_a_stale_page_is_refused(session):
    w = make_world(session)
    p = sister(session, w)
    seen = p.version
    advance(session, p.id, actor=w.coordinator, expected_version=seen)
    with pytest.raises(StaleVersion):
        hold(session, p.id, actor=w.coordinator, reason="x", expected_version=seen)
    assert session.get(Partnership, p.id).status == "introduction"


def test_a_crash_in_the_middle_of_a_move_leaves_nothing_behind(session, monkeypatch):
    w = make_world(session)
    pid = sister(session, w).id

    def broken_history(p, **_):
        raise RuntimeError("disk full")  # after the state's UPDATE has run

    monkeypatch.setattr(lifecycle_moves, "record_history", broken_history)
    with pytest.raises(RuntimeError):
        advance(session, pid, actor=w.coordinator)
    session.expire_all()
    assert session.get(Partnership, pid).status == "selection"
    assert session.scalar(select(func.count()).where(HistoryEntry.partnership_id == pid)) == 1


def test_the_move_options_offer_only_what_the_actor_may_do(session):
    w = make_world(session)
    p = sister(session, w)
    assert {o.trigger for o in move_options(p, w.coordinator)} == {"advance", "hold", "withdraw"}
    assert move_options(p, w.odesa_librarian) == []
    withdraw = next(o for o in move_options(p, w.coordinator) if o.trigger == "withdraw")
    assert withdraw.confirm and withdraw.needs_reason


def test_every_state_in_the_database_is_a_declared_state(session):
    w = make_world(session)
    p = sister(session, w)
    session.commit()
    with pytest.raises(Exception):  # noqa: B017  (the CHECK constraint, any driver error)
        session.execute(
            Partnership.__table__.update().where(Partnership.id == p.id).values(status="limbo")
        )
        session.flush()
    session.rollback()
    assert set(states.STATE_NAMES) >= {"selection", "cooperation", "on_hold", "withdrawn"}

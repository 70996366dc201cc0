"""The clause library and the memoranda composed from it, through the services."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from documents import context_hash
from tests.factories import complete_introduction, librarian_for, make_world, sister
from workflow import schema
from workflow.errors import InvalidInput, PermissionDenied
from workflow.lifecycle.documents import build_context
from workflow.lifecycle.moves import advance
from workflow.memorandum import clauses as lib
from workflow.memorandum.operations import generate_memorandum, sign_memorandum
from workflow.models import Clause, Partnership
from workflow.selection.partnerships import create_partnership


def clause(session: Session, key: str) -> Clause:
    found = session.scalar(select(Clause).where(Clause.key == key))
    assert found is not None
    return found


def values(c: Clause, **texts: tuple[str, str]) -> lib.ClauseValues:
    """``c``'s values with some languages' texts replaced."""
    given = {t.language: (t.title, t.text) for t in c.texts} | texts
    return lib.ClauseValues(
        texts=given,
        optional=c.optional,
        standard=c.standard,
        position=c.position,
        section=c.section,
        applies_to=c.applies_to,
    )


@pytest.fixture
def drafting(session: Session):  # type: ignore[no-untyped-def]
    """A sister partnership (uk, en) in the memorandum step, version 1."""
    w = make_world(session)
    p = sister(session, w)
    advance(session, p.id, actor=w.coordinator)
    complete_introduction(session, w, p.id)
    advance(session, p.id, actor=w.coordinator)
    generate_memorandum(session, w.coordinator, p.id)
    return w, p


def keys(p: Partnership) -> list[str]:
    return [c["key"] for c in build_context(p, "memorandum")["clauses"]]


def english(p: Partnership, key: str) -> str:
    found = next(c for c in build_context(p, "memorandum")["clauses"] if c["key"] == key)
    return str(found["texts"]["en"]["text"])


# --- placeholders -------------------------------------------------------------------


def test_known_placeholders_in_every_language_pass() -> None:
    texts = {"en": ("Term", "For %(months)s months."), "uk": ("Строк", "%(months)s місяців.")}
    assert lib.placeholder_problems(texts) == []


@pytest.mark.parametrize("wrong", ["%(month)s", "%(months)d", "%(months)", "%()s"])
def test_an_unknown_or_misspelt_placeholder_is_named(wrong: str) -> None:
    problems = lib.placeholder_problems({"en": ("Term", f"For {wrong} months.")})
    assert len(problems) == 1
    assert "is not a placeholder the memorandum knows" in str(problems[0])


def test_languages_naming_different_placeholders_are_refused() -> None:
    problems = lib.placeholder_problems(
        {"en": ("Term", "For %(months)s months."), "uk": ("Строк", "Два роки.")}
    )
    assert [str(x) for x in problems] == [
        "Every language must name the same placeholders: %(months)s."
    ]


def test_fill_replaces_placeholders_and_leaves_other_percent_signs() -> None:
    assert lib.fill("%(months)s months, 50% online", {"months": 24}) == "24 months, 50% online"


# --- the standard composition -------------------------------------------------------


def test_a_new_memorandum_has_the_standard_clauses_of_its_kind(drafting) -> None:  # type: ignore[no-untyped-def]
    _w, p = drafting
    assert keys(p) == [
        "preamble",
        "parties",
        "areas",
        "obligations",
        "principles",
        "term",
        "termination",
        "contacts",
        "provisions",
        "languages",
        "signatures",
    ]
    assert "%(months)s" not in english(p, "term") and "24" in english(p, "term")


def test_a_local_memorandum_has_the_local_variants(session: Session) -> None:
    w = make_world(session)
    p = create_partnership(
        session,
        w.coordinator,
        programme_id=w.programme.id,
        kind="local",
        title="Lipnica",
        languages=["pl"],
        lead_organisation_id=w.krakow.id,
    )
    found = keys(p)
    assert "preamble_local" in found and "principles_local" in found
    assert "preamble" not in found and "areas" not in found


# --- composing ------------------------------------------------------------------------


def test_a_mandatory_clause_cannot_be_removed(session: Session, drafting) -> None:  # type: ignore[no-untyped-def]
    w, p = drafting
    with pytest.raises(InvalidInput):
        lib.remove_clause(session, w.coordinator, p.id, clause(session, "parties").id)
    assert "parties" in keys(p)
    assert p.memorandum_version == 1


def test_an_added_clause_takes_its_section_s_place(session: Session, drafting) -> None:  # type: ignore[no-untyped-def]
    w, p = drafting
    new = lib.save_clause(
        session,
        w.coordinator,
        None,
        lib.ClauseValues(texts={"en": ("Data", "Personal data stay private.")}, section="other"),
        key="data_protection",
    )
    assert lib.add_clause(session, w.coordinator, p.id, new.id) == 2
    assert keys(p)[-3:] == ["data_protection", "languages", "signatures"]


def test_moving_skips_the_clauses_with_a_fixed_place(session: Session, drafting) -> None:  # type: ignore[no-untyped-def]
    w, p = drafting
    parties = clause(session, "parties").id
    lib.move_clause(session, w.coordinator, p.id, parties, -1)  # the preamble stays first
    assert keys(p)[:2] == ["preamble", "parties"]
    lib.move_clause(session, w.coordinator, p.id, parties, 1)
    assert keys(p)[:3] == ["preamble", "areas", "parties"]


def test_only_staff_compose(session: Session, drafting) -> None:  # type: ignore[no-untyped-def]
    w, p = drafting
    with pytest.raises(PermissionDenied):
        lib.add_clause(session, w.odesa_librarian, p.id, clause(session, "principles").id)


# --- what a library edit does -----------------------------------------------------


def test_a_library_edit_reaches_a_draft_and_changes_its_data_hash(
    session: Session,
    drafting,  # type: ignore[no-untyped-def]
) -> None:
    w, p = drafting
    before = context_hash(build_context(p, "memorandum"))
    stamp = p.version
    principles = clause(session, "principles")
    lib.save_clause(
        session,
        w.coordinator,
        principles.id,
        values(principles, en=("Principles of cooperation", "Equality and good faith.")),
    )
    session.refresh(p)
    assert english(p, "principles") == "Equality and good faith."
    assert context_hash(build_context(p, "memorandum")) != before
    assert p.version > stamp  # the stored documents of the old data are no longer current


def test_a_memorandum_signed_in_the_app_keeps_its_texts(session: Session, drafting) -> None:  # type: ignore[no-untyped-def]
    w, p = drafting
    party = p.parties[0]
    librarian = librarian_for(w, party.organisation_id)
    sign_memorandum(session, librarian, p.id, party_id=party.id, version=1)
    before = build_context(p, "memorandum")
    principles = clause(session, "principles")
    lib.save_clause(
        session,
        w.coordinator,
        principles.id,
        values(principles, en=("Principles of cooperation", "Something else.")),
    )
    session.refresh(p)
    assert build_context(p, "memorandum") == before
    # A new version is a draft again: it takes the library's text.
    generate_memorandum(session, w.coordinator, p.id)
    assert english(p, "principles") == "Something else."


def test_an_own_text_stays_the_partnership_s(session: Session, drafting) -> None:  # type: ignore[no-untyped-def]
    w, p = drafting
    other = sister(session, w, partner=w.krakow)
    term = clause(session, "term")
    own = "Three years, %(months)s months of which online."
    lib.set_clause_texts(session, w.coordinator, p.id, term.id, {"en": ("Term", own)})
    assert english(p, "term") == "Three years, 24 months of which online."
    assert "Three years" not in english(other, "term")
    # The library's text follows the library; the partnership's own does not.
    lib.save_clause(
        session, w.coordinator, term.id, values(term, en=("Term", "%(months)s months."))
    )
    session.refresh(p)
    assert english(p, "term") == "Three years, 24 months of which online."


def test_a_retired_clause_is_not_offered_but_stays_where_it_is(
    session: Session,
    drafting,  # type: ignore[no-untyped-def]
) -> None:
    w, p = drafting
    termination = clause(session, "termination")
    lib.move_clause(session, w.coordinator, p.id, termination.id, -1)  # composed: its own list
    lib.retire_clause(session, w.coordinator, termination.id)
    assert "termination" in keys(p)
    assert "termination" not in [c.key for c in lib.standard_clauses(session, "sister")]
    with pytest.raises(InvalidInput):
        lib.add_clause(session, w.coordinator, p.id, termination.id)
    with pytest.raises(InvalidInput):
        lib.retire_clause(session, w.coordinator, clause(session, "signatures").id)


def test_a_clause_without_a_title_or_with_a_bad_key_is_refused(
    session: Session,
    drafting,  # type: ignore[no-untyped-def]
) -> None:
    w, _p = drafting
    with pytest.raises(InvalidInput):
        lib.save_clause(
            session, w.coordinator, None, lib.ClauseValues(texts={"en": ("", "x")}), key="x_y"
        )
    with pytest.raises(InvalidInput):
        lib.save_clause(
            session, w.coordinator, None, lib.ClauseValues(texts={"en": ("T", "")}), key="Bad key"
        )
    with pytest.raises(InvalidInput):
        lib.save_clause(
            session, w.coordinator, None, lib.ClauseValues(texts={"en": ("T", "")}), key="term"
        )


def test_a_key_taken_after_the_check_is_refused_with_a_message(
    session: Session,
    drafting,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two coordinators adding the same key at once: the unique key decides."""
    w, _p = drafting
    # As if the other coordinator's clause were committed after the check.
    monkeypatch.setattr(session, "scalar", lambda *args, **kwargs: None)
    with pytest.raises(InvalidInput, match="already a clause with this key"):
        lib.save_clause(
            session, w.coordinator, None, lib.ClauseValues(texts={"en": ("T", "x")}), key="term"
        )
    monkeypatch.undo()
    assert session.scalar(select(func.count()).select_from(Clause).where(Clause.key == "term")) == 1


# --- the migration ----------------------------------------------------------------


def test_the_migration_turns_clauses_left_out_into_a_composition_and_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'clauses.sqlite3'}"
    schema.upgrade(url, "62dcb1de9844")
    # A plain engine: the application's (``make_engine``) counts the board's
    # changes in a table this old revision does not have yet.
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO programmes (id, name, animator_budget_minutes, created_at)"
                " VALUES (1, 'P', 960, '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO partnerships (id, programme_id, title, kind, status, version,"
                " languages, memorandum_version, memorandum_duration_months, plan_version,"
                " step_entered_at, created_at, updated_at, memorandum_omitted)"
                " VALUES (1, 1, 'T', 'sister', 'memorandum', 1, 'uk,en', 1, 24, 0,"
                " '2026-01-01', '2026-01-01', '2026-01-01', '[\"principles\", \"preamble\"]')"
            )
        )
    schema.upgrade(url)
    with engine.connect() as conn:
        composed = (
            conn.execute(
                text(
                    "SELECT c.key FROM memorandum_clauses m JOIN clauses c ON c.id = m.clause_id"
                    " WHERE m.partnership_id = 1 ORDER BY m.position"
                )
            )
            .scalars()
            .all()
        )
    assert composed[:2] == ["parties", "areas"]
    assert "principles" not in composed and "termination" in composed
    schema.downgrade(url, "62dcb1de9844")
    with engine.connect() as conn:
        omitted = conn.execute(text("SELECT memorandum_omitted FROM partnerships")).scalar_one()
    assert sorted(json.loads(omitted)) == ["preamble", "principles"]
    engine.dispose()

"""Small builders for tests: a world of libraries, users and partnerships."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from workflow.campaign.publications import add_publication
from workflow.introduction.contacts import set_contact
from workflow.introduction.leader import choose_leader
from workflow.introduction.meetings import evaluate_meeting, record_meeting
from workflow.lifecycle.loading import load_partnership
from workflow.memorandum.operations import sign_memorandum
from workflow.models import Organisation, Partnership, Programme, User
from workflow.people.users import create_user
from workflow.planning.activities import add_activity
from workflow.planning.approval import approve_plan
from workflow.selection.partnerships import create_partnership

MIGRATIONS = Path(__file__).resolve().parents[1] / "workflow" / "migrations" / "versions"


@dataclass
class World:
    programme: Programme
    coordinator: User
    animator: User
    admin: User
    odesa: Organisation
    liverpool: Organisation
    krakow: Organisation
    odesa_librarian: User
    liverpool_librarian: User
    krakow_librarian: User


def make_world(session: Session) -> World:
    programme = Programme(name="Test programme")
    odesa = Organisation(name="Одеська обласна бібліотека", country="UA", city="Одеса")
    liverpool = Organisation(name="Liverpool Central Library", country="GB", city="Liverpool")
    krakow = Organisation(name="Biblioteka w Krakowie", country="PL", city="Kraków")
    session.add_all([programme, odesa, liverpool, krakow])
    session.flush()

    def user(email: str, role: str, org: Organisation | None = None) -> User:
        return create_user(
            session,
            email=email,
            name=email.split("@")[0],
            password="password-123",
            role=role,
            organisation_id=org.id if org else None,
        )

    world = World(
        programme=programme,
        coordinator=user("coordinator@example.org", "coordinator"),
        animator=user("animator@example.org", "animator"),
        admin=user("admin@example.org", "admin"),
        odesa=odesa,
        liverpool=liverpool,
        krakow=krakow,
        odesa_librarian=user("odesa@example.org", "librarian", odesa),
        liverpool_librarian=user("liverpool@example.org", "librarian", liverpool),
        krakow_librarian=user("krakow@example.org", "librarian", krakow),
    )
    session.commit()
    return world


def sister(
    session: Session,
    w: World,
    lead: Organisation | None = None,
    partner: Organisation | None = None,
) -> Partnership:
    return create_partnership(
        session,
        w.coordinator,
        programme_id=w.programme.id,
        kind="sister",
        title="Odesa – Liverpool",
        languages=["uk", "en"],
        lead_organisation_id=(lead or w.odesa).id,
        partner_organisation_id=(partner or w.liverpool).id,
        reason="Similar cities",
    )


def complete_introduction(session: Session, w: World, pid: int) -> None:
    """Record everything the introduction step needs (the partnership is in it)."""
    p = load_partnership(session, pid, w.coordinator)
    for party in p.parties:
        set_contact(
            session,
            w.coordinator,
            pid,
            party.id,
            name="Olena",
            role="Head",
            email=f"c{party.id}@example.org",
            signatory_name="Director",
            signatory_role="Director",
        )
    for number in (1, 2):
        record_meeting(
            session,
            w.animator,
            pid,
            number=number,
            held_at=datetime(2026, 3, number, 16, 0),
            place="online",
            attendance="all",
            minutes="We met.",
        )
        evaluate_meeting(session, w.animator, pid, number=number, evaluation="Good.")
    choose_leader(session, w.coordinator, pid, party_id=p.parties[0].id)


def librarian_for(w: World, organisation_id: int) -> User:
    return {
        w.odesa.id: w.odesa_librarian,
        w.liverpool.id: w.liverpool_librarian,
        w.krakow.id: w.krakow_librarian,
    }[organisation_id]


def sign_all(session: Session, w: World, pid: int) -> None:
    p = load_partnership(session, pid, w.coordinator)
    for party in p.parties:
        sign_memorandum(
            session,
            librarian_for(w, party.organisation_id),
            pid,
            party_id=party.id,
            version=p.memorandum_version,
        )


def complete_planning(session: Session, w: World, pid: int) -> None:
    p = load_partnership(session, pid, w.coordinator)
    add_activity(
        session,
        w.coordinator,
        pid,
        title="Book exchange",
        direction="humanitarian",
        responsible_party_id=p.parties[0].id,
        starts_on=date(2026, 5, 1),
    )
    p = load_partnership(session, pid, w.coordinator)
    for party in p.parties:
        approve_plan(
            session,
            librarian_for(w, party.organisation_id),
            pid,
            party_id=party.id,
            version=p.plan_version,
        )


def complete_campaign(session: Session, w: World, pid: int) -> None:
    add_publication(
        session,
        w.coordinator,
        pid,
        channel="website",
        language="uk",
        message="Ми стали бібліотеками-посестрами",
        planned_on=date(2026, 6, 1),
        published_on=date(2026, 6, 2),
        url="https://example.org/n",
        reach=10,
    )


def standard_clauses(
    kind: str = "sister", languages: list[str] | None = None, months: int = 24
) -> list[dict[str, Any]]:
    """The standard clauses as ``workflow.lifecycle.documents`` puts them in a memorandum's
    context, for tests that render one without a database: the texts the
    clause library is seeded with (by its migration)."""
    from workflow.memorandum.composition import fill

    path = next(MIGRATIONS.glob("*_clause_library_and_memorandum_.py"))
    spec = importlib.util.spec_from_file_location("clause_library_migration", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return [
        {
            "key": key,
            "section": section,
            "texts": {
                lang: {
                    "title": texts[lang][0],
                    "text": fill(texts[lang][1], {"months": months}),
                    "lang": lang,
                }
                for lang in languages or ["uk", "en"]
            },
        }
        for key, section, _position, _optional, applies_to, texts in migration.STANDARD
        if applies_to in ("both", kind)
    ]

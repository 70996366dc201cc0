"""The information campaign: audience, key messages, publications, the
campaign brief and the press release."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from documents import render_html, render_pdf
from tests.factories import (
    World,
    complete_introduction,
    complete_planning,
    make_world,
    sign_all,
    sister,
)
from workflow.campaign.publications import add_publication, mark_published, set_campaign
from workflow.errors import DomainError, InvalidInput, RequirementsNotMet
from workflow.lifecycle.documents import build_context, get_or_render
from workflow.lifecycle.loading import load_partnership
from workflow.lifecycle.moves import advance
from workflow.memorandum.context import memorandum_signed_on
from workflow.memorandum.operations import generate_memorandum
from workflow.models import Partnership

ODESA = "Одеська обласна бібліотека"
LIVERPOOL = "Liverpool Central Library"


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with whitespace collapsed (line breaks fall inside names)."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def to_campaign(session: Session, w: World, partner=None) -> int:
    """A sister partnership walked to the campaign step, signed on 14 March 2026."""
    pid = sister(session, w, partner=partner).id
    advance(session, pid, actor=w.coordinator)
    complete_introduction(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    generate_memorandum(session, w.coordinator, pid)
    sign_all(session, w, pid)
    p = session.get(Partnership, pid)
    p.parties[0].signed_at = datetime(2026, 3, 12, 9, 0)
    p.parties[1].signed_at = datetime(2026, 3, 14, 15, 30)
    session.commit()
    advance(session, pid, actor=w.coordinator)
    complete_planning(session, w, pid)
    advance(session, pid, actor=w.coordinator)
    assert session.get(Partnership, pid).status == "campaign"
    return pid


def _activity_id(session: Session, w: World, pid: int) -> int:
    return load_partnership(session, pid, w.coordinator).activities[0].id


def plan(session: Session, w: World, pid: int, **more) -> int:
    values = {
        "channel": "facebook",
        "language": "en",
        "message": "We are sister libraries now",
        "planned_on": date(2026, 6, 1),
    }
    values.update(more)
    return add_publication(session, w.coordinator, pid, **values).id


# --- services ---------------------------------------------------------------------


def test_the_audience_and_a_key_message_per_language_are_kept(session):
    w = make_world(session)
    pid = to_campaign(session, w)

    set_campaign(
        session,
        w.odesa_librarian,
        pid,
        audience="  Readers of both cities  ",
        messages={"uk": "Разом сильніші", "en": "Stronger together"},
    )

    p = session.get(Partnership, pid)
    session.refresh(p)
    assert p.campaign_audience == "Readers of both cities"
    assert p.campaign_messages == {"uk": "Разом сильніші", "en": "Stronger together"}


def test_a_key_message_in_a_language_the_partnership_does_not_use_is_refused(session):
    w = make_world(session)
    pid = to_campaign(session, w)
    with pytest.raises(InvalidInput) as caught:
        set_campaign(session, w.coordinator, pid, audience="", messages={"pl": "Razem"})
    assert "partnership's languages" in str(caught.value)


def test_the_campaign_is_recorded_only_in_the_campaign_and_cooperation(session):
    w = make_world(session)
    pid = sister(session, w).id
    with pytest.raises(DomainError):
        set_campaign(session, w.coordinator, pid, audience="x", messages={})
    with pytest.raises(DomainError):
        plan(session, w, pid)


def test_a_librarian_of_another_library_cannot_plan_a_publication(session):
    w = make_world(session)
    pid = to_campaign(session, w)
    with pytest.raises(DomainError):
        add_publication(
            session,
            w.krakow_librarian,
            pid,
            channel="radio",
            language="en",
            message="Hello",
            planned_on=date(2026, 6, 1),
        )


def test_a_publication_announces_an_activity_of_its_own_plan(session):
    w = make_world(session)
    pid = to_campaign(session, w)
    activity_id = _activity_id(session, w, pid)

    publication_id = plan(session, w, pid, activity_id=activity_id)

    p = load_partnership(session, pid, w.coordinator)
    publication = next(x for x in p.publications if x.id == publication_id)
    assert publication.activity.title == "Book exchange"


def test_a_publication_linked_to_an_activity_of_another_partnership_is_refused(session):
    w = make_world(session)
    pid = to_campaign(session, w)
    other = to_campaign(session, w, partner=w.krakow)
    foreign = _activity_id(session, w, other)

    with pytest.raises(InvalidInput) as caught:
        plan(session, w, pid, activity_id=foreign)

    assert "this partnership's plan" in str(caught.value)
    assert load_partnership(session, pid, w.coordinator).publications == []


@pytest.mark.parametrize(
    "url", ["ftp://example.org/x", "javascript:alert(1)", "example.org/news", "https://"]
)
def test_marking_published_with_an_address_that_is_not_a_web_address_is_refused(session, url):
    w = make_world(session)
    pid = to_campaign(session, w)
    publication_id = plan(session, w, pid)

    with pytest.raises(InvalidInput) as caught:
        mark_published(
            session, w.coordinator, pid, publication_id=publication_id,
            published_on=date(2026, 6, 2), url=url,
        )  # fmt: skip

    assert "https://" in str(caught.value)
    publication = load_partnership(session, pid, w.coordinator).publications[0]
    assert (publication.published_on, publication.url) == (None, None)


def test_a_negative_reach_is_refused(session):
    w = make_world(session)
    pid = to_campaign(session, w)
    publication_id = plan(session, w, pid)
    with pytest.raises(InvalidInput):
        mark_published(
            session, w.coordinator, pid, publication_id=publication_id,
            published_on=date(2026, 6, 2), reach=-1,
        )  # fmt: skip
    with pytest.raises(InvalidInput):
        plan(session, w, pid, reach=-1)


def test_the_step_is_left_once_a_publication_is_planned_and_one_published(session):
    w = make_world(session)
    pid = to_campaign(session, w)
    with pytest.raises(RequirementsNotMet):
        advance(session, pid, actor=w.coordinator)
    publication_id = plan(session, w, pid)
    with pytest.raises(RequirementsNotMet) as caught:
        advance(session, pid, actor=w.coordinator)
    assert [str(x) for x in caught.value.missing] == ["Nothing has been published yet"]

    mark_published(
        session,
        w.liverpool_librarian,
        pid,
        publication_id=publication_id,
        published_on=date(2026, 6, 2),
        url="https://example.org/news/1",
        reach=300,
    )
    advance(session, pid, actor=w.coordinator)

    assert session.get(Partnership, pid).status == "cooperation"
    # ... and the campaign goes on in cooperation.
    plan(session, w, pid, channel="newsletter", activity_id=_activity_id(session, w, pid))
    set_campaign(session, w.coordinator, pid, audience="Everyone", messages={})


# --- documents ----------------------------------------------------------------------


def test_the_press_release_names_both_libraries_and_the_signing_date_in_both_languages(
    session,
):
    w = make_world(session)
    pid = to_campaign(session, w)
    set_campaign(
        session,
        w.coordinator,
        pid,
        audience="Readers",
        messages={"uk": "Разом сильніші", "en": "Stronger together"},
    )
    p = load_partnership(session, pid, w.coordinator)

    assert memorandum_signed_on(p) == date(2026, 3, 14)  # the last party signed
    context = build_context(p, "press_release")
    assert context["signed_on"] == "2026-03-14"
    assert context["languages"] == ["uk", "en"]
    text = pdf_text(get_or_render(session, p, "press_release").pdf)

    assert text.count(ODESA) >= 2 and text.count(LIVERPOOL) >= 2
    assert "signed a memorandum of cooperation on 14 March 2026" in text
    assert "14 березня 2026" in text
    assert "Разом сильніші" in text and "Stronger together" in text
    assert "Book exchange" in text  # the planned activity
    assert "Olena" in text and "@example.org" in text  # the contact persons


def test_without_signatures_the_date_is_when_the_memorandum_step_was_left(session):
    w = make_world(session)
    pid = to_campaign(session, w)
    p = session.get(Partnership, pid)
    p.memorandum_version += 1  # a new version voids the signatures
    session.commit()
    left = next(h for h in p.history if h.from_state == "memorandum")

    assert memorandum_signed_on(p) == left.at.date()


def test_a_local_partnership_without_a_memorandum_gets_a_sentence_about_it():
    context = {
        "kind": "press_release",
        "languages": ["pl"],
        "generated_on": "2026-04-01",
        "partnership": {"id": 1, "title": "Partnerstwo w Lipnicy", "kind": "local"},
        "parties": [
            {
                "name": "Biblioteka w Lipnicy",
                "name_latin": None,
                "role": "lead",
                "sector": "public",
                "contact_name": "Anna",
                "contact_role": None,
                "contact_email": None,
            },
            {
                "name": "Piekarnia Kowalski",
                "name_latin": None,
                "role": "partner",
                "sector": "economic",
                "contact_name": None,
                "contact_role": None,
                "contact_email": None,
            },
        ],
        "signed_on": None,
        "memorandum_skipped": True,
        "lead": "Biblioteka w Lipnicy",
        "lead_latin": None,
        "messages": {"pl": ""},
        "activities": [],
    }
    assert render_pdf("press_release", context).startswith(b"%PDF")
    body = " ".join(render_html("press_release", context).split()).split("<body", 1)[1]

    # In Polish, the partnership's one language: no word of a memorandum (porozumienie).
    assert "memorandum" not in body.lower() and "porozumieni" not in body.lower()
    assert (
        "Powołano partnerstwo lokalne: Biblioteka w Lipnicy wraz z partnerami (Piekarnia Kowalski)"
        in body
    )


def test_the_campaign_brief_shows_the_campaign_and_what_was_published(session):
    w = make_world(session)
    pid = to_campaign(session, w)
    set_campaign(
        session,
        w.coordinator,
        pid,
        audience="Displaced readers in Liverpool",
        messages={"uk": "Разом сильніші", "en": "Stronger together"},
    )
    publication_id = plan(session, w, pid, activity_id=_activity_id(session, w, pid))
    plan(session, w, pid, channel="radio", message="On air soon", planned_on=date(2026, 7, 1))
    mark_published(
        session,
        w.coordinator,
        pid,
        publication_id=publication_id,
        published_on=date(2026, 6, 2),
        url="https://example.org/news/odesa-liverpool",
        reach=1200,
    )
    p = load_partnership(session, pid, w.coordinator)

    context = build_context(p, "campaign_brief")
    assert context["channels"] == ["facebook", "radio"]
    assert context["publications"][0]["activity"] == {
        "uk": "Book exchange",
        "en": "Book exchange",
    }
    text = pdf_text(get_or_render(session, p, "campaign_brief").pdf)

    assert "Displaced readers in Liverpool" in text
    assert "Разом сильніші" in text and "Stronger together" in text
    assert "Book exchange" in text
    assert "2026-06-02" in text
    assert "https://example.org/news/odesa-liverpool" in text
    assert "1,200" in text or "1 200" in text
    assert "On air soon" in text

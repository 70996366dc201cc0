"""Documents: the URL fetcher, rendering in the partnership's languages, the PDF store."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import documents
from documents import KINDS, context_hash, html_to_pdf, i18n, render_html, render_pdf, safe_fetcher
from documents import render as rendering
from tests.factories import standard_clauses
from workflow.lifecycle.documents import build_context, document_kinds_for, get_or_render
from workflow.models import (
    Activity,
    Meeting,
    MeetingEvaluation,
    Organisation,
    Partnership,
    Party,
    Programme,
    Publication,
    StoredDocument,
)

LUHANSK = "Луганська обласна універсальна наукова бібліотека"
LUHANSK_LATIN = "Luhansk Regional Universal Scientific Library"
LIVERPOOL = "Liverpool Central Library"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text with whitespace collapsed (line breaks fall inside names)."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def pdf_info(pdf: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler-utils' pdfinfo is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout


def party(name: str, latin: str | None, country: str, city: str, **more: Any) -> dict[str, Any]:
    return {
        "name": name,
        "name_latin": latin,
        "country": country,
        "city": city,
        "works_now_in": None,
        "role": "partner",
        "sector": "public",
        "library_type": "regional",
        "population": 100000,
        "status": "operating",
        "contact_name": "Contact",
        "contact_role": "Head",
        "contact_email": "c@example.org",
        "signatory_name": "Director",
        "signatory_role": "Director",
        "signed": False,
        "signed_at": None,
        **more,
    }


def context(kind: str, languages: list[str] | None = None) -> dict[str, Any]:
    """A context as ``workflow.lifecycle.documents.build_context`` makes it, by hand."""
    ctx: dict[str, Any] = {
        "kind": kind,
        "languages": languages or ["uk", "en"],
        "generated_on": "2026-03-14",
        "partnership": {"id": 1, "title": "Луганськ – Liverpool", "kind": "sister", "status": kind},
        "parties": [
            party(
                LUHANSK,
                LUHANSK_LATIN,
                "UA",
                "Луганськ",
                role="lead",
                status="relocated",
                works_now_in="Черкаси",
                signed=True,
                signed_at="2026-03-14",
            ),
            party(LIVERPOOL, None, "GB", "Liverpool"),
        ],
    }
    ctx.update(
        {
            "selection_report": {
                "selection_reason": "Similar communities.",
                "shortlist": [
                    {"name": LIVERPOOL, "country": "GB", "score": 0.91, "reasons": ["size"]}
                ],
            },
            "meeting_record": {
                "meetings": [
                    {
                        "number": 1,
                        "held_at": "2026-03-01 18:00",
                        "timezone": "Europe/Kyiv",
                        "planned_minutes": 120,
                        "place_kind": "online",
                        "place": "online",
                        "agenda": [
                            {"key": "introductions", "covered": True},
                            {"key": "needs", "covered": False},
                        ],
                        "invited": 10,
                        "attendees": [
                            {
                                "name": "Олена Коваленко",
                                "organisation": LUHANSK,
                                "sector": "public",
                                "decision_maker": True,
                            }
                        ],
                        "attendance": "all",
                        "minutes": "We met.",
                        "evaluation": "Good.",
                        "evaluations": [
                            {
                                "side": "animator",
                                "worked": "Good.",
                                "to_change": "Start on time.",
                                "next_steps": "",
                                "engagement": [{"name": LIVERPOOL, "score": 4}],
                            }
                        ],
                    }
                ]
            },
            "memorandum": {
                "memorandum_version": 1,
                "clauses": standard_clauses("sister", ctx["languages"]),
                "duration_months": 24,
                "leader": LUHANSK,
                "leader_latin": LUHANSK_LATIN,
                "cooperation_rules": "Online meetings once a quarter.",
            },
            "activity_plan": {
                "plan_version": 1,
                "activities": [
                    {
                        "texts": {
                            "uk": {"title": "Обмін книжками", "description": "200 книжок"},
                            "en": {"title": "Book exchange", "description": "200 books"},
                        },
                        "direction": "humanitarian",
                        "status": "planned",
                        "responsible": LIVERPOOL,
                        "involved": [LUHANSK],
                        "starts_on": "2026-05-01",
                        "ends_on": None,
                        "place": "online",
                        "resources": "200 books",
                        "expected_result": "Readers in Cherkasy get books",
                        "indicator": "200 books sent",
                        "development_plan_url": None,
                    }
                ],
            },
            "campaign_brief": {
                "audience": "Readers in Cherkasy and Liverpool",
                "messages": {"uk": "Разом сильніші", "en": "Stronger together"},
                "channels": ["website"],
                "publications": [
                    {
                        "channel": "website",
                        "language": "uk",
                        "message": "Ми стали бібліотеками-посестрами",
                        "planned_on": "2026-06-01",
                        "published_on": "2026-06-02",
                        "url": "https://example.org/n",
                        "reach": 10,
                        "activity": {"uk": "Обмін книжками", "en": "Book exchange"},
                    }
                ],
            },
            "press_release": {
                "signed_on": "2026-03-14",
                "memorandum_skipped": False,
                "lead": LUHANSK,
                "lead_latin": LUHANSK_LATIN,
                "messages": {"uk": "Разом сильніші", "en": "Stronger together"},
                "activities": [
                    {
                        "titles": {"uk": "Обмін книжками", "en": "Book exchange"},
                        "starts_on": "2026-05-01",
                        "ends_on": None,
                    }
                ],
            },
        }[kind if kind != "evaluation" else "meeting_record"]
    )
    return ctx


# --- the URL fetcher ---------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["http://example.com/x.png", "https://example.com/x.css", "ftp://example.com/x"],
)
def test_the_fetcher_refuses_the_network(url: str) -> None:
    with pytest.raises(ValueError):
        safe_fetcher(url)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        rendering.PACKAGE_DIR.as_uri() + "/../workflow/models.py",
        rendering.PACKAGE_DIR.as_uri() + "/%2e%2e/workflow/models.py",
        "file://elsewhere/share/x.css",
    ],
)
def test_the_fetcher_refuses_files_outside_the_package(url: str) -> None:
    with pytest.raises(ValueError):
        safe_fetcher(url)


def test_the_fetcher_serves_the_package_stylesheet() -> None:
    response = safe_fetcher(rendering.STYLESHEET.as_uri())
    try:
        assert b"@page" in response.read()
    finally:
        response.close()


def test_a_document_pointing_outside_is_rendered_without_fetching_anything(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import weasyprint.urls

    fetched: list[str] = []
    real_fetch = weasyprint.urls.URLFetcher.fetch

    def recording_fetch(self: Any, url: str, headers: Any = None) -> Any:
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch", recording_fetch)
    html = (
        '<html><head><link rel="stylesheet" href="file:///etc/passwd"></head>'
        '<body><img src="http://example.com/x.png"><img src="../../etc/hostname">'
        "<p>Text</p></body></html>"
    )
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = html_to_pdf(html)

    assert pdf.startswith(b"%PDF")
    assert fetched == []
    refused = [r.getMessage() for r in caplog.records if "ValueError" in r.getMessage()]
    assert len(refused) == 3


# --- rendering -----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_renders_a_pdf_naming_the_parties(kind: str, tmp_path: Path) -> None:
    pdf = render_pdf(kind, context(kind))

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert LUHANSK in text
    assert LIVERPOOL in text


def test_a_local_partnership_names_its_partners_by_sector() -> None:
    ctx = context("memorandum", ["en"])
    ctx["partnership"]["kind"] = "local"
    ctx["clauses"] = standard_clauses("local", ["en"])
    ctx["parties"] = [
        party("Gminna Biblioteka Publiczna w Zwierzyńcu", None, "PL", "Zwierzyniec", role="lead"),
        party("Stowarzyszenie „Razem”", None, "PL", "Zwierzyniec", sector="social"),
    ]
    html = render_html("memorandum", ctx)

    assert "lead library" in html
    assert "partner from the social sector" in html
    assert "countering disinformation" not in html  # the sister libraries' directions


def test_render_pdf_is_html_to_pdf_of_render_html(tmp_path: Path) -> None:
    ctx = context("meeting_record")
    assert pdf_text(render_pdf("meeting_record", ctx), tmp_path) == pdf_text(
        html_to_pdf(render_html("meeting_record", ctx)), tmp_path
    )


def test_the_memorandum_fits_one_page_for_two_parties_in_two_languages(tmp_path: Path) -> None:
    info = pdf_info(render_pdf("memorandum", context("memorandum")), tmp_path)
    assert re.search(r"^Pages:\s+1$", info, re.M)


def test_the_activity_plan_is_landscape(tmp_path: Path) -> None:
    info = pdf_info(render_pdf("activity_plan", context("activity_plan")), tmp_path)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert width > height


def test_the_memorandum_has_a_heading_in_each_of_its_languages(tmp_path: Path) -> None:
    text = pdf_text(render_pdf("memorandum", context("memorandum", ["uk", "en"])), tmp_path)

    assert "Memorandum of cooperation" in text
    ukrainian = i18n.gettext_for("uk")("Memorandum of cooperation")
    if ukrainian != "Memorandum of cooperation":  # once the uk catalog is compiled
        assert ukrainian in text


@pytest.fixture
def catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Compiled catalogs in a temporary translations folder (uk and pl)."""
    for lang, title in (("uk", "Меморандум про співпрацю"), ("pl", "Porozumienie o współpracy")):
        catalog = Catalog(locale=lang, domain="messages")
        catalog.add("Memorandum of cooperation", title)
        catalog.add(
            "Version %(version)s", {"uk": "Версія %(version)s", "pl": "Wersja %(version)s"}[lang]
        )
        folder = tmp_path / "translations" / lang / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with open(folder / "messages.mo", "wb") as mo:
            write_mo(mo, catalog)
    monkeypatch.setattr(i18n, "TRANSLATIONS_DIR", tmp_path / "translations")
    i18n.clear_cache()
    yield tmp_path / "translations"
    i18n.clear_cache()


def test_a_document_speaks_the_partnership_languages_not_the_viewer_s(
    catalogs: Path, tmp_path: Path
) -> None:
    text = pdf_text(render_pdf("memorandum", context("memorandum", ["uk", "en"])), tmp_path)

    assert "Меморандум про співпрацю" in text
    assert "Memorandum of cooperation" in text
    assert "Версія 1" in text and "Version 1" in text
    assert "Porozumienie o współpracy" not in text


def test_three_languages_are_stacked(catalogs: Path) -> None:
    html = render_html("memorandum", context("memorandum", ["pl", "uk", "en"]))

    # The text, then its closing words kept with the signatures: each stacked.
    text, closing = html.split('<div class="closing">')
    assert text.count('class="stacked"') == closing.count('class="stacked"') == 3
    assert 'class="column"' not in html
    positions = [html.index(t) for t in ("Porozumienie o", "Меморандум про", "Memorandum of")]
    assert positions == sorted(positions)


def test_two_languages_are_side_by_side() -> None:
    html = render_html("memorandum", context("memorandum", ["uk", "en"]))
    # The text, then its closing words kept with the signatures: each side by side.
    for part in html.split('<div class="closing">'):
        assert part.count('<div class="column" lang="uk">') == 1
        assert part.count('<div class="column" lang="en">') == 1


def test_values_from_the_context_are_escaped() -> None:
    ctx = context("selection_report")
    ctx["selection_reason"] = '<img src="http://example.com/x.png">'
    assert "<img" not in render_html("selection_report", ctx)


def test_unknown_kinds_and_languages_are_refused() -> None:
    with pytest.raises(KeyError):
        render_html("invoice", context("memorandum"))
    for languages in ([], ["uk", "en", "pl", "de"], ["de"], ["uk", "uk"]):
        ctx = context("memorandum")
        ctx["languages"] = languages
        with pytest.raises(ValueError):
            render_html("memorandum", ctx)


def test_templates_translate_only_literal_messages() -> None:
    """``pybabel extract`` sees ``_('literal')`` only; a variable would go untranslated."""
    offenders = []
    for template in sorted((rendering.TEMPLATES_DIR).glob("*.html")):
        source = re.sub(r"\{#.*?#\}", "", template.read_text(), flags=re.S)
        offenders += [
            f"{template.name}: {m.group(0)}" for m in re.finditer(r"\b_\(\s*[^'\"\s]", source)
        ]
    assert offenders == []


# --- context hash ----------------------------------------------------------------


def test_context_hash_is_stable_for_equal_contexts() -> None:
    a = context("memorandum")
    b = json.loads(json.dumps(a))  # equal data, other objects, other key order
    b = dict(reversed(list(b.items())))

    assert context_hash(a) == context_hash(b)
    assert re.fullmatch(r"[0-9a-f]{64}", context_hash(a))


def test_context_hash_changes_with_a_party_name() -> None:
    a = context("memorandum")
    b = context("memorandum")
    b["parties"][1]["name"] = "Liverpool Central Library (Picton Reading Room)"

    assert context_hash(a) != context_hash(b)


def test_the_package_exports_its_api() -> None:
    assert set(documents.__all__) >= {
        "KINDS",
        "context_hash",
        "html_to_pdf",
        "render_html",
        "render_pdf",
    }
    assert KINDS == (
        "selection_report",
        "meeting_record",
        "evaluation",
        "memorandum",
        "activity_plan",
        "campaign_brief",
        "press_release",
    )


# --- workflow.lifecycle.documents ---------------------------------------------------------


def make_partnership(session: Session) -> Partnership:
    programme = Programme(name="Sister libraries")
    luhansk = Organisation(
        name=LUHANSK,
        name_latin=LUHANSK_LATIN,
        country="UA",
        city="Луганськ",
        status="relocated",
        works_now_in="Черкаси",
        population=1_500_000,
    )
    liverpool = Organisation(name=LIVERPOOL, country="GB", city="Liverpool", population=486_000)
    session.add_all([programme, luhansk, liverpool])
    session.flush()
    p = Partnership(
        programme_id=programme.id,
        title="Луганськ – Liverpool",
        kind="sister",
        languages="uk,en",
        selection_reason="Similar communities.",
        memorandum_version=1,
    )
    session.add(p)
    session.flush()
    lead = Party(
        partnership_id=p.id,
        organisation_id=luhansk.id,
        role="lead",
        contact_name="Олена",
        contact_email="o@example.org",
        signatory_name="Ірина Дмитренко",
        signatory_role="директорка",
        signed_version=1,
        signed_at=datetime(2026, 3, 14, 10, 0),
    )
    partner = Party(
        partnership_id=p.id,
        organisation_id=liverpool.id,
        contact_name="Jane Smith",
        contact_email="j@example.org",
        signatory_name="John Brown",
        signatory_role="Library Manager",
    )
    session.add_all([lead, partner])
    session.flush()
    p.leader_party_id = lead.id
    session.add_all(
        [
            Meeting(
                partnership_id=p.id,
                number=1,
                held_at=datetime(2026, 3, 1, 16, 0),
                place="online",
                minutes="We met.",
                evaluations=[MeetingEvaluation(side="animator", worked="Good.")],
            ),
            Activity(
                partnership_id=p.id,
                title="Book exchange",
                direction="humanitarian",
                responsible_party_id=partner.id,
                starts_on=date(2026, 5, 1),
            ),
            Publication(
                partnership_id=p.id,
                channel="website",
                language="uk",
                message="Ми стали бібліотеками-посестрами",
                planned_on=date(2026, 6, 1),
                published_on=date(2026, 6, 2),
                url="https://example.org/n",
                reach=10,
            ),
        ]
    )
    session.flush()
    session.expire(p)
    return p


@pytest.mark.parametrize("kind", KINDS)
def test_a_context_is_plain_data(session: Session, kind: str) -> None:
    ctx = build_context(make_partnership(session), kind)

    assert json.loads(json.dumps(ctx)) == ctx  # no dates, no ORM objects
    assert ctx["kind"] == kind
    assert ctx["languages"] == ["uk", "en"]
    assert [x["name"] for x in ctx["parties"]] == [LUHANSK, LIVERPOOL]


def test_the_meeting_record_names_the_agenda_and_attendees_in_each_language() -> None:
    html = render_html("meeting_record", context("meeting_record"))
    assert "Учасники знайомляться" in html and "Participants get to know each other" in html
    assert "Олена Коваленко" in html and "ухвалює рішення" in html
    assert "2026-03-01 18:00 (Europe/Kyiv)" in html
    assert "1 of 10 invited came" in html


def test_the_evaluation_document_gives_each_partner_s_engagement() -> None:
    html = render_html("evaluation", context("evaluation"))
    assert "Оцінювання аніматора" in html and "Engagement (1-5)" in html
    assert f"{LIVERPOOL} — 4" in html
    assert "Start on time." in html


def test_the_meeting_record_hides_contacts_until_every_party_accepted(session: Session) -> None:
    p = make_partnership(session)
    assert [x["contact_name"] for x in build_context(p, "meeting_record")["parties"]] == [
        None,
        None,
    ]
    for party in p.parties:
        party.accepted_at = datetime(2026, 3, 1)
    assert all(x["contact_name"] for x in build_context(p, "meeting_record")["parties"])


def test_a_context_shows_signatures_of_the_current_version_only(session: Session) -> None:
    p = make_partnership(session)
    lead, partner = build_context(p, "memorandum")["parties"]
    assert (lead["signed"], lead["signed_at"]) == (True, "2026-03-14")
    assert (partner["signed"], partner["signed_at"]) == (False, None)

    p.memorandum_version = 2
    lead, _ = build_context(p, "memorandum")["parties"]
    assert (lead["signed"], lead["signed_at"]) == (False, None)


def test_a_context_holds_its_kind_s_data(session: Session) -> None:
    p = make_partnership(session)
    assert build_context(p, "meeting_record")["meetings"][0]["held_at"] == "2026-03-01 16:00"
    assert build_context(p, "memorandum")["leader"] == LUHANSK
    assert build_context(p, "activity_plan")["activities"][0]["responsible"] == LIVERPOOL
    assert build_context(p, "campaign_brief")["publications"][0]["published_on"] == "2026-06-02"
    assert "meetings" not in build_context(p, "memorandum")
    with pytest.raises(KeyError):
        build_context(p, "invoice")


def test_a_stored_document_is_reused_until_the_data_changes(session: Session) -> None:
    p = make_partnership(session)

    first = get_or_render(session, p, "memorandum")
    again = get_or_render(session, p, "memorandum")
    assert again.id == first.id
    assert first.pdf.startswith(b"%PDF") and first.size == len(first.pdf)

    p.parties[1].organisation.name = "Liverpool Central Library (Picton Reading Room)"
    session.flush()
    changed = get_or_render(session, p, "memorandum")

    assert changed.id != first.id
    assert changed.data_hash != first.data_hash
    count = (
        select(func.count())
        .select_from(StoredDocument)
        .where(StoredDocument.partnership_id == p.id)
    )
    assert session.scalar(count) == 2


def test_document_kinds_follow_the_steps_reached() -> None:
    def kinds(status: str) -> list[str]:
        return [spec.kind for spec in document_kinds_for(status)]

    assert kinds("selection") == ["selection_report"]
    assert kinds("memorandum") == [
        "selection_report",
        "meeting_record",
        "evaluation",
        "memorandum",
    ]
    assert kinds("campaign") == list(KINDS)
    assert kinds("cooperation") == kinds("closed") == kinds("on_hold") == list(KINDS)
    with pytest.raises(ValueError):
        document_kinds_for("nowhere")


def test_a_render_stored_meanwhile_by_someone_else_is_the_one_returned(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workflow.lifecycle.documents as wd

    p = make_partnership(session)
    data_hash = context_hash(build_context(p, "campaign_brief"))
    theirs = StoredDocument(
        partnership_id=p.id,
        kind="campaign_brief",
        data_hash=data_hash,
        sha256="0" * 64,
        size=0,
        pdf=b"",
    )
    session.add(theirs)
    session.flush()
    real_find = wd._find
    lookups: list[str] = []

    def find_after_the_race(*args: Any) -> StoredDocument | None:
        lookups.append("find")
        return None if len(lookups) == 1 else real_find(*args)

    monkeypatch.setattr(wd, "_find", find_after_the_race)

    assert get_or_render(session, p, "campaign_brief").id == theirs.id


# --- what users met (issue 13) ------------------------------------------------


def page_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text (pdftotext), whitespace collapsed."""
    from io import BytesIO

    from pypdf import PdfReader

    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    texts = []
    for n in range(1, len(PdfReader(BytesIO(pdf)).pages) + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            check=True,
        )
        texts.append(" ".join(out.stdout.decode("utf-8").split()))
    return texts


def test_the_selection_report_names_library_types_in_words(tmp_path: Path) -> None:
    ctx = context("selection_report")
    ctx["parties"][1]["library_type"] = "public"
    text = pdf_text(render_pdf("selection_report", ctx), tmp_path)
    assert "Обласна бібліотека" in text and "Regional library" in text
    assert "Публічна бібліотека" in text and "Public library" in text
    assert "regional" not in text and " public " not in f" {text} "


def test_no_document_prints_a_stored_code(tmp_path: Path) -> None:
    """Every code a context holds (types, statuses, roles, sectors, channels,
    directions, kinds) is printed as its title: none appears as it is stored."""
    # Codes whose English title is another word, and any snake_case code.
    codes = re.compile(r"\b(regional|introductions|[a-z]+_[a-z_]+)\b")
    for kind in KINDS:
        text = pdf_text(render_pdf(kind, context(kind)), tmp_path)
        assert not codes.findall(text), (kind, codes.findall(text))


def test_a_contact_waiting_for_acceptance_is_said_not_left_blank(
    session: Session, tmp_path: Path
) -> None:
    p = make_partnership(session)
    for kind in ("meeting_record", "evaluation"):
        ctx = build_context(p, kind)
        assert [x["contact_pending"] for x in ctx["parties"]] == [True, True]
        text = pdf_text(render_pdf(kind, ctx), tmp_path)
        assert "Shown after every party accepts the partnership" in text
        assert "Буде показано, щойно всі сторони приймуть партнерство" in text
    for party in p.parties:
        party.accepted_at = datetime(2026, 3, 1)
    ctx = build_context(p, "meeting_record")
    assert not any(x["contact_pending"] for x in ctx["parties"])
    text = pdf_text(render_pdf("meeting_record", ctx), tmp_path)
    assert "Jane Smith" in text and "Shown after" not in text


def test_rules_typed_in_one_language_say_so_in_the_other_column(
    session: Session, tmp_path: Path
) -> None:
    p = make_partnership(session)
    p.cooperation_rules = "Зустрічаємося онлайн щокварталу."
    p.agreed_tasks = "Exchange 200 books."
    p.campaign_audience = "Readers in Cherkasy"
    ctx = build_context(p, "memorandum")
    assert (ctx["cooperation_rules_lang"], ctx["tasks_lang"]) == ("uk", "en")
    html = render_html("memorandum", ctx)
    uk, en = html.split('<div class="column" lang="en">', 1)
    en = en.split('<div class="closing">')[0]
    # The Ukrainian rules: said untranslated in the English column only, in
    # English; the English tasks in the Ukrainian column only, in Ukrainian.
    assert "Not translated: as the parties wrote it." in en
    assert "Не перекладено: так, як записали сторони." in uk
    assert en.count("Not translated") == 1 and uk.count("Не перекладено") == 1
    text = pdf_text(render_pdf("campaign_brief", build_context(p, "campaign_brief")), tmp_path)
    assert "Не перекладено: так, як записали сторони." in text
    assert "Not translated" not in text


def test_the_meeting_record_starts_its_meetings_on_the_first_page(tmp_path: Path) -> None:
    ctx = context("meeting_record")
    meeting = ctx["meetings"][0]
    meeting["minutes"] = "\n".join(f"Point {n}: we talked it over and agreed." for n in range(60))
    pages = page_texts(render_pdf("meeting_record", ctx), tmp_path)
    assert len(pages) >= 2
    assert "Зустріч 1" in pages[0] and "Point 0:" in pages[0]


def test_the_memorandum_s_signature_lines_stay_level_when_a_name_wraps(tmp_path: Path) -> None:
    """Each signature line sits at the same height, the long name wrapping above it."""
    from io import BytesIO

    from pypdf import PdfReader

    ctx = context("memorandum")
    ctx["parties"][1]["name"] = "Liverpool Central Library and Archive of the City Council " * 4
    ctx["parties"][0]["signatory_name"] = "Ірина Дмитренко"
    ctx["parties"][1]["signatory_name"] = "John Brown"
    pdf = render_pdf("memorandum", ctx)
    reader = PdfReader(BytesIO(pdf))
    heights: dict[str, float] = {}
    for page in reader.pages:

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            for name in ("John Brown", "Ірина Дмитренко"):
                if name in text:
                    # The last one: the signature block (the parties clause names them too).
                    heights[name] = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]

        page.extract_text(visitor_text=visit)
    # The signatories' names under both lines are on one baseline.
    assert len({round(h) for h in heights.values()}) == 1, heights


def test_the_running_header_keeps_the_title_and_the_document_name_apart(
    tmp_path: Path,
) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    ctx = context("campaign_brief", ["uk", "pl"])
    ctx["messages"] = {"uk": "Разом сильніші", "pl": "Razem silniejsi"}
    ctx["publications"][0]["activity"] = {"uk": "Обмін книжками", "pl": "Wymiana książek"}
    ctx["partnership"]["title"] = (
        "Одеська обласна універсальна наукова бібліотека імені М. Грушевського – "
        "Wojewódzka Biblioteka Publiczna w Krakowie"
    )
    path = tmp_path / "brief.pdf"
    path.write_bytes(render_pdf("campaign_brief", ctx))
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = [
        (float(x0), float(y0), float(x1), float(y1), word)
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
            out,
        )
    ]
    header = [w for w in words if w[3] < 17 * 72 / 25.4]  # above the top margin
    title = set(ctx["partnership"]["title"].split())
    left = [w for w in header if w[4] in title]
    right = [w for w in header if w[4] not in title]
    assert left and right
    gap = min(
        r[0] - w[2] for w in left for r in right if r[1] < w[3] and w[1] < r[3]
    )  # on the same line
    assert gap >= 3 * 72 / 25.4, gap  # at least 3 mm between them


def test_the_memorandum_s_signatures_never_stand_alone_on_a_page(tmp_path: Path) -> None:
    ctx = context("memorandum")
    # Just too long for one page: the signatures go on to the next one.
    ctx["cooperation_rules"] = "\n".join(
        f"Rule {n}: we meet online once a quarter and agree." for n in range(12)
    )
    pages = page_texts(render_pdf("memorandum", ctx), tmp_path)
    assert len(pages) == 2
    last = pages[-1]
    assert "Director, Director" in last  # the signatures
    assert "equally authentic" in last  # with the closing words above them

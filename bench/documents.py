"""Documents: rendering a memorandum, and serving one that is stored.

``memorandum_render``: render and store a one-page bilingual (uk+en)
memorandum through ``workflow.lifecycle.documents.get_or_render``, against bare
WeasyPrint laying out the same HTML with the same stylesheet.
``memorandum_served``: fetch a stored memorandum through the app (test
client, logged in). ``memorandum_seal``: seal a one-page PDF with pyHanko,
against bare WeasyPrint rendering that page.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.common import emit
from workflow import schema
from workflow.db import make_engine, make_sessionmaker
from workflow.models import (
    Meeting,
    MeetingEvaluation,
    Organisation,
    Partnership,
    Party,
    Programme,
)
from workflow.people.users import create_user

RENDERS = 7
REQUESTS = 300
PASSWORD = "bench-password"


def _prepare(url: str) -> int:
    schema.upgrade(url)
    Session = make_sessionmaker(make_engine(url))
    with Session() as s:
        programme = Programme(name="bench")
        odesa = Organisation(
            name="Одеська обласна універсальна наукова бібліотека імені М. Грушевського",
            name_latin="Odesa Regional Universal Scientific Library",
            country="UA",
            city="Одеса",
            library_type="regional",
            population=1_000_000,
        )
        liverpool = Organisation(
            name="Liverpool Central Library",
            country="GB",
            city="Liverpool",
            library_type="public",
            population=490_000,
        )
        s.add_all([programme, odesa, liverpool])
        s.flush()
        p = Partnership(
            programme_id=programme.id,
            kind="sister",
            title="Odesa – Liverpool",
            languages="uk,en",
            status="memorandum",
            memorandum_version=1,
            cooperation_rules="We meet online once a month.",
        )
        for org, role in ((odesa, "lead"), (liverpool, "partner")):
            p.parties.append(
                Party(
                    organisation=org,
                    role=role,
                    contact_name="Olena Kovalenko",
                    contact_role="Head of international projects",
                    contact_email="o@example.org",
                    signatory_name="Director",
                    signatory_role="Director",
                )
            )
        p.meetings = [
            Meeting(
                number=n,
                held_at=datetime(2026, 3, n, 16),
                place="online",
                attendance="all",
                minutes="We met.",
                evaluations=[MeetingEvaluation(side="animator", worked="Good.")],
            )
            for n in (1, 2)
        ]
        s.add(p)
        s.flush()
        p.leader_party_id = p.parties[0].id
        create_user(
            s,
            email="coordinator@example.org",
            name="Coordinator",
            password=PASSWORD,
            role="coordinator",
        )
        s.commit()
        return p.id


def _render_figures(url: str, pid: int) -> None:
    import weasyprint

    from documents.render import STYLESHEET, render_html
    from workflow.lifecycle.documents import build_context, get_or_render

    Session = make_sessionmaker(make_engine(url))
    bare_css = weasyprint.CSS(filename=str(STYLESHEET))
    ours, bare = [], []
    with Session() as s:
        p = s.get(Partnership, pid)
        get_or_render(s, p, "memorandum")  # warm up: fonts, templates, imports
        s.rollback()
        for i in range(RENDERS):
            p = s.get(Partnership, pid)
            p.memorandum_version = i + 2  # new data: a render, not a lookup
            start = time.perf_counter()
            get_or_render(s, p, "memorandum")
            s.commit()
            ours.append(time.perf_counter() - start)
            html = render_html("memorandum", build_context(p, "memorandum"))
            start = time.perf_counter()
            weasyprint.HTML(string=html).write_pdf(stylesheets=[bare_css])
            bare.append(time.perf_counter() - start)
    emit("memorandum_render", min(ours) * 1000, "ms", min(bare) * 1000)


def _served_figure(url: str, pid: int) -> None:
    from web import create_app

    app = create_app({"DATABASE_URL": url, "WTF_CSRF_ENABLED": False, "TESTING": True})
    client = app.test_client()
    login = client.post("/login", data={"email": "coordinator@example.org", "password": PASSWORD})
    assert login.status_code in (302, 303), login.status_code
    path = f"/partnerships/{pid}/documents/memorandum.pdf"
    first = client.get(path)  # renders and stores it once
    assert first.status_code == 200 and first.data.startswith(b"%PDF"), first.status_code
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    emit(
        "memorandum_served",
        statistics.median(times) * 1000,
        "ms",
        p95_ms=round(sorted(times)[int(len(times) * 0.95)] * 1000, 3),
    )


def _seal_figure(folder: Path) -> None:
    """``memorandum_seal``: seal a one-page PDF with pyHanko (PAdES,
    incremental update), against bare WeasyPrint rendering the same page
    without the print stylesheet: how the seal compares with one render."""
    import weasyprint  # type: ignore[import-untyped]

    from documents.render import html_to_pdf
    from workflow.memorandum.seal import load_signer, seal_pdf

    html = "<h1>Memorandum</h1>" + "<p>The Parties agree.</p>" * 40
    pdf = html_to_pdf(html, pdf_variant="pdf/a-3u")
    signer = load_signer(folder)
    seal_pdf(pdf, signer)  # warm up: imports, the key
    ours, bare = [], []
    for _ in range(RENDERS):
        start = time.perf_counter()
        seal_pdf(pdf, signer)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf()
        bare.append(time.perf_counter() - start)
    emit("memorandum_seal", min(ours) * 1000, "ms", min(bare) * 1000)


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'documents.sqlite3'}"
        pid = _prepare(url)
        _render_figures(url, pid)
        _served_figure(url, pid)
        _seal_figure(Path(tmp) / "instance")

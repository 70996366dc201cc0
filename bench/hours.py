"""Animator hours: rendering a timesheet of 500 entries.

``timesheet_500``: seconds to build the context of a lead library's month of
500 entries from the database and render its PDF (``workflow.hours.entries`` and
``documents.render_pdf``), against bare WeasyPrint laying out the same HTML
with the same stylesheet.
"""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from bench.common import emit
from workflow import schema
from workflow.db import make_engine, make_sessionmaker
from workflow.models import (
    AnimatorAssignment,
    HoursEntry,
    Organisation,
    Partnership,
    Party,
    Programme,
    User,
)
from workflow.people.users import create_user

ENTRIES = 500
RENDERS = 3
KINDS = ("meeting", "preparation", "phone", "email", "video_call")


def _prepare(url: str) -> tuple[int, int, int]:
    schema.upgrade(url)
    Session = make_sessionmaker(make_engine(url))
    with Session() as s:
        programme = Programme(name="bench", animator_budget_minutes=ENTRIES * 60)
        kharkiv = Organisation(
            name="Харківська державна наукова бібліотека імені В. Г. Короленка",
            name_latin="Korolenko Kharkiv State Scientific Library",
            country="UA",
        )
        liverpool = Organisation(name="Liverpool Central Library", country="GB")
        s.add_all([programme, kharkiv, liverpool])
        s.flush()
        p = Partnership(
            programme_id=programme.id, kind="sister", title="Kharkiv – Liverpool", languages="uk,en"
        )
        p.parties = [
            Party(organisation=kharkiv, role="lead"),
            Party(organisation=liverpool, role="partner"),
        ]
        s.add(p)
        animator = create_user(
            s, email="animator@example.org", name="Animator", password="bench-pw", role="animator"
        )
        s.flush()
        s.add(
            AnimatorAssignment(
                programme_id=programme.id, animator_id=animator.id, organisation_id=kharkiv.id
            )
        )
        s.add_all(
            HoursEntry(
                programme_id=programme.id,
                organisation_id=kharkiv.id,
                animator_id=animator.id,
                partnership_id=p.id,
                worked_on=date(2026, 3, 1 + i % 31),
                minutes=15 * (1 + i % 8),
                kind=KINDS[i % len(KINDS)],
                note=f"Consultation {i}: the agenda, who to invite, the minutes",
            )
            for i in range(ENTRIES)
        )
        s.commit()
        return programme.id, kharkiv.id, animator.id


def run() -> None:
    import weasyprint  # type: ignore[import-untyped]

    from documents.render import STYLESHEET, render_html, render_pdf
    from workflow.hours import entries as hours

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'hours.sqlite3'}"
        programme_id, library_id, animator_id = _prepare(url)
        Session = make_sessionmaker(make_engine(url))
        bare_css = weasyprint.CSS(filename=str(STYLESHEET))
        ours, bare = [], []
        with Session() as s:
            animator = s.get(User, animator_id)

            def context() -> dict[str, object]:
                return hours.timesheet_context(
                    s,
                    animator,  # type: ignore[arg-type]
                    month="2026-03",
                    organisation_id=library_id,
                    programme_id=programme_id,
                )

            assert len(context()["entries"]) == ENTRIES  # type: ignore[arg-type]
            render_pdf("timesheet", context())  # warm up: fonts, templates, imports
            for _ in range(RENDERS):
                s.expire_all()
                start = time.perf_counter()
                render_pdf("timesheet", context())
                ours.append(time.perf_counter() - start)
                html = render_html("timesheet", context())
                start = time.perf_counter()
                weasyprint.HTML(string=html).write_pdf(stylesheets=[bare_css])
                bare.append(time.perf_counter() - start)
        emit("timesheet_500", min(ours), "s", min(bare))

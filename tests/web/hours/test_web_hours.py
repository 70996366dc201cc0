"""Animator hours through the web: the budget falls, the 16 h edge, extensions, access."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from workflow.hours import entries as hours
from workflow.models import User, utcnow


@pytest.fixture
def assigned(world: SimpleNamespace, session_factory: Callable[[], Session]) -> SimpleNamespace:
    """The animator supports Kyiv (lead of world.sister), not Lviv (lead of world.other)."""
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    hours.assign_animator(
        s,
        coordinator,  # type: ignore[arg-type]
        programme_id=world.programme,
        animator_id=world.animator,
        organisation_id=world.kyiv,
    )
    s.close()
    return world


def entry(pid: int, minutes: int, **extra: object) -> dict[str, object]:
    data = {
        "log-partnership_id": pid,
        "log-worked_on": utcnow().date().isoformat(),
        "log-minutes": minutes,
        "log-kind": "meeting",
        "log-note": "First meeting with the school",
    }
    data.update(extra)
    return data


def test_an_animator_logs_hours_and_sees_the_budget_fall(
    login: Callable[..., FlaskClient], assigned: SimpleNamespace
) -> None:
    client = login("animator@example.org")
    page = client.get("/hours/")
    assert "16 h left" in page.text
    response = client.post("/hours/log", data=entry(assigned.sister, 90))
    assert response.status_code == 302
    page = client.get("/hours/")
    assert "14 h 30 min left" in page.text
    assert "First meeting with the school" in page.text


def test_exactly_sixteen_hours_then_a_quarter_more_is_refused_with_the_form_kept(
    login: Callable[..., FlaskClient], assigned: SimpleNamespace
) -> None:
    client = login("animator@example.org")
    for _ in range(2):
        assert client.post("/hours/log", data=entry(assigned.sister, 480)).status_code == 302
    page = client.get("/hours/")
    assert "0 h left" in page.text
    assert "three quarters or more of the budget are used" in page.text
    refused = client.post(
        "/hours/log", data=entry(assigned.sister, 15, **{"log-note": "One call too many"})
    )
    assert refused.status_code == 422
    assert "would exceed the support budget" in refused.text
    assert "One call too many" in refused.text


def test_a_coordinator_grants_an_extension_and_the_entry_fits(
    login: Callable[..., FlaskClient], client: FlaskClient, assigned: SimpleNamespace
) -> None:
    login("animator@example.org")
    for _ in range(2):
        client.post("/hours/log", data=entry(assigned.sister, 480))
    client.post("/logout")
    login("coordinator@example.org")
    key = f"extend-{assigned.programme}-{assigned.kyiv}"
    missing_reason = client.post(
        f"/hours/extend/{assigned.programme}/{assigned.kyiv}",
        data={
            f"{key}-programme_id": assigned.programme,
            f"{key}-organisation_id": assigned.kyiv,
            f"{key}-hours": 2,
            f"{key}-reason": "",
        },
    )
    assert missing_reason.status_code == 422
    granted = client.post(
        f"/hours/extend/{assigned.programme}/{assigned.kyiv}",
        data={
            f"{key}-programme_id": assigned.programme,
            f"{key}-organisation_id": assigned.kyiv,
            f"{key}-hours": 2,
            f"{key}-reason": "A third meeting",
        },
    )
    assert granted.status_code == 302
    page = client.get("/hours/").text
    assert "2 h left" in page
    assert "1 extension granted" in page and "A third meeting" in page
    client.post("/logout")
    login("animator@example.org")
    assert client.post("/hours/log", data=entry(assigned.sister, 15)).status_code == 302
    assert "1 h 45 min left" in client.get("/hours/").text


def test_an_animator_cannot_log_hours_for_a_library_not_assigned_to_them(
    login: Callable[..., FlaskClient], assigned: SimpleNamespace
) -> None:
    client = login("animator@example.org")
    page = client.get("/hours/")
    assert "Kyiv – Kraków" in page.text and "Lviv – Vilnius" not in page.text
    refused = client.post("/hours/log", data=entry(assigned.other, 60))
    assert refused.status_code == 422
    assert client.get("/hours/hours.csv").text.count("\n") == 1


def test_a_librarian_sees_no_hours_by_any_url(
    login: Callable[..., FlaskClient], client: FlaskClient, assigned: SimpleNamespace
) -> None:
    login("animator@example.org")
    client.post("/hours/log", data=entry(assigned.sister, 60))
    client.post("/logout")
    login("kyiv@example.org")
    for url in (
        "/hours/",
        "/hours/hours.csv",
        f"/hours/timesheet.pdf?library={assigned.kyiv}&programme={assigned.programme}",
        "/hours/entries/1",
    ):
        assert client.get(url).status_code == 404, url


def test_the_timesheet_and_csv_of_a_library(
    login: Callable[..., FlaskClient], client: FlaskClient, assigned: SimpleNamespace
) -> None:
    login("animator@example.org")
    client.post("/hours/log", data=entry(assigned.sister, 75))
    month = utcnow().strftime("%Y-%m")
    pdf = client.get(
        f"/hours/timesheet.pdf?library={assigned.kyiv}&programme={assigned.programme}&month={month}"
    )
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    mine = client.get(f"/hours/timesheet.pdf?animator={assigned.animator}&month={month}")
    assert mine.status_code == 200
    # Another animator's timesheet is not theirs to print.
    other = client.get(f"/hours/timesheet.pdf?animator={assigned.coordinator}&month={month}")
    assert other.status_code == 404
    rows = list(csv.reader(io.StringIO(client.get("/hours/hours.csv").text)))
    assert rows[1][1:4] == ["75", "1.25", "meeting"]


def test_an_animator_changes_and_deletes_their_entry(
    login: Callable[..., FlaskClient],
    assigned: SimpleNamespace,
    session_factory: Callable[[], Session],
) -> None:
    client = login("animator@example.org")
    client.post("/hours/log", data=entry(assigned.sister, 60))
    s = session_factory()
    [e] = hours.entries(s, s.get(User, assigned.coordinator))  # type: ignore[arg-type]
    s.close()
    assert client.get(f"/hours/entries/{e.id}").status_code == 200
    changed = client.post(f"/hours/entries/{e.id}", data=entry(assigned.sister, 30))
    assert changed.status_code == 302
    assert "15 h 30 min left" in client.get("/hours/").text
    assert client.post(f"/hours/entries/{e.id}/delete").status_code == 302
    assert "16 h left" in client.get("/hours/").text


def test_timesheet_pdf_speaks_the_partnerships_languages(
    session_factory: Callable[[], Session], assigned: SimpleNamespace
) -> None:
    from documents.render import render_html

    s = session_factory()
    animator = s.get(User, assigned.animator)
    hours.log_hours(
        s,
        animator,  # type: ignore[arg-type]
        partnership_id=assigned.sister,
        worked_on=utcnow().date(),
        minutes=45,
        kind="phone",
    )
    context = hours.timesheet_context(
        s,
        animator,  # type: ignore[arg-type]
        month=utcnow().strftime("%Y-%m"),
        organisation_id=assigned.kyiv,
        programme_id=assigned.programme,
    )
    s.close()
    assert context["languages"] == ["uk", "en"]
    html = render_html("timesheet", context)
    assert "Консультація телефоном" in html and "Consultation by phone" in html
    assert "0:45" in html
    assert date.fromisoformat(str(context["month"])).day == 1


def test_the_partnership_page_shows_what_is_left_to_those_who_decide(
    login: Callable[..., FlaskClient], client: FlaskClient, assigned: SimpleNamespace
) -> None:
    login("animator@example.org")
    client.post("/hours/log", data=entry(assigned.sister, 12 * 60 + 15 - 8 * 60))
    client.post("/hours/log", data=entry(assigned.sister, 8 * 60))
    page = client.get(f"/partnerships/{assigned.sister}")
    assert "3 h 45 min left" in page.text
    assert "three quarters or more of the budget are used" in page.text
    client.post("/logout")
    login("kyiv@example.org")
    assert "hours-budget" not in client.get(f"/partnerships/{assigned.sister}").text


def test_a_coordinator_sets_the_programme_s_budget_and_window(
    login: Callable[..., FlaskClient], client: FlaskClient, assigned: SimpleNamespace
) -> None:
    login("coordinator@example.org")
    key = f"programme-{assigned.programme}"
    refused = client.post(
        f"/hours/programmes/{assigned.programme}",
        data={f"{key}-budget_hours": "0", f"{key}-edit_days": "30"},
    )
    assert refused.status_code == 422
    saved = client.post(
        f"/hours/programmes/{assigned.programme}",
        data={f"{key}-budget_hours": "20", f"{key}-edit_days": "30"},
    )
    assert saved.status_code == 302
    assert "20 h left" in client.get("/hours/").text
    client.post("/logout")
    login("animator@example.org")
    assert client.post(f"/hours/programmes/{assigned.programme}").status_code == 403

"""Documents are served as PDF, with an ETag, and only for the steps reached."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from workflow.lifecycle.moves import skip_memorandum
from workflow.models import User
from workflow.selection.partnerships import add_party, create_partnership


def pdf_text(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def test_the_pdf_download_sends_an_etag_and_answers_304_to_if_none_match(world, login):
    client = login("coordinator@example.org")
    url = f"/partnerships/{world.sister}/documents/selection_report.pdf"
    page = client.get(f"/partnerships/{world.sister}").text
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert response.headers["Cache-Control"] == "private, no-cache"
    assert response.headers["Content-Disposition"] == (
        f'inline; filename="selection_report-{world.sister}.pdf"'
    )
    etag = response.headers["ETag"]
    assert etag.startswith('"') and len(etag) == 66
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag


def test_a_document_of_a_step_not_reached_yet_is_404(world, login):
    client = login("coordinator@example.org")
    assert client.get(f"/partnerships/{world.sister}/documents/memorandum.pdf").status_code == 404
    assert client.get(f"/partnerships/{world.sister}/documents/nonsense.pdf").status_code == 404


def test_a_librarian_downloads_their_own_partnership_s_document(world, login):
    client = login("kyiv@example.org")
    response = client.get(f"/partnerships/{world.sister}/documents/selection_report.pdf")
    assert response.status_code == 200


def test_a_document_served_before_stays_hidden_from_another_library(world, login, client):
    url = f"/partnerships/{world.sister}/documents/selection_report.pdf"
    assert login("coordinator@example.org").get(url).status_code == 200  # stored now
    client.post("/logout")
    assert login("lviv@example.org").get(url).status_code == 404


def test_an_edit_makes_the_next_download_show_the_new_data(world, login, session_factory):
    client = login("coordinator@example.org")
    url = f"/partnerships/{world.sister}/documents/selection_report.pdf"
    before = client.get(url)
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    assert coordinator is not None
    add_party(s, coordinator, world.sister, world.school, "public")
    s.close()
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "Szkoła Podstawowa nr 1" in pdf_text(after.data)
    assert "Szkoła Podstawowa nr 1" not in pdf_text(before.data)


def _api_documents(client, login, partnership_id):
    """The kinds the API lists for the partnership, to the coordinator."""
    from tests.web.api.test_web_api import make_token

    token = make_token(client, login, "coordinator@example.org", name="documents")
    detail = client.get(
        f"/api/v1/partnerships/{partnership_id}", headers={"Authorization": f"Bearer {token}"}
    ).json
    return [d["kind"] for d in detail["documents"]]


def test_a_memorandum_not_generated_yet_is_offered_nowhere(world, login, client, put):
    put(world.sister, status="memorandum")
    url = f"/partnerships/{world.sister}/documents/memorandum.pdf"
    coordinator = login("coordinator@example.org")
    assert url not in coordinator.get(f"/partnerships/{world.sister}").text
    assert coordinator.get(url).status_code == 404
    assert "memorandum" not in _api_documents(client, login, world.sister)

    put(world.sister, memorandum_version=1)
    coordinator = login("coordinator@example.org")
    assert url in coordinator.get(f"/partnerships/{world.sister}").text
    assert coordinator.get(url).status_code == 200
    assert "memorandum" in _api_documents(client, login, world.sister)


def test_a_skipped_memorandum_is_not_offered_as_a_draft(world, login, client, put, session_factory):
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    local = create_partnership(
        s,
        coordinator,
        programme_id=world.programme,
        kind="local",
        title="Lviv together",
        languages=["uk"],
        lead_organisation_id=world.lviv,
    ).id
    s.close()
    put(local, status="memorandum")
    s = session_factory()
    skip_memorandum(s, local, actor=s.get(User, world.coordinator), reason="Not needed here")
    s.close()
    url = f"/partnerships/{local}/documents/memorandum.pdf"
    client = login("coordinator@example.org")
    page = client.get(f"/partnerships/{local}").text
    assert url not in page
    assert f"/partnerships/{local}/documents/selection_report.pdf" in page
    assert client.get(url).status_code == 404
    assert "memorandum" not in _api_documents(client, login, local)


def test_a_meeting_record_is_offered_once_a_meeting_is_recorded(world, login, put):
    put(world.sister, status="introduction")
    url = f"/partnerships/{world.sister}/documents/meeting_record.pdf"
    client = login("coordinator@example.org")
    assert url not in client.get(f"/partnerships/{world.sister}").text
    assert client.get(url).status_code == 404

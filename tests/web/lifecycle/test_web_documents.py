"""Documents are served as PDF, with an ETag, and only for the steps reached."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from workflow import services as sv
from workflow.models import User


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
    sv.add_party(s, coordinator, world.sister, world.school, "public")
    s.close()
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "Szkoła Podstawowa nr 1" in pdf_text(after.data)
    assert "Szkoła Podstawowa nr 1" not in pdf_text(before.data)

"""Documents are served as PDF, with an ETag, and only for the steps reached."""

from __future__ import annotations


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

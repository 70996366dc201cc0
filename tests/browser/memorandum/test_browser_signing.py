"""The demo's sealed memorandum: its signatures page, and the verification page, on a phone."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from browser_support import COORDINATOR, Demo, NewContext, log_in
from playwright.sync_api import expect
from test_browser_phone import PHONE, expect_fits

pytestmark = pytest.mark.browser


def test_the_sealed_memorandum_verifies_and_a_changed_copy_does_not(
    new_context: NewContext, demo: Demo
) -> None:
    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, *COORDINATOR)
    page.get_by_role("link", name="Odesa – Liverpool", exact=True).click()
    page.get_by_role(
        "link", name="Signatures of the memorandum: versions sent, links, audit log"
    ).click()
    expect(page.get_by_text("signed by every party, sealed")).to_be_visible()
    expect(page.get_by_text("The chain of entries is intact.")).to_be_visible()
    expect_fits(page)
    href = page.get_by_role("link", name="The sealed PDF").get_attribute("href")
    assert href
    sealed = page.request.get(href).body()
    assert sealed.startswith(b"%PDF")

    # Anyone, logged in or not, checks the file on the verification page.
    page.get_by_role("link", name="Verify a document").click()
    page.get_by_label("The PDF").set_input_files(
        files=[{"name": "memorandum.pdf", "mimeType": "application/pdf", "buffer": sealed}]
    )
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("heading", name="Issued here, version 1, unchanged")).to_be_visible()
    expect(page.get_by_text("for Liverpool Central Library on")).to_be_visible()
    expect_fits(page)

    changed = bytearray(sealed)
    changed[len(changed) // 3] ^= 0x01
    page.get_by_label("The PDF").set_input_files(
        files=[{"name": "memorandum.pdf", "mimeType": "application/pdf", "buffer": bytes(changed)}]
    )
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("heading", name="Changed after signing")).to_be_visible()


def test_the_development_outbox_offers_the_sealed_memorandum_each_party_was_sent(
    new_context: NewContext, demo: Demo
) -> None:
    page = new_context().new_page()
    log_in(page, *COORDINATOR)
    pid = demo.partnership_id("Odesa – Liverpool")
    sealed = page.request.get(f"/partnerships/{pid}/signatures/1.pdf?sealed=1").body()
    digest = hashlib.sha256(sealed).hexdigest()

    page.get_by_role("link", name="Outbox", exact=True).click()
    name = f"memorandum_signed-{pid}-v1.pdf"
    mails = page.locator(".outbox-message").filter(
        has=page.get_by_role("link", name=name, exact=True)
    )
    # Both signatories and the coordinator who sent it.
    expect(mails).to_have_count(3)
    expect(mails.first).to_contain_text(digest)
    href = mails.first.get_by_role("link", name=name, exact=True).get_attribute("href")
    assert href
    attached = page.request.get(href)
    assert attached.headers["content-type"] == "application/pdf"
    assert hashlib.sha256(attached.body()).hexdigest() == digest


def test_the_sealed_memorandum_downloaded_names_its_signers_in_the_signature_block(
    new_context: NewContext, demo: Demo, tmp_path: Path
) -> None:
    """The file every signatory was mailed, downloaded as a person would and
    read as text: each signature says who signed and when, none "not signed"."""
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils' pdftotext is not installed")
    page = new_context(accept_downloads=True).new_page()
    log_in(page, *COORDINATOR)
    page.get_by_role("link", name="Odesa – Liverpool", exact=True).click()
    page.get_by_role(
        "link", name="Signatures of the memorandum: versions sent, links, audit log"
    ).click()
    link = page.get_by_role("link", name="The sealed PDF")
    href = link.get_attribute("href")
    assert href
    # Served inline: saved the way a browser saves a link ("download" asked for).
    link.evaluate("a => a.setAttribute('download', '')")
    with page.expect_download() as download:
        link.click()
    path = tmp_path / "sealed.pdf"
    download.value.save_as(path)
    assert path.read_bytes() == page.request.get(href).body()

    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    # The memorandum's pages, before the certificate appended to them.
    memorandum = text.split("Сертифікат завершення")[0]
    for name in demo_signatories(demo):
        assert f"Signed electronically by {name} on" in memorandum, name
        assert f"Підписано електронно: {name}," in memorandum, name
    assert "Not signed yet" not in text and "Ще не підписано" not in text


def demo_signatories(demo: Demo) -> list[str]:
    """The signatories of the demo's Odesa – Liverpool memorandum, from its database."""
    pid = demo.partnership_id("Odesa – Liverpool")
    with sqlite3.connect(f"file:{demo.database}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT r.signer_name FROM signature_requests r"
            " JOIN memorandum_versions m ON m.id = r.memorandum_id"
            " WHERE m.partnership_id = ? AND r.status = 'signed'",
            (pid,),
        ).fetchall()
    assert len(rows) == 2, rows
    return [row[0] for row in rows]


def open_signing_link(demo: Demo) -> str:
    """A personal signing link, open: Odesa – Liverpool is taken back to its
    memorandum and version 2 sent for signature (in the served database, as
    the coordinator would). Last in this file: the tests above read version 1."""
    from sqlalchemy import select

    from workflow.db import make_engine, make_sessionmaker
    from workflow.lifecycle.moves import move
    from workflow.memorandum import signing
    from workflow.memorandum.operations import generate_memorandum
    from workflow.models import User

    engine = make_engine(f"sqlite:///{demo.database}")
    session = make_sessionmaker(engine)()
    try:
        coordinator = session.scalar(select(User).where(User.email == COORDINATOR[0]))
        assert coordinator is not None
        pid = demo.partnership_id("Odesa – Liverpool")
        for _ in ("campaign", "planning", "memorandum"):
            move(session, pid, "reopen", coordinator, reason="A new clause is needed.")
        generate_memorandum(session, coordinator, pid)
        tokens: list[str] = []

        def make_token() -> str:
            tokens.append(signing.new_token())
            return tokens[-1]

        signing.send_for_signature(
            session, coordinator, pid, base_url=demo.base_url, make_token=make_token
        )
        return tokens[0]
    finally:
        session.close()
        engine.dispose()


def test_on_a_phone_the_signer_reads_the_whole_statement_in_ukrainian_and_polish(
    new_context: NewContext, demo: Demo
) -> None:
    token = open_signing_link(demo)
    signer = new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    for lang, library in (("uk", "Сторона, що підписує: "), ("pl", "Strona podpisująca: ")):
        signer.goto(f"/sign/{token}?lang={lang}")
        statement = signer.locator(".checkbox label")
        expect(statement).to_contain_text("SHA-256")
        # A phone that zooms out to show a page too wide would widen innerWidth too.
        assert signer.evaluate("() => window.innerWidth") == 390
        expect_fits(signer)
        box = statement.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, box
        # The library's name stands alone, not declined after a preposition.
        expect(signer.locator(".summary")).to_contain_text(library)

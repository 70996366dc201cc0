"""Signing the memorandum by e-mailed links; the sealed PDF; the verification page."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO

import pytest
from sqlalchemy import select, update

from tests.web.memorandum.clause_support import clause_id, edit_principles
from tests.workflow.lifecycle.test_documents import page_texts
from workflow.introduction.contacts import set_contact
from workflow.lifecycle.loading import load_partnership
from workflow.mail import outbox as mail
from workflow.memorandum import signing
from workflow.memorandum.audit import sha256_hex
from workflow.memorandum.seal import off_loop
from workflow.memorandum.sending import new_request
from workflow.models import OutboxMessage, Party, SignatureEvent, SignatureRequest, User

LINK = re.compile(r"/sign/([A-Za-z0-9_\-]+)")
CODE = re.compile(r": (\d{6}) ")


@pytest.fixture
def ready(world, put, session_factory, app, tmp_path):
    """The sister partnership in the memorandum step, contacts named, version 1."""
    app.config["SEAL_DIR"] = str(tmp_path / "seal")
    put(world.sister, status="memorandum", memorandum_version=1)
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    p = load_partnership(s, world.sister, coordinator)
    for party, (name, email) in zip(
        sorted(p.parties, key=lambda x: x.id),
        [("Олена Коваль", "olena@kyiv.example"), ("Anna Nowak", "anna@krakow.example")],
        strict=True,
    ):
        set_contact(
            s,
            coordinator,
            world.sister,
            party.id,
            name=name,
            role="Director",
            email=email,
            signatory_name=name,
            signatory_role="Director",
        )
    s.close()
    return world


def mails_to(session_factory, address):
    s = session_factory()
    rows = s.scalars(
        select(OutboxMessage).where(OutboxMessage.to == address).order_by(OutboxMessage.id)
    ).all()
    s.close()
    return rows


def link_of(session_factory, address):
    return LINK.findall(mails_to(session_factory, address)[-1].body)[-1]


def code_of(session_factory, address):
    return CODE.findall(mails_to(session_factory, address)[-1].body)[-1]


def sign_by_link(client, session_factory, address, name):
    token = link_of(session_factory, address)
    assert client.get(f"/sign/{token}").status_code == 200
    assert client.post(f"/sign/{token}/code").status_code == 302
    code = code_of(session_factory, address)
    return token, client.post(
        f"/sign/{token}/sign", data={"name": name, "code": code, "intent": "y"}
    )


def send(client, world, **data):
    return client.post(f"/partnerships/{world.sister}/signatures", data=data)


def sent(login, world):
    """The coordinator sends version 1 for signature and logs out."""
    coordinator = login("coordinator@example.org")
    assert send(coordinator, world).status_code == 302
    coordinator.post("/logout")


def sealed_pdf(client, world):
    response = client.get(f"/partnerships/{world.sister}/signatures/1.pdf?sealed=1")
    assert response.status_code == 200
    return response.data


def verify_upload(client, data):
    return client.post(
        "/verify",
        data={"document": (BytesIO(data), "m.pdf")},
        content_type="multipart/form-data",
    ).text


def test_both_sign_by_link_and_the_sealed_pdf_verifies(
    ready, login, session_factory, client, read, tmp_path
):
    w = ready
    coordinator = login("coordinator@example.org")
    assert send(coordinator, w).status_code == 302
    page = coordinator.get(f"/partnerships/{w.sister}/signatures").text
    assert "Version 1 has been sent for signature." in page
    # Each signatory in their own language: the Ukrainian library gets Ukrainian.
    assert mails_to(session_factory, "olena@kyiv.example")[0].language == "uk"
    coordinator.post("/logout")

    _, done = sign_by_link(client, session_factory, "olena@kyiv.example", "Олена Коваль")
    assert "Thank you: your signature has been recorded." in done.text
    assert read(w.sister).party_of(w.kyiv).signed_version == 1
    _, done = sign_by_link(client, session_factory, "anna@krakow.example", "Anna Nowak")
    assert done.status_code == 200
    assert "sealed PDF" in mails_to(session_factory, "anna@krakow.example")[-1].body

    coordinator = login("coordinator@example.org")
    sealed = sealed_pdf(coordinator, w)
    frozen = coordinator.get(f"/partnerships/{w.sister}/signatures/1.pdf")
    page = coordinator.get(f"/partnerships/{w.sister}/signatures").text
    assert "signed by every party, sealed" in page
    assert "The chain of entries is intact." in page
    coordinator.post("/logout")

    # pdfsig: the seal is valid and covers the whole file.
    path = tmp_path / "sealed.pdf"
    path.write_bytes(sealed)
    assert shutil.which("pdfsig"), "poppler-utils (pdfsig) is installed by scripts/install.sh"
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
    assert "Signature Validation: Signature is Valid." in out
    assert "Total document signed" in out
    # pyHanko: intact, and the signature covers the entire file.
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    cert = load_cert_from_pemder(str(tmp_path / "seal" / "seal" / "cert.pem"))
    sig = PdfFileReader(BytesIO(sealed)).embedded_signatures[0]
    status = off_loop(lambda: validate_pdf_signature(sig, ValidationContext(trust_roots=[cert])))
    assert status.intact and status.valid and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    # The certificate of completion was appended after the frozen pages.
    from pypdf import PdfReader

    assert len(PdfReader(BytesIO(sealed)).pages) > len(PdfReader(BytesIO(frozen.data)).pages)
    assert sealed.startswith(frozen.data)
    # The frozen version is PDF/A-3u (declared in its XMP metadata, with an output intent).
    root = PdfReader(BytesIO(frozen.data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="U"' in xmp
    assert "/OutputIntents" in root

    # The verification page: who signed and when; a tampered copy is changed.
    page = verify_upload(client, sealed)
    assert "Issued here, version 1, unchanged" in page
    assert "Signed by Олена Коваль for Київська міська бібліотека on" in page
    assert "Signed by Anna Nowak for Biblioteka Kraków on" in page
    flipped = bytearray(sealed)
    flipped[len(sealed) // 3] ^= 0x01
    assert "Changed after signing" in verify_upload(client, bytes(flipped))


def _sealed(ready, login, session_factory, client):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    sign_by_link(client, session_factory, "olena@kyiv.example", "Олена Коваль")
    sign_by_link(client, session_factory, "anna@krakow.example", "Anna Nowak")
    coordinator = login("coordinator@example.org")
    data = sealed_pdf(coordinator, ready)
    coordinator.post("/logout")
    return data


def test_the_sealed_memorandum_names_each_signer_in_its_signature_block(
    ready, login, session_factory, client, tmp_path
):
    sealed = _sealed(ready, login, session_factory, client)
    pages = page_texts(sealed, tmp_path)
    text = " ".join(pages)
    # Who signed and when, in both languages of the memorandum, stamped in the
    # signature block of the pages they signed (before the certificate).
    memorandum = " ".join(p for p in pages if "Certificate of completion" not in p)
    for name in ("Олена Коваль", "Anna Nowak"):
        assert f"Signed electronically by {name} on" in memorandum
        assert f"Підписано електронно: {name}," in memorandum
    assert "Not signed yet" not in text and "Ще не підписано" not in text
    # The certificate's pages are numbered as its own, not as a restart.
    certificate = [p for p in pages if "Certificate of completion" in p]
    assert (
        certificate
        and "Сертифікат завершення / Certificate of completion 1 / 1" in (certificate[0])
    )
    # Its events are named in words, not as stored codes.
    assert "version frozen" in certificate[0] and "every party signed" in certificate[0]
    assert "code_sent" not in text and "версію зафіксовано" in certificate[0]
    # Its times to the second, as a person reads them (no ISO "T", no microseconds).
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", certificate[0])
    assert not re.search(r"\d\dT\d\d:|\.\d{6}", certificate[0])


def test_the_tamper_set_is_detected(ready, login, session_factory, client):
    sealed = _sealed(ready, login, session_factory, client)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pypdf import PdfReader, PdfWriter

    # An incremental edit appended after sealing.
    def edit() -> BytesIO:
        writer = IncrementalPdfFileWriter(BytesIO(sealed))
        writer.document_meta.title = "Changed"
        writer.update_root()
        out = BytesIO()
        writer.write(out)
        return out

    out = off_loop(edit)
    assert "Changed after signing" in verify_upload(client, out.getvalue())
    # The file saved again by another program.
    resaved = BytesIO()
    PdfWriter(clone_from=PdfReader(BytesIO(sealed))).write(resaved)
    assert resaved.getvalue() != sealed
    assert "Changed after signing" in verify_upload(client, resaved.getvalue())
    # An unrelated PDF, and a hash nobody issued.
    from documents.render import html_to_pdf

    assert "Not issued here" in verify_upload(client, html_to_pdf("<p>Hello</p>"))
    assert "Not issued here" in client.post("/verify", data={"sha256": "ab" * 32}).text
    import hashlib

    pasted = client.post("/verify", data={"sha256": hashlib.sha256(sealed).hexdigest()}).text
    assert "Issued here, version 1, unchanged" in pasted
    # Nothing claims legal validity.
    assert "legally valid" not in pasted.lower()


def test_a_link_works_once_and_only_its_hash_is_stored(ready, login, session_factory, client, read):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    token, done = sign_by_link(client, session_factory, "olena@kyiv.example", "Олена Коваль")
    assert done.status_code == 200
    # A link signs for its own party only: nobody signs in another's name.
    assert read(ready.sister).party_of(ready.kyiv).signed_version == 1
    assert read(ready.sister).party_of(ready.krakow).signed_version is None
    s = session_factory()
    stored = s.scalars(select(SignatureRequest.token_hash)).all()
    s.close()
    assert token not in stored
    assert sha256_hex(token) in stored
    again = client.get(f"/sign/{token}")
    assert again.status_code == 410
    assert "This link does not work any more" in again.text


def test_an_expired_link_is_refused_and_logged(ready, login, session_factory, client, put):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    token = link_of(session_factory, "olena@kyiv.example")
    s = session_factory()
    request = s.scalars(
        select(SignatureRequest).where(SignatureRequest.token_hash == sha256_hex(token))
    ).one()
    request.expires_at = request.created_at
    s.commit()
    s.close()
    response = client.get(f"/sign/{token}")
    assert response.status_code == 410
    assert "This link has expired." in response.text
    s = session_factory()
    assert "expired" in s.scalars(select(SignatureEvent.kind)).all()
    s.close()


def test_resend_makes_a_new_link_and_the_old_one_stops(ready, login, session_factory, client):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    old = link_of(session_factory, "olena@kyiv.example")
    s = session_factory()
    rid = s.scalars(
        select(SignatureRequest.id).where(SignatureRequest.email == "olena@kyiv.example")
    ).one()
    s.close()
    coordinator.post(f"/partnerships/{ready.sister}/signatures/requests/{rid}/resend")
    coordinator.post("/logout")
    new = link_of(session_factory, "olena@kyiv.example")
    assert new != old
    assert client.get(f"/sign/{old}").status_code == 410
    assert client.get(f"/sign/{new}").status_code == 200


def test_a_wrong_code_is_refused_and_what_was_typed_is_kept(
    ready, login, session_factory, client, read
):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    token = link_of(session_factory, "olena@kyiv.example")
    client.post(f"/sign/{token}/code")
    code = code_of(session_factory, "olena@kyiv.example")
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(
        f"/sign/{token}/sign", data={"name": "олена  КОВАЛЬ", "code": wrong, "intent": "y"}
    )
    assert response.status_code == 422
    assert "The code is wrong." in response.text
    assert 'value="олена  КОВАЛЬ"' in response.text
    # Without the intent statement ticked, the right code is not enough.
    response = client.post(f"/sign/{token}/sign", data={"name": "олена  КОВАЛЬ", "code": code})
    assert "Tick the statement" in response.text
    assert read(ready.sister).party_of(ready.kyiv).signed_version is None


def test_the_signing_order_is_enforced_by_the_server(ready, login, session_factory, client, read):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready, ordered="y")
    coordinator.post("/logout")
    # Only the first party has a link; the second gets theirs after the first signs.
    assert mails_to(session_factory, "anna@krakow.example") == []
    sign_by_link(client, session_factory, "olena@kyiv.example", "Олена Коваль")
    assert read(ready.sister).party_of(ready.kyiv).signed_version == 1
    _, done = sign_by_link(client, session_factory, "anna@krakow.example", "Anna Nowak")
    assert done.status_code == 200


def test_a_signatory_out_of_turn_is_refused(ready, session_factory):
    s = session_factory()
    coordinator = s.get(User, ready.coordinator)
    m = signing.send_for_signature(s, coordinator, ready.sister, base_url="http://x", ordered=True)
    parties = sorted(m.requests[0].memorandum.requests, key=lambda r: r.position)
    first = parties[0]
    # A second request made by hand, as if a link had leaked early.
    request, token = new_request(
        s,
        m,
        [
            x
            for x in load_partnership(s, ready.sister, coordinator).parties
            if x.id != first.party_id
        ][0],
        2,
        ["uk", "en"],
        signing.utcnow(),
    )
    s.commit()
    signing.send_code(s, token, make_code=lambda: "123456")
    with pytest.raises(signing.InvalidInput):
        signing.sign(s, token, code="123456", intent=True, signer_name="Anna Nowak")
    s.close()


def test_declining_tells_every_party(ready, login, session_factory, client, read):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    token = link_of(session_factory, "anna@krakow.example")
    response = client.post(f"/sign/{token}/decline", data={"reason": "The areas are wrong."})
    assert "You have declined to sign." in response.text
    for address in ("olena@kyiv.example", "anna@krakow.example", "coordinator@example.org"):
        assert "The areas are wrong." in mails_to(session_factory, address)[-1].body
    assert client.get(f"/sign/{token}").status_code == 410
    coordinator = login("coordinator@example.org")
    assert (
        "The areas are wrong." in coordinator.get(f"/partnerships/{ready.sister}/signatures").text
    )


def test_an_edit_voids_the_links_and_signatures_of_the_old_version(
    ready, login, session_factory, client, read
):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    sign_by_link(client, session_factory, "olena@kyiv.example", "Олена Коваль")
    anna = link_of(session_factory, "anna@krakow.example")
    coordinator = login("coordinator@example.org")
    coordinator.post(f"/partnerships/{ready.sister}/memorandum")
    page = coordinator.get(f"/partnerships/{ready.sister}/signatures").text
    assert "void: replaced by a newer version" in page
    assert "Send version 2 for signature" in page
    coordinator.post("/logout")
    assert client.get(f"/sign/{anna}").status_code == 410
    assert (
        read(ready.sister).party_of(ready.kyiv).signed_version
        != read(ready.sister).memorandum_version
    )


def test_the_audit_chain_verifies_and_detects_tampering(ready, login, session_factory, client):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    sign_by_link(client, session_factory, "olena@kyiv.example", "Олена Коваль")
    s = session_factory()
    events = signing.audit_log(s, ready.sister)
    assert [e.kind for e in events][:5] == ["frozen", "sent", "sent", "opened", "code_sent"]
    assert all(e.at.endswith("Z") for e in events)
    assert signing.chain_is_intact(events)
    # The application never changes an entry...
    events[3].ip = "10.0.0.1"
    with pytest.raises(signing.AppendOnly):
        s.commit()
    s.rollback()
    # ... and one changed behind its back breaks the chain.
    s.execute(update(SignatureEvent).where(SignatureEvent.id == events[3].id).values(ip="10.0.0.1"))
    s.commit()
    s.expire_all()
    assert not signing.chain_is_intact(signing.audit_log(s, ready.sister))
    s.close()
    coordinator = login("coordinator@example.org")
    assert (
        "The chain of entries has been altered."
        in coordinator.get(f"/partnerships/{ready.sister}/signatures").text
    )


def test_a_librarian_of_another_library_never_sees_the_signatures(ready, login):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    lviv = login("lviv@example.org")
    assert lviv.get(f"/partnerships/{ready.sister}/signatures").status_code == 404
    assert lviv.get(f"/partnerships/{ready.sister}/signatures/1.pdf").status_code == 404
    assert lviv.post(f"/partnerships/{ready.sister}/signatures").status_code in (403, 404)


def test_a_librarian_cannot_send_for_signature(ready, login):
    kyiv = login("kyiv@example.org")
    assert kyiv.post(f"/partnerships/{ready.sister}/signatures").status_code == 403


def test_the_export_writes_the_sealed_memorandum_and_its_audit_log(
    ready, login, session_factory, client, app, tmp_path
):
    import hashlib
    import json

    sealed = _sealed(ready, login, session_factory, client)
    out = tmp_path / "archive"
    result = app.test_cli_runner().invoke(
        args=["documents", "export", str(out), "--partnership", str(ready.sister)]
    )
    assert result.exit_code == 0, result.output
    files = json.loads((out / "manifest.json").read_text())["files"]
    signed = [f for f in files if f["kind"] == "memorandum_signed"]
    assert len(signed) == 1
    assert signed[0]["partnership"] == ready.sister and signed[0]["version"] == 1
    assert signed[0]["file"].startswith(f"{ready.sister}/")
    data = (out / signed[0]["file"]).read_bytes()
    assert data == sealed and hashlib.sha256(data).hexdigest() == signed[0]["sha256"]
    log = json.loads((out / f"{ready.sister}/audit_log.json").read_text())
    assert log["chain_intact"] and "sealed" in [e["kind"] for e in log["events"]]


def test_the_reminder_sends_a_new_link_after_the_set_days(
    ready, login, session_factory, client, app
):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    old = link_of(session_factory, "olena@kyiv.example")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["documents", "remind-signatures", "--days", "3"])
    assert "0 reminder(s) sent." in result.output
    s = session_factory()
    for r in s.scalars(select(SignatureRequest)):
        r.created_at = r.created_at - signing.timedelta(days=4)
    s.commit()
    s.close()
    result = runner.invoke(args=["documents", "remind-signatures", "--days", "3"])
    assert "2 reminder(s) sent." in result.output
    new = link_of(session_factory, "olena@kyiv.example")
    assert new != old
    assert client.get(f"/sign/{old}").status_code == 410
    assert client.get(f"/sign/{new}").status_code == 200
    # Run again the same day: nobody is reminded twice.
    result = runner.invoke(args=["documents", "remind-signatures", "--days", "3"])
    assert "0 reminder(s) sent." in result.output


def test_the_verification_page_is_public_and_checks_the_form_token(session_factory, tmp_path):
    from web import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SESSION_FACTORY": session_factory,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
        }
    )
    client = app.test_client()
    page = client.get("/verify")
    assert page.status_code == 200 and "Verify a document" in page.text
    refused = client.post("/verify", data={"sha256": "ab" * 32})
    assert refused.status_code == 400
    assert "Not issued here" not in refused.text


def test_the_coordinator_writes_addenda_with_a_warning_while_a_language_is_missing(ready, login):
    coordinator = login("coordinator@example.org")
    url = f"/partnerships/{ready.sister}/memorandum/compose"
    page = coordinator.get(url).text
    assert "Rights and obligations of the Parties" in page
    response = coordinator.post(
        url, data={"addendum_uk": "Сторони обмінюються книжками.", "addendum_en": ""}
    )
    assert response.status_code == 302
    page = coordinator.get(url).text
    assert "The memorandum has been saved (version 2)." in page
    assert "The addendum has no version in: English." in page
    preview = coordinator.get(f"/partnerships/{ready.sister}/memorandum/preview").text
    assert "Сторони обмінюються книжками." in preview
    coordinator.post(
        url,
        data={
            "addendum_uk": "Сторони обмінюються книжками.",
            "addendum_en": "The Parties exchange books.",
        },
    )
    assert "The addendum has no version in" not in coordinator.get(url).text


def test_a_change_of_the_composition_voids_the_version_sent(
    ready, login, session_factory, client, read
):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    principles = clause_id(session_factory, "principles")
    coordinator.post(f"/partnerships/{ready.sister}/memorandum/compose/{principles}/remove")
    assert read(ready.sister).memorandum_version == 2
    page = coordinator.get(f"/partnerships/{ready.sister}/signatures").text
    assert "void: replaced by a newer version" in page
    coordinator.post("/logout")
    assert client.get(f"/sign/{link_of(session_factory, 'olena@kyiv.example')}").status_code == 410


def test_a_library_edit_leaves_the_version_sent_for_signature_as_it_was(
    ready, login, session_factory, client, read
):
    """The texts sent are pinned: the requests stay open and sign what was
    sent; a change of the composition then makes a version with the new text."""
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    new_text = "Equality, good faith and mutual respect."
    response = edit_principles(
        coordinator, session_factory, new_text, "Рівність, добросовісність і взаємна повага."
    )
    assert response.status_code == 302
    assert read(ready.sister).memorandum_version == 1
    page = coordinator.get(f"/partnerships/{ready.sister}/signatures").text
    assert "void: replaced by a newer version" not in page
    preview = f"/partnerships/{ready.sister}/memorandum/preview"
    assert new_text not in coordinator.get(preview).text
    assert (
        "Version 1 has been sent for signature or signed"
        in coordinator.get(f"/partnerships/{ready.sister}/memorandum/compose").text
    )
    coordinator.post("/logout")
    token = link_of(session_factory, "olena@kyiv.example")
    assert client.get(f"/sign/{token}").status_code == 200

    coordinator = login("coordinator@example.org")
    termination = clause_id(session_factory, "termination")
    coordinator.post(f"/partnerships/{ready.sister}/memorandum/compose/{termination}/remove")
    assert read(ready.sister).memorandum_version == 2
    assert new_text in coordinator.get(preview).text
    coordinator.post("/logout")
    assert client.get(f"/sign/{token}").status_code == 410


def test_a_librarian_cannot_compose_the_memorandum(ready, login, session_factory):
    kyiv = login("kyiv@example.org")
    url = f"/partnerships/{ready.sister}/memorandum/compose"
    principles = clause_id(session_factory, "principles")
    assert kyiv.get(url).status_code == 403
    assert kyiv.post(url, data={"addendum_uk": "x"}).status_code == 403
    assert kyiv.post(f"{url}/add", data={"clause_id": principles}).status_code == 403
    assert kyiv.post(f"{url}/{principles}/remove").status_code == 403
    assert kyiv.post(f"{url}/{principles}/up").status_code == 403
    assert kyiv.get(f"{url}/{principles}").status_code == 403
    assert kyiv.post(f"{url}/{principles}", data={"title_en": "Mine"}).status_code == 403


def test_a_version_sent_for_signature_is_signed_by_link_only(ready, login, read):
    coordinator = login("coordinator@example.org")
    send(coordinator, ready)
    coordinator.post("/logout")
    kyiv = login("kyiv@example.org")
    assert "Sign the memorandum (version 1)" not in kyiv.get(f"/partnerships/{ready.sister}").text
    party = read(ready.sister).party_of(ready.kyiv)
    response = kyiv.post(
        f"/partnerships/{ready.sister}/memorandum/sign", data={"party_id": party.id, "version": 1}
    )
    assert (
        "This version is signed through the personal links sent by e-mail."
        in kyiv.get(response.location).text
    )
    assert read(ready.sister).party_of(ready.kyiv).signed_version is None


# --- the sealed PDF goes to every party -------------------------------------------


def delivered_text(message):
    return message.get_body(("plain",)).get_content()


def test_with_smtp_every_party_receives_the_sealed_pdf_and_no_secret_stays(
    ready, login, session_factory, client, smtp_server
):
    import hashlib

    sent(login, ready)
    # The links and codes reach the signatories by mail alone.
    secrets = []
    for address, name in (
        ("olena@kyiv.example", "Олена Коваль"),
        ("anna@krakow.example", "Anna Nowak"),
    ):
        (invitation,) = smtp_server.to(address)
        token = LINK.findall(delivered_text(invitation))[-1]
        assert client.get(f"/sign/{token}").status_code == 200
        assert client.post(f"/sign/{token}/code").status_code == 302
        code = CODE.findall(delivered_text(smtp_server.to(address)[-1]))[-1]
        done = client.post(f"/sign/{token}/sign", data={"name": name, "code": code, "intent": "y"})
        assert done.status_code == 200, done.text
        secrets += [token, code]

    # Each signatory and the coordinator get the sealed PDF, in their language.
    coordinator = login("coordinator@example.org")
    sealed = sealed_pdf(coordinator, ready)
    for address, language in (
        ("olena@kyiv.example", "uk"),
        ("anna@krakow.example", "en"),  # Polish is none of the memorandum's languages
        ("coordinator@example.org", "en"),
    ):
        completion = smtp_server.to(address)[-1]
        assert completion["Content-Language"] == language
        (pdf,) = completion.iter_attachments()
        assert pdf.get_content_type() == "application/pdf"
        assert pdf.get_filename() == f"memorandum_signed-{ready.sister}-v1.pdf"
        assert hashlib.sha256(pdf.get_content()).hexdigest() == hashlib.sha256(sealed).hexdigest()

    # The outbox kept no link and no code, and the sealed PDF only by reference.
    s = session_factory()
    rows = s.scalars(select(OutboxMessage)).all()
    assert rows and all(r.sent_at is not None for r in rows)
    bodies = "\n".join(r.body for r in rows)
    assert not any(secret in bodies for secret in secrets)
    assert bodies.count(f"/sign/{mail.MASK}") == 2
    assert bodies.count(f": {mail.MASK} ") == 2  # the two codes
    attachments = [a for r in rows for a in r.attachments]
    assert len(attachments) == 3
    assert all(a.memorandum_id is not None and a.data is None for a in attachments)
    s.close()

    # With SMTP configured the development outbox is not there at all.
    assert coordinator.get("/outbox").status_code == 404
    assert 'href="/outbox"' not in coordinator.get("/").text
    url = f"/outbox/{rows[-1].id}/attachments/{attachments[-1].id}"
    assert coordinator.get(url).status_code == 404


def test_without_smtp_the_outbox_shows_the_sealed_pdf_attached(
    ready, login, session_factory, client, monkeypatch
):
    import hashlib

    monkeypatch.delenv("MAIL_SERVER", raising=False)
    sealed = _sealed(ready, login, session_factory, client)
    (completion,) = [m for m in mails_to(session_factory, "anna@krakow.example") if m.attachments]
    (attachment,) = completion.attachments
    name = f"memorandum_signed-{ready.sister}-v1.pdf"
    assert attachment.filename == name
    assert attachment.sha256 == hashlib.sha256(sealed).hexdigest()
    coordinator = login("coordinator@example.org")
    page = coordinator.get("/outbox").text
    url = f"/outbox/{completion.id}/attachments/{attachment.id}"
    assert f'href="{url}"' in page and name in page
    download = coordinator.get(url)
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert hashlib.sha256(download.data).hexdigest() == hashlib.sha256(sealed).hexdigest()
    # The link of another message does not reach this attachment; nor does a librarian.
    assert (
        coordinator.get(f"/outbox/{completion.id + 1000}/attachments/{attachment.id}").status_code
        == 404
    )
    coordinator.post("/logout")
    assert login("kyiv@example.org").get(url).status_code == 404


# --- nobody signs in another signatory's name ----------------------------------


@pytest.mark.parametrize(
    ("typed", "recorded", "same"),
    [
        ("  олена   КОВАЛЬ ", "Олена Коваль", True),
        ("ОЛЕНА\tковаль", "Олена Коваль", True),
        ("Ａｎｎａ Ｎｏｗａｋ", "Anna Nowak", True),  # full-width letters (NFKC)
        ("Ї\u0301жак", "\u0406\u0308\u0301жак", True),  # composed and decomposed
        ("Марʼяна Дем’ян", "Мар'яна Дем'ян", True),  # the apostrophes of Ukrainian
        ("STRAßE", "strasse", True),  # case folding, not lower-casing
        ("Олена Ковальчук", "Олена Коваль", False),
        ("Anna Nowak", "Олена Коваль", False),
        ("   ", "", False),
    ],
)
def test_a_name_is_compared_after_normalising_case_and_spaces(typed, recorded, same):
    assert signing.same_name(typed, recorded) is same


def test_nobody_signs_in_another_signatorys_name(ready, login, session_factory, client, read):
    sent(login, ready)
    token = link_of(session_factory, "olena@kyiv.example")
    page = client.get(f"/sign/{token}").text
    assert "The memorandum names Олена Коваль as the signatory for" in page
    client.post(f"/sign/{token}/code")
    code = code_of(session_factory, "olena@kyiv.example")
    s = session_factory()
    before = s.scalars(select(SignatureEvent.kind)).all()
    s.close()

    response = client.post(
        f"/sign/{token}/sign", data={"name": "Anna Nowak", "code": code, "intent": "y"}
    )
    assert response.status_code == 422
    assert (
        "The memorandum names Олена Коваль as the signatory for Київська міська бібліотека: "
        "only they sign by this link, with their own name." in response.text
    )
    assert 'value="Anna Nowak"' in response.text  # the form is kept
    assert read(ready.sister).party_of(ready.kyiv).signed_version is None
    s = session_factory()
    assert s.scalars(select(SignatureEvent.kind)).all() == before  # nothing logged
    request = s.scalars(
        select(SignatureRequest).where(SignatureRequest.token_hash == sha256_hex(token))
    ).one()
    assert request.status == "open" and request.code_attempts == 0  # no try of the code spent
    s.close()

    # The signatory herself, however she types her name, signs with the same code.
    response = client.post(
        f"/sign/{token}/sign", data={"name": " олена  КОВАЛЬ", "code": code, "intent": "y"}
    )
    assert response.status_code == 200
    assert read(ready.sister).party_of(ready.kyiv).signed_version == 1


def _name_signatory(session_factory, world, library_id, name):
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    party = load_partnership(s, world.sister, coordinator).party_of(library_id)
    contact = party.contact
    set_contact(
        s,
        coordinator,
        world.sister,
        party.id,
        name=contact.name,
        role=contact.role or "",
        email=contact.email,
        signatory_name=name,
        signatory_role="Director" if name else "",
    )
    s.close()


def test_the_memorandum_is_not_sent_while_a_party_has_no_signatory(ready, login, session_factory):
    _name_signatory(session_factory, ready, ready.krakow, "")
    coordinator = login("coordinator@example.org")
    page = coordinator.get(f"/partnerships/{ready.sister}/signatures").text
    assert "Biblioteka Kraków has not named its signatory" in page
    assert "Send for signature</button>" not in page
    response = send(coordinator, ready)
    assert response.status_code == 302
    assert "Biblioteka Kraków has not named its signatory: name them with the contact person" in (
        coordinator.get(response.location).text
    )
    assert mails_to(session_factory, "olena@kyiv.example") == []
    _name_signatory(session_factory, ready, ready.krakow, "Anna Nowak")
    page = coordinator.get(f"/partnerships/{ready.sister}/signatures").text
    assert "Send for signature</button>" in page


def test_a_link_whose_party_has_no_signatory_says_who_must_name_them(
    ready, login, session_factory, client
):
    sent(login, ready)
    # As a version sent before a signatory was required: the name is gone.
    s = session_factory()
    s.execute(
        update(Party).where(Party.organisation_id == ready.krakow).values(signatory_name=None)
    )
    s.commit()
    s.close()
    token = link_of(session_factory, "anna@krakow.example")
    page = client.get(f"/sign/{token}").text
    message = (
        "Biblioteka Kraków has not named its signatory, so nobody can sign by this link yet: "
        "the coordinator names them and sends the memorandum again."
    )
    assert message in page
    assert "2. Sign" not in page
    client.post(f"/sign/{token}/code")
    code = code_of(session_factory, "anna@krakow.example")
    response = client.post(
        f"/sign/{token}/sign", data={"name": "Anna Nowak", "code": code, "intent": "y"}
    )
    assert response.status_code == 422 and message in response.text


def test_a_new_signatory_after_sending_makes_a_new_version(
    ready, login, session_factory, client, read
):
    sent(login, ready)
    token = link_of(session_factory, "anna@krakow.example")
    _name_signatory(session_factory, ready, ready.krakow, "Jan Kowalski")
    assert read(ready.sister).memorandum_version == 2
    assert client.get(f"/sign/{token}").status_code == 410
    coordinator = login("coordinator@example.org")
    page = coordinator.get(f"/partnerships/{ready.sister}/signatures").text
    assert "void: replaced by a newer version" in page
    assert "Send version 2 for signature" in page
    # Saving the same signatory again changes nothing.
    _name_signatory(session_factory, ready, ready.krakow, "Jan Kowalski")
    assert read(ready.sister).memorandum_version == 2


def _change_contact(session_factory, world, library_id, **changes):
    s = session_factory()
    coordinator = s.get(User, world.coordinator)
    party = load_partnership(s, world.sister, coordinator).party_of(library_id)
    contact = party.contact
    fields = {"name": contact.name, "role": contact.role or "", "email": contact.email}
    set_contact(
        s,
        coordinator,
        world.sister,
        party.id,
        signatory_name=party.signatory_name or "",
        signatory_role=party.signatory_role or "",
        **(fields | changes),
    )
    s.close()


def test_a_new_contact_person_after_sending_makes_a_new_version(
    ready, session_factory, login, client, read
):
    """The memorandum names the contact persons: what was sent no longer holds."""
    sent(login, ready)
    token = link_of(session_factory, "anna@krakow.example")
    # The contact's time zone is not in the memorandum: the link still works.
    _change_contact(session_factory, ready, ready.krakow, timezone="Europe/Warsaw")
    assert read(ready.sister).memorandum_version == 1
    assert client.get(f"/sign/{token}").status_code == 200
    _change_contact(session_factory, ready, ready.krakow, email="biuro@krakow.example")
    assert read(ready.sister).memorandum_version == 2
    assert client.get(f"/sign/{token}").status_code == 410


def test_the_link_mail_says_it_opens_until_signing_and_the_page_names_the_library_alone(
    ready, login, session_factory, client
):
    sent(login, ready)
    ukrainian = mails_to(session_factory, "olena@kyiv.example")[-1]
    assert ukrainian.language == "uk"
    assert "один раз" not in ukrainian.body
    assert "доки ви не підпишете або не відмовитеся" in ukrainian.body
    # The memorandum is in Ukrainian and English: Kraków is written to in English.
    english = mails_to(session_factory, "anna@krakow.example")[-1]
    assert "works once" not in english.body
    assert "it opens as often as you need until you sign or decline" in english.body
    token = link_of(session_factory, "olena@kyiv.example")
    # The opened link opens again until it is used to sign.
    assert client.get(f"/sign/{token}?lang=uk").status_code == 200
    page = client.get(f"/sign/{token}?lang=uk").text
    # The name stands alone: after "для" Ukrainian would decline it.
    assert "для Київська" not in page and "імені Київська" not in page
    assert "Сторона, що підписує: Київська міська бібліотека" in page
    assert "від імені сторони: Київська міська бібліотека" in page
    page = client.get(f"/sign/{token}?lang=pl").text
    assert "Strona podpisująca: Київська міська бібліотека" in page

"""Completing the signing: the stamped signatures, the certificate of completion
and the seal, mailed to every signatory and the coordinator."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from io import BytesIO
from typing import Any

from sqlalchemy.orm import Session

from documents.i18n import gettext_for
from documents.render import ENV, LANGUAGES, html_to_pdf
from states.text import lazy_text
from workflow.mail import outbox as mail
from workflow.memorandum.audit import Client, audit_log, record, sha256_hex
from workflow.memorandum.signatories import translator
from workflow.models import (
    MemorandumVersion,
    Partnership,
    SignatureEvent,
    SignatureRequest,
    User,
)

SIGNED_KIND = "memorandum_signed"


def told(
    session: Session, m: MemorandumVersion, requests: list[SignatureRequest]
) -> list[tuple[str, str]]:
    """The address and language of each request's signatory, and of the
    coordinator who sent the version for signature: each address once."""
    told = {r.email: r.language for r in requests}
    sender = session.get(User, m.sent_by_id) if m.sent_by_id else None
    if sender is not None and sender.email not in told:
        told[sender.email] = sender.locale if sender.locale in LANGUAGES else "en"
    return list(told.items())


def _qr_data_uri(text: str) -> str:
    import segno

    out = BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=4)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def certificate_html(
    p: Partnership, m: MemorandumVersion, events: list[SignatureEvent], verify_url: str
) -> str:
    signers = [
        {
            "library": r.party.organisation.name,
            "name": r.signer_name,
            "email": r.email,
            "signed_at": r.finished_at.isoformat(timespec="seconds") + "Z" if r.finished_at else "",
        }
        for r in m.requests
        if r.status == "signed"
    ]
    languages = m.languages.split(",")
    return ENV.get_template("completion.html").render(
        languages=languages,
        tr={lang: gettext_for(lang) for lang in languages},
        kind="completion",
        heading=p.title,
        generated_on=None,
        title=p.title,
        version=m.version,
        sha256=m.sha256,
        data_hash=m.data_hash,
        signers=signers,
        events=[
            {"at": e.at, "kind": e.kind, "ip": e.ip or "", "hash": e.hash}
            for e in events
            if e.memorandum_id == m.id
        ],
        # Every change of signatory after the first sending, whichever version it voided.
        changes=[
            {"at": e.at, "kind": e.kind, "detail": e.detail}
            for e in events
            if e.kind in ("signatory_changed", "signatory_confirmed")
        ],
        verify_url=verify_url,
        qr=_qr_data_uri(verify_url or "sha256:" + m.sha256),
    )


_MM = 72 / 25.4
#: The print stylesheet's left and right page margins and a signature cell's gap.
_PAGE_MARGINS_MM = 14 + 14
_CELL_GAP_MM = 4


def _signature_stamps(frozen: Any, p: Partnership, m: MemorandumVersion) -> list[dict[str, Any]]:
    """Where each party's signature goes on the frozen pages, and what it says:
    the anchors ``signature-N`` the memorandum left in its signature block
    (N: the party's place in the document), in every language of the version."""
    anchors = frozen.named_destinations
    signed = {r.party_id: r for r in m.requests if r.status == "signed"}
    languages = m.languages.split(",")
    width = float(frozen.pages[0].mediabox.width)
    height = float(frozen.pages[0].mediabox.height)
    per_row = min(len(p.parties), 3) or 1
    cell = (width - _PAGE_MARGINS_MM * _MM) / per_row - _CELL_GAP_MM * _MM
    stamps = []
    for n, party in enumerate(p.parties, start=1):
        anchor = anchors.get(f"signature-{n}")
        request = signed.get(party.id)
        if anchor is None or request is None or request.finished_at is None:
            continue
        lines: list[tuple[str, str]] = []
        for lang in languages:
            line = lazy_text(
                "Signed electronically by %(name)s on %(date)s at %(time)s UTC",
                name=request.signer_name,
                date=ENV.filters["date"](request.finished_at, lang),
                time=request.finished_at.strftime("%H:%M"),
            ).translate(gettext_for(lang))
            if line not in (x for _, x in lines):
                lines.append((lang, line))
        stamps.append(
            {
                "page": frozen.get_destination_page_number(anchor),
                "left": float(anchor.left),
                "top": height - float(anchor.top),
                "width": cell,
                "lines": lines,
            }
        )
    return stamps


def _stamp_signatures(writer: Any, frozen: Any, p: Partnership, m: MemorandumVersion) -> None:
    """Lay each party's signature over the frozen pages' signature block, in an
    incremental update: the file still begins with the bytes they signed."""
    from pypdf import PdfReader

    from documents.render import render_stamps

    stamps = _signature_stamps(frozen, p, m)
    if not stamps:
        return  # a version frozen before the block had its anchors
    box = frozen.pages[0].mediabox
    overlay = PdfReader(
        BytesIO(render_stamps(float(box.width), float(box.height), len(frozen.pages), stamps))
    )
    for n in sorted({s["page"] for s in stamps}):
        writer.pages[n].merge_page(overlay.pages[n])


def sealed_filename(partnership_id: int, version: int) -> str:
    """The sealed memorandum's file name, as downloaded and as mailed."""
    return f"{SIGNED_KIND}-{partnership_id}-v{version}.pdf"


def complete_signing(
    session: Session,
    p: Partnership,
    m: MemorandumVersion,
    client: Client,
    now: datetime,
    seal: Callable[[bytes], bytes] | None,
    verify_url: str,
) -> None:
    from pypdf import PdfReader, PdfWriter

    record(session, p.id, "completed", client, memorandum_id=m.id, now=now)
    certificate = html_to_pdf(certificate_html(p, m, audit_log(session, p.id), verify_url))
    frozen = PdfReader(BytesIO(m.pdf))
    writer = PdfWriter(frozen, incremental=True)
    _stamp_signatures(writer, frozen, p, m)
    for page in PdfReader(BytesIO(certificate)).pages:
        writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    combined = out.getvalue()
    sealed = seal(combined) if seal is not None else combined
    from workflow.memorandum.seal import signature_digests

    m.sealed_pdf = sealed
    m.sealed_sha256 = sha256_hex(sealed)
    digests = signature_digests(sealed)
    m.seal_signature_sha256 = digests[-1] if digests else None
    m.completed_at = now
    record(session, p.id, "sealed", client, memorandum_id=m.id, detail=m.sealed_sha256, now=now)
    # The sealed PDF goes to every party: each signatory, and the coordinator.
    attachment = mail.Attachment(
        filename=sealed_filename(p.id, m.version),
        content_type="application/pdf",
        data=sealed,
        memorandum_id=m.id,
    )
    for email, language in told(session, m, [r for r in m.requests if r.status == "signed"]):
        t = translator(language)
        mail.send(
            session,
            email,
            t(lazy_text("Memorandum signed by every party: %(title)s")) % {"title": p.title},
            t(
                lazy_text(
                    "Every party has signed version %(version)s. The sealed PDF is "
                    "attached (SHA-256 %(hash)s); anyone can check it at %(url)s"
                )
            )
            % {"version": m.version, "hash": m.sealed_sha256, "url": verify_url},
            language,
            attachments=(attachment,),
        )

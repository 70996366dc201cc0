"""Signing the memorandum by e-mailed personal links, and the seal once all signed.

"Send for signature" freezes the current version: the PDF (PDF/A-3u), its
SHA-256 and the hash of its data are stored and never rendered again. Each
party's signatory gets a personal link (a random token; only its SHA-256 is
kept) that opens until they sign or decline, or it expires; on it they see
the frozen PDF and its hash, ask for a one-time code by e-mail, tick an
intent statement naming the hash, and sign with the name the memorandum gives
its signatory, or decline with a reason. With a signing order the server
refuses a party whose turn has not come. Every event goes to an append-only
audit log whose entries are hash-chained. When every party signed, a
certificate of completion is appended, the whole is sealed (``workflow.memorandum.seal``)
and mailed to every signatory and the coordinator.
"""

import base64
import functools
import hmac
import secrets
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any, ParamSpec, TypeVar, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from documents.i18n import gettext_for
from documents.render import ENV, LANGUAGES, html_to_pdf
from states.text import Text, lazy_text
from workflow.errors import DomainError, InvalidInput
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.mail import outbox as mail

# Re-exported for the pages and tests that name one module (``signing.Client``).
from workflow.memorandum.audit import (  # noqa: F401
    AppendOnly,
    Client,
    audit_log,
    chain_is_intact,
    record,
    sha256_hex,
)
from workflow.memorandum.sending import (  # noqa: F401
    LINK_DAYS,
    confirm_signatory,
    new_request,
    new_token,
    remind,
    request_and_mail,
    resend,
    send_for_signature,
    translator,
    without_signatory,
)
from workflow.memorandum.signatories import (  # noqa: F401
    Signatory,
    StaffAddress,
    check_recipient,
    signatories,
    signatory_changed,
    was_sent,
)
from workflow.memorandum.verification import frozen_pdf, verify_hash, verify_pdf  # noqa: F401
from workflow.memorandum.versions import current_frozen, lock_partnership, versions, void_open  # noqa: F401
from workflow.models import (
    MemorandumVersion,
    Partnership,
    Party,
    SignatureEvent,
    SignatureRequest,
    User,
    utcnow,
)

# The names the web tests use (tests/web/test_web_signing.py); they go when
# those tests name sha256_hex and sending.new_request.
_sha = sha256_hex
_new_request = new_request

#: How long an e-mailed code works, and how many wrong tries it allows.
CODE_MINUTES = 15
CODE_TRIES = 5
SIGNED_KIND = "memorandum_signed"


class LinkRefused(DomainError):
    """The link is unknown, used, expired or replaced."""


class NotTheSignatory(InvalidInput):
    """The name typed on the link is not the party's recorded signatory's."""


class LinkExpired(LinkRefused):
    """The link's time is up; kept by ``record_refusal``: the request expires."""

    message = lazy_text("This link has expired. Ask the coordinator for a new one.")

    def __init__(self, request_id: int) -> None:
        super().__init__()
        self.request_id = request_id


class WrongCode(InvalidInput):
    """A wrong one-time code; kept by ``record_refusal``: it costs a try."""

    message = lazy_text("The code is wrong.")

    def __init__(self, request_id: int) -> None:
        super().__init__()
        self.request_id = request_id


def record_refusal(
    session: Session, refusal: LinkExpired | WrongCode, client: Client, now: datetime
) -> None:
    """Keep what a refused link leaves behind, in a transaction of its own (the
    refused use case rolled back): an expired request, or one try of its code."""
    with unit_of_work(session) as uow:
        request = session.get(SignatureRequest, refusal.request_id)
        if request is None:
            return
        if isinstance(refusal, WrongCode):
            # One UPDATE: two wrong tries at once both count.
            session.execute(
                update(SignatureRequest)
                .where(SignatureRequest.id == request.id)
                .values(code_attempts=SignatureRequest.code_attempts + 1)
            )
        elif request.status == "open":
            lock_partnership(session, request.memorandum.partnership_id)
            request.status = "expired"
            record(
                session,
                request.memorandum.partnership_id,
                "expired",
                client,
                memorandum_id=request.memorandum_id,
                request_id=request.id,
                now=now,
            )
        uow.commit()


P = ParamSpec("P")
R = TypeVar("R")


def keeping_refusals(use_case: Callable[P, R]) -> Callable[P, R]:
    """A use case on a signing link whose refusals ``record_refusal`` keeps."""

    @functools.wraps(use_case)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return use_case(*args, **kwargs)
        except (LinkExpired, WrongCode) as refusal:
            session = cast(Session, args[0])
            client = cast(Client, kwargs.get("client") or Client())
            now = cast(datetime | None, kwargs.get("now")) or utcnow()
            record_refusal(session, refusal, client, now)
            raise

    return run


#: Apostrophes a Ukrainian name is typed with: the keyboard's ', the
#: typographic ’ and the modifier letter ʼ that the orthography prescribes.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "`": "'"})


def name_key(name: str) -> str:
    """A name as it is compared: NFKC, case-folded, one space between words."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = unicodedata.normalize("NFKC", folded).translate(_APOSTROPHES)
    return " ".join(folded.split())


def same_name(typed: str, recorded: str) -> bool:
    return bool(name_key(typed)) and name_key(typed) == name_key(recorded)


def find_request(session: Session, token: str) -> SignatureRequest:
    """The open request of ``token``, or LinkRefused."""
    request = session.scalars(
        select(SignatureRequest).where(SignatureRequest.token_hash == sha256_hex(token))
    ).first()
    if request is None or request.status != "open" or request.memorandum.voided_at:
        raise LinkRefused(
            lazy_text("This link does not work any more: it was used, replaced or withdrawn.")
        )
    return request


def _checked(session: Session, token: str, client: Client, now: datetime) -> SignatureRequest:
    request = find_request(session, token)
    if request.expires_at <= now:
        raise LinkExpired(request.id)
    return request


def _fresh_parties(session: Session, partnership_id: int) -> list[Party]:
    return list(
        session.scalars(
            select(Party)
            .where(Party.partnership_id == partnership_id)
            .order_by(Party.id)
            .execution_options(populate_existing=True)
        )
    )


def no_signatory_message(party: Party) -> Text:
    """What the link says when the party's signatory is not recorded: a version
    sent before sending required one (``send_for_signature`` now refuses, and
    changing the signatory makes a new version)."""
    return lazy_text(
        "%(library)s has not named its signatory, so nobody can sign by this link yet: "
        "the coordinator names them and sends the memorandum again.",
        library=party.organisation.name,
    )


def _turn_has_come(request: SignatureRequest) -> bool:
    m = request.memorandum
    if not m.ordered:
        return True
    return all(
        r.status == "signed"
        for r in m.requests
        if r.position < request.position and r.status != "replaced"
    )


@keeping_refusals
def open_link(
    session: Session, token: str, *, client: Client = Client(), now: datetime | None = None
) -> SignatureRequest:
    """The signatory opened their link: recorded the first time."""
    now = now or utcnow()
    with unit_of_work(session) as uow:
        request = _checked(session, token, client, now)
        if request.opened_at is None:
            lock_partnership(session, request.memorandum.partnership_id)
            request.opened_at = now
            record(
                session,
                request.memorandum.partnership_id,
                "opened",
                client,
                memorandum_id=request.memorandum_id,
                request_id=request.id,
                now=now,
            )
        uow.commit()
    return request


@keeping_refusals
def send_code(
    session: Session,
    token: str,
    *,
    client: Client = Client(),
    now: datetime | None = None,
    make_code: Callable[[], str] = lambda: f"{secrets.randbelow(10**6):06d}",
) -> None:
    """Mail a one-time code to the signatory's address."""
    now = now or utcnow()
    with unit_of_work(session) as uow:
        request = _checked(session, token, client, now)
        lock_partnership(session, request.memorandum.partnership_id)
        code = make_code()
        request.code_hash = sha256_hex(f"{request.id}:{code}")
        request.code_expires_at = now + timedelta(minutes=CODE_MINUTES)
        request.code_attempts = 0
        t = translator(request.language)
        mail.send(
            session,
            request.email,
            t(lazy_text("Your code to sign the memorandum")),
            t(lazy_text("Your one-time code: %(code)s (valid for %(minutes)s minutes)."))
            % {"code": code, "minutes": CODE_MINUTES},
            request.language,
            secrets=(code,),
        )
        record(
            session,
            request.memorandum.partnership_id,
            "code_sent",
            client,
            memorandum_id=request.memorandum_id,
            request_id=request.id,
            now=now,
        )
        uow.commit()


def _check_signature(
    request: SignatureRequest,
    party: Party,
    *,
    intent: bool,
    signer_name: str,
    code: str,
    now: datetime,
) -> None:
    """Refuse a signature by the link unless every condition of it holds."""
    if not _turn_has_come(request):
        raise InvalidInput(lazy_text("The signing order says another party signs before you."))
    if not intent:
        raise InvalidInput(lazy_text("Tick the statement to show that you intend to sign."))
    if not signer_name.strip():
        raise InvalidInput(lazy_text("Write your name."))
    # Checked before the code, so a wrong name costs no try of it; nothing
    # is logged: the audit log records what happened to the request, and
    # this changed nothing.
    if not party.signatory_name:
        raise NotTheSignatory(no_signatory_message(party))
    if not same_name(signer_name, party.signatory_name):
        raise NotTheSignatory(
            lazy_text(
                "The memorandum names %(name)s as the signatory for %(library)s: "
                "only they sign by this link, with their own name.",
                name=party.signatory_name,
                library=party.organisation.name,
            )
        )
    if (
        request.code_hash is None
        or request.code_expires_at is None
        or request.code_expires_at <= now
        or request.code_attempts >= CODE_TRIES
    ):
        raise InvalidInput(
            lazy_text("Ask for a new code: this one has expired or was tried too often.")
        )
    if not hmac.compare_digest(request.code_hash, sha256_hex(f"{request.id}:{code.strip()}")):
        raise WrongCode(request.id)


@keeping_refusals
def sign(
    session: Session,
    token: str,
    *,
    code: str,
    intent: bool,
    signer_name: str,
    client: Client = Client(),
    now: datetime | None = None,
    seal: Callable[[bytes], bytes] | None = None,
    verify_url: str = "",
    base_url: str = "",
) -> bool:
    """Sign by the link; True when this signature completed the memorandum."""
    now = now or utcnow()
    with unit_of_work(session) as uow:
        request = _checked(session, token, client, now)
        m = request.memorandum
        p = lock_partnership(session, m.partnership_id)
        # Read again after the lock: on PostgreSQL the locking query's joined
        # rows are from before it waited, and a signature may have landed since.
        session.refresh(request)
        session.refresh(m)
        parties = _fresh_parties(session, p.id)
        if request.status != "open" or m.voided_at or p.memorandum_version != m.version:
            raise LinkRefused(lazy_text("This version of the memorandum has been superseded."))
        party = next(x for x in parties if x.id == request.party_id)
        _check_signature(request, party, intent=intent, signer_name=signer_name, code=code, now=now)
        request.status = "signed"
        request.finished_at = now
        request.signer_name = signer_name.strip()[:200]
        request.code_hash = None
        party.signed_version = m.version
        party.signed_at = now
        party.signed_by_id = None
        record(
            session,
            p.id,
            "signed",
            client,
            memorandum_id=m.id,
            request_id=request.id,
            detail=f"{request.signer_name} | {m.sha256}",
            now=now,
        )
        p.updated_at = now
        completed = False
        if all(x.signed_version == m.version for x in parties):
            if m.completed_at is None:
                _complete(session, p, m, client, now, seal, verify_url)
                completed = True
        elif m.ordered:
            nxt = parties[request.position] if request.position < len(parties) else None
            if (
                nxt is not None
                and nxt.signatory_unconfirmed_at is None
                and not any(r.party_id == nxt.id for r in m.requests)
            ):
                request_and_mail(session, p, m, nxt, request.position + 1, base_url, client, now)
        uow.commit()
    return completed


def _told(
    session: Session, m: MemorandumVersion, requests: list[SignatureRequest]
) -> list[tuple[str, str]]:
    """The address and language of each request's signatory, and of the
    coordinator who sent the version for signature: each address once."""
    told = {r.email: r.language for r in requests}
    sender = session.get(User, m.sent_by_id) if m.sent_by_id else None
    if sender is not None and sender.email not in told:
        told[sender.email] = sender.locale if sender.locale in LANGUAGES else "en"
    return list(told.items())


@keeping_refusals
def decline(
    session: Session,
    token: str,
    *,
    reason: str,
    client: Client = Client(),
    now: datetime | None = None,
) -> None:
    """The signatory declines with a reason; every party is told."""
    now = now or utcnow()
    if not reason.strip():
        raise InvalidInput(lazy_text("Say why you decline."))
    with unit_of_work(session) as uow:
        request = _checked(session, token, client, now)
        m = request.memorandum
        p = lock_partnership(session, m.partnership_id)
        request.status = "declined"
        request.finished_at = now
        request.decline_reason = reason.strip()
        record(
            session,
            p.id,
            "declined",
            client,
            memorandum_id=m.id,
            request_id=request.id,
            detail=request.decline_reason,
            now=now,
        )
        told = _told(session, m, [r for r in m.requests if r.status != "replaced"])
        for email, language in told:
            t = translator(language)
            mail.send(
                session,
                email,
                t(lazy_text("Memorandum declined: %(title)s")) % {"title": p.title},
                t(
                    lazy_text(
                        "%(library)s declined to sign version %(version)s of the "
                        "memorandum. Reason: %(reason)s"
                    )
                )
                % {
                    "library": request.party.organisation.name,
                    "version": m.version,
                    "reason": request.decline_reason,
                },
                language,
            )
        p.updated_at = now
        uow.commit()


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


def _complete(
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
    for email, language in _told(session, m, [r for r in m.requests if r.status == "signed"]):
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

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

import functools
import hmac
import secrets
import unicodedata
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import ParamSpec, TypeVar, cast

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from states.text import Text, lazy_text
from workflow.errors import DomainError, InvalidInput
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.mail import outbox as mail
from workflow.memorandum.audit import (  # noqa: F401
    AppendOnly,
    Client,
    audit_log,
    chain_is_intact,
    record,
    sha256_hex,
)

# Re-exported for the pages and tests that name one module (``signing.Client``).
from workflow.memorandum.completion import (  # noqa: F401
    SIGNED_KIND,
    certificate_html,
    complete_signing,
    sealed_filename,
    told,
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
    Party,
    SignatureRequest,
    utcnow,
)

#: How long an e-mailed code works, and how many wrong tries it allows.
CODE_MINUTES = 15
CODE_TRIES = 5


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
                complete_signing(session, p, m, client, now, seal, verify_url)
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
        recipients = told(session, m, [r for r in m.requests if r.status != "replaced"])
        for email, language in recipients:
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

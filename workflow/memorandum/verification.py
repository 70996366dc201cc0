"""Checking a memorandum: is this PDF, or this hash, one the platform sealed?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from workflow.memorandum.audit import sha256_hex
from workflow.models import (
    MemorandumVersion,
    SignatureRequest,
)


@dataclass(frozen=True)
class Verdict:
    """What the verification page answers."""

    outcome: str  # "unchanged", "original", "changed", "unknown"
    memorandum: MemorandumVersion | None = None
    signers: tuple[tuple[str, str, datetime | None], ...] = ()


def _verdict(outcome: str, m: MemorandumVersion | None) -> Verdict:
    if m is None:
        return Verdict("unknown")
    signers = tuple(
        (r.party.organisation.name, r.signer_name or "", r.finished_at)
        for r in m.requests
        if r.status == "signed"
    )
    return Verdict(outcome, m, signers)


def verify_hash(session: Session, sha256: str) -> Verdict:
    sha256 = sha256.strip().lower()
    m = session.scalars(
        select(MemorandumVersion).where(MemorandumVersion.sealed_sha256 == sha256)
    ).first()
    if m is not None:
        return _verdict("unchanged", m)
    m = session.scalars(select(MemorandumVersion).where(MemorandumVersion.sha256 == sha256)).first()
    if m is not None:
        return _verdict("original", m)
    return Verdict("unknown")


def verify_pdf(session: Session, data: bytes) -> Verdict:
    from workflow.memorandum.seal import signature_digests

    verdict = verify_hash(session, sha256_hex(data))
    if verdict.outcome != "unknown":
        return verdict
    digests = signature_digests(data)
    if digests:
        m = session.scalars(
            select(MemorandumVersion).where(MemorandumVersion.seal_signature_sha256.in_(digests))
        ).first()
        if m is not None:
            return _verdict("changed", m)
    return Verdict("unknown")


def requests_of(session: Session, m: MemorandumVersion) -> list[SignatureRequest]:
    return list(m.requests)


def frozen_pdf(session: Session, memorandum_id: int, *, sealed: bool) -> bytes | None:
    column = MemorandumVersion.sealed_pdf if sealed else MemorandumVersion.pdf
    return session.scalars(select(column).where(MemorandumVersion.id == memorandum_id)).first()

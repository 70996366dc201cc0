"""The memorandum's versions: what it says, and a new version when that changes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

import states
from documents import context_hash
from workflow.lifecycle.documents import build_context
from workflow.lifecycle.loading import LOAD_PARTNERSHIP
from workflow.memorandum.audit import Client, record
from workflow.models import (
    MemorandumVersion,
    Partnership,
    utcnow,
)


def memorandum_terms(p: Partnership) -> str:
    """A hash of what the memorandum says, whoever has signed it so far: its
    data without the version number, the date and the signatures."""
    context = build_context(p, "memorandum")
    for key in ("memorandum_version", "generated_on"):
        context.pop(key, None)
    context["parties"] = [
        {k: v for k, v in party.items() if k not in ("signed", "signed_at")}
        for party in context["parties"]
    ]
    return context_hash(context)


def sent_terms(session: Session, p: Partnership) -> str | None:
    """What the memorandum out for signature (sent, not yet complete) says;
    None when none is out."""
    if p.status != states.MEMORANDUM:
        return None
    m = current_frozen(session, p)
    return memorandum_terms(p) if m is not None and m.completed_at is None else None


def new_memorandum_version(session: Session, p: Partnership) -> None:
    """A change to what the memorandum says makes a new version: the links
    and signatures of the one sent are void."""
    p.memorandum_version += 1
    void_open(session, p)


def current_frozen(session: Session, p: Partnership) -> MemorandumVersion | None:
    return session.scalars(
        select(MemorandumVersion).where(
            MemorandumVersion.partnership_id == p.id,
            MemorandumVersion.version == p.memorandum_version,
            MemorandumVersion.voided_at.is_(None),
        )
    ).first()


def versions(session: Session, partnership_id: int) -> list[MemorandumVersion]:
    return list(
        session.scalars(
            select(MemorandumVersion)
            .where(MemorandumVersion.partnership_id == partnership_id)
            .order_by(MemorandumVersion.version.desc())
        )
    )


def void_open(session: Session, p: Partnership, client: Client = Client()) -> None:
    """An edit made a new version: requests and signatures of the old one are void."""
    for m in session.scalars(
        select(MemorandumVersion).where(
            MemorandumVersion.partnership_id == p.id,
            MemorandumVersion.voided_at.is_(None),
            MemorandumVersion.completed_at.is_(None),
        )
    ):
        m.voided_at = utcnow()
        for r in m.requests:
            if r.status in ("open", "signed"):
                r.status = "void"
        record(session, p.id, "voided", client, memorandum_id=m.id, detail=str(m.version))


def lock_partnership(session: Session, partnership_id: int) -> Partnership:
    return (
        session.execute(LOAD_PARTNERSHIP.with_for_update(of=Partnership), {"pid": partnership_id})
        .unique()
        .scalar_one()
    )

"""The signing audit log: append-only, each entry hash-chained to the one before."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from states.text import lazy_text
from workflow.errors import DomainError
from workflow.models import (
    SignatureEvent,
    utcnow,
)

GENESIS = "0" * 64


@dataclass(frozen=True)
class Client:
    """Who is at the other end of a request: kept in the audit log."""

    ip: str | None = None
    user_agent: str | None = None


def sha256_hex(value: str | bytes) -> str:
    return hashlib.sha256(value.encode() if isinstance(value, str) else value).hexdigest()


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="microseconds") + "Z"


def _event_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return sha256_hex(prev_hash + payload)


def _fields(e: SignatureEvent) -> dict[str, Any]:
    return {
        "partnership": e.partnership_id,
        "memorandum": e.memorandum_id,
        "request": e.request_id,
        "kind": e.kind,
        "at": e.at,
        "ip": e.ip,
        "user_agent": e.user_agent,
        "detail": e.detail,
    }


class AppendOnly(DomainError):
    """An entry of the audit log was to be changed or removed."""


@event.listens_for(SignatureEvent, "before_update")
@event.listens_for(SignatureEvent, "before_delete")
def _refuse_change(_mapper: Any, _connection: Any, target: SignatureEvent) -> None:
    raise AppendOnly(lazy_text("The audit log is append-only."))


def record(
    session: Session,
    partnership_id: int,
    kind: str,
    client: Client,
    *,
    memorandum_id: int | None = None,
    request_id: int | None = None,
    detail: str = "",
    now: datetime | None = None,
) -> SignatureEvent:
    """Append an event to the partnership's chain (the caller holds its row lock)."""
    last = session.scalars(
        select(SignatureEvent)
        .where(SignatureEvent.partnership_id == partnership_id)
        .order_by(SignatureEvent.id.desc())
        .limit(1)
    ).first()
    event = SignatureEvent(
        partnership_id=partnership_id,
        memorandum_id=memorandum_id,
        request_id=request_id,
        kind=kind,
        at=_iso(now or utcnow()),
        ip=(client.ip or None) and client.ip[:64],
        user_agent=(client.user_agent or None) and client.user_agent[:300],
        detail=detail,
        prev_hash=last.hash if last is not None else GENESIS,
    )
    event.hash = _event_hash(event.prev_hash, _fields(event))
    session.add(event)
    session.flush()
    return event


def audit_log(session: Session, partnership_id: int) -> list[SignatureEvent]:
    return list(
        session.scalars(
            select(SignatureEvent)
            .where(SignatureEvent.partnership_id == partnership_id)
            .order_by(SignatureEvent.id)
        )
    )


def chain_is_intact(events: list[SignatureEvent]) -> bool:
    """Whether every entry hashes its content and the entry before it."""
    prev = GENESIS
    for e in events:
        if e.prev_hash != prev or e.hash != _event_hash(prev, _fields(e)):
            return False
        prev = e.hash
    return True

"""The memorandum's versions: what it says, and a new version when that changes."""

from __future__ import annotations

from sqlalchemy.orm import Session

from workflow.models import Partnership


def memorandum_terms(p: Partnership) -> str:
    """A hash of what the memorandum says, whoever has signed it so far: its
    data without the version number, the date and the signatures."""
    from documents import context_hash
    from workflow.lifecycle.documents import build_context

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
    from workflow.memorandum.signing import current_frozen

    if p.status != "memorandum":
        return None
    m = current_frozen(session, p)
    return memorandum_terms(p) if m is not None and m.completed_at is None else None


def new_memorandum_version(session: Session, p: Partnership) -> None:
    """A change to what the memorandum says makes a new version: the links
    and signatures of the one sent are void."""
    from workflow.memorandum.signing import void_open

    p.memorandum_version += 1
    void_open(session, p)

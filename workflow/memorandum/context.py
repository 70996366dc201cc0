"""The memorandum's context, and when it came into force."""

from __future__ import annotations

from datetime import date
from typing import Any

import states
from workflow.lifecycle.context import Context, is_signed, written_in
from workflow.memorandum.composition import clauses_context
from workflow.models import Partnership


def memorandum_context(p: Partnership) -> Context:
    leader = next((x for x in p.parties if x.id == p.leader_party_id), None)
    return {
        "memorandum_version": p.memorandum_version,
        "duration_months": p.memorandum_duration_months,
        "leader": leader.organisation.name if leader else None,
        "leader_latin": leader.organisation.name_latin if leader else None,
        "cooperation_rules": p.cooperation_rules,
        "cooperation_rules_lang": written_in(p.cooperation_rules, p.language_list),
        # What the second meeting decided (none chosen: every direction).
        "areas": list(p.areas or ()),
        "tasks": p.agreed_tasks,
        "tasks_lang": written_in(p.agreed_tasks, p.language_list),
        # The coordinator's composition: the clauses and addenda per language.
        "clauses": clauses_context(p),
        "addenda": {
            lang: text
            for lang, text in sorted((p.memorandum_addenda or {}).items())
            if lang in p.language_list and text.strip()
        },
    }


def memorandum_left(p: Partnership) -> Any:
    """The latest move out of the memorandum step (signed or skipped), if any."""
    return next(
        (
            h
            for h in reversed(p.history)
            if h.from_state == states.MEMORANDUM and h.trigger in ("advance", "skip_memorandum")
        ),
        None,
    )


def memorandum_signed_on(p: Partnership) -> date | None:
    """When the memorandum came into force: the day the last party signed its
    current version, else the day the partnership left the memorandum step;
    None when it was skipped (a local partnership) or is not signed yet."""
    left = memorandum_left(p)
    if left is not None and left.trigger == "skip_memorandum":
        return None
    signed = [x.signed_at for x in p.parties if is_signed(x, p) and x.signed_at]
    if signed and len(signed) == len(p.parties):
        return max(signed).date()
    return left.at.date() if left is not None else None

"""The selection report's context."""

from __future__ import annotations

from workflow.lifecycle.context import Context
from workflow.models import Partnership


def selection_report(p: Partnership) -> Context:
    return {"selection_reason": p.selection_reason, "shortlist": p.selection_shortlist or []}

"""Which edits each step allows, and to whom: read from ``states`` by one function."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import states
from states.base import (
    ACTIVITIES,
    ACTIVITY_REMOVAL,
    CONSENT,
    CONTACTS,
    LEADER,
    MEETINGS,
    MEMORANDUM_TEXT,
    PARTIES,
    PUBLICATIONS,
    SIGNATURES,
)
from workflow.errors import PermissionDenied
from workflow.lifecycle.edits import EditNotAllowed, may_edit, require_edit


@pytest.mark.parametrize(
    ("status", "role", "edit", "allowed"),
    [
        ("selection", states.COORDINATOR, PARTIES, True),
        ("selection", states.LIBRARIAN, PARTIES, False),
        ("introduction", states.COORDINATOR, PARTIES, False),
        ("selection", states.LIBRARIAN, CONSENT, True),
        ("memorandum", states.LIBRARIAN, CONSENT, False),
        ("memorandum", states.LIBRARIAN, CONTACTS, True),
        ("planning", states.LIBRARIAN, CONTACTS, False),
        ("introduction", states.ANIMATOR, MEETINGS, True),
        ("memorandum", states.ANIMATOR, MEETINGS, False),
        ("introduction", states.ANIMATOR, LEADER, True),
        ("introduction", states.LIBRARIAN, LEADER, False),
        ("memorandum", states.COORDINATOR, MEMORANDUM_TEXT, True),
        ("memorandum", states.LIBRARIAN, MEMORANDUM_TEXT, False),
        ("memorandum", states.LIBRARIAN, SIGNATURES, True),
        ("planning", states.LIBRARIAN, ACTIVITIES, True),
        ("cooperation", states.LIBRARIAN, ACTIVITIES, True),
        ("campaign", states.LIBRARIAN, ACTIVITIES, False),
        ("cooperation", states.COORDINATOR, ACTIVITY_REMOVAL, False),
        ("campaign", states.LIBRARIAN, PUBLICATIONS, True),
        ("on_hold", states.COORDINATOR, PUBLICATIONS, False),
        ("closed", states.ADMIN, CONTACTS, False),
    ],
)
def test_may_edit_reads_the_steps_declarations(status, role, edit, allowed) -> None:
    p = SimpleNamespace(status=status)
    assert may_edit(p, SimpleNamespace(role=role), edit) is allowed


def test_require_edit_names_what_refused() -> None:
    with pytest.raises(EditNotAllowed):
        require_edit(SimpleNamespace(status="planning"), SimpleNamespace(role="admin"), PARTIES)
    with pytest.raises(PermissionDenied):
        require_edit(SimpleNamespace(status="selection"), SimpleNamespace(role="animator"), PARTIES)


def test_the_step_windows_are_derived_from_the_declarations() -> None:
    assert states.steps_allowing(CONTACTS) == ("selection", "introduction", "memorandum")
    assert states.steps_allowing(ACTIVITIES) == ("planning", "cooperation")

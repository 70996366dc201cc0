"""Every use case of the steps, importable from one place (``sv.advance``, ...).

The use cases live with their feature (``workflow/<feature>/``); this module
only re-exports them for callers that name them all through one module (the
web layer). Nothing in ``workflow/`` imports it.
"""

from workflow.campaign.publications import (
    CAMPAIGN_STEPS,
    MAX_AUDIENCE,
    MAX_KEY_MESSAGE,
    MAX_URL,
    add_publication,
    mark_published,
    set_campaign,
)
from workflow.introduction.contacts import (
    CONTACT_STEPS,
    accept_partnership,
    add_contact_person,
    contacts_visible,
    party_recipients,
    remove_contact_person,
    set_contact,
)
from workflow.introduction.leader import choose_leader
from workflow.introduction.meetings import (
    add_attendee,
    evaluate_meeting,
    record_meeting,
    remove_attendee,
    set_between_tasks,
)
from workflow.lifecycle.edits import (
    edit_partnership,
    party_for_edit,
    require,
    require_staff,
    require_state,
)
from workflow.lifecycle.loading import LOAD_PARTNERSHIP, load_partnership
from workflow.lifecycle.moves import (
    Moved,
    MoveOption,
    advance,
    close,
    history_of,
    hold,
    move,
    move_options,
    record_history,
    reopen,
    resume,
    skip_memorandum,
    withdraw,
)
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.memorandum.operations import generate_memorandum, sign_memorandum
from workflow.memorandum.versions import memorandum_terms, new_memorandum_version, sent_terms
from workflow.planning.activities import (
    ACTIVITY_EDIT_STEPS,
    ACTIVITY_STATUS_STEPS,
    ActivityFields,
    add_activity,
    edit_activity,
    remove_activity,
    set_activity_status,
)
from workflow.planning.approval import approve_plan
from workflow.selection.partnerships import add_party, create_partnership, remove_party

__all__ = [
    "unit_of_work",
    "load_partnership",
    "LOAD_PARTNERSHIP",
    "MoveOption",
    "move_options",
    "move",
    "Moved",
    "record_history",
    "advance",
    "reopen",
    "hold",
    "resume",
    "withdraw",
    "skip_memorandum",
    "close",
    "history_of",
    "require",
    "require_staff",
    "require_state",
    "edit_partnership",
    "party_for_edit",
    "memorandum_terms",
    "new_memorandum_version",
    "sent_terms",
    "create_partnership",
    "add_party",
    "remove_party",
    "CONTACT_STEPS",
    "set_contact",
    "add_contact_person",
    "remove_contact_person",
    "accept_partnership",
    "contacts_visible",
    "party_recipients",
    "record_meeting",
    "add_attendee",
    "remove_attendee",
    "set_between_tasks",
    "evaluate_meeting",
    "choose_leader",
    "generate_memorandum",
    "sign_memorandum",
    "ACTIVITY_STATUS_STEPS",
    "ACTIVITY_EDIT_STEPS",
    "ActivityFields",
    "add_activity",
    "edit_activity",
    "remove_activity",
    "set_activity_status",
    "approve_plan",
    "CAMPAIGN_STEPS",
    "MAX_AUDIENCE",
    "MAX_KEY_MESSAGE",
    "MAX_URL",
    "set_campaign",
    "add_publication",
    "mark_published",
]

"""Introduction: contacts, the first and second partnership meetings.

Each party names a contact person; the first meeting (getting to know each
other, the idea of partnership, the community's needs) and the second (rules,
areas, tasks, the leader) are recorded and each is evaluated afterwards by the
animator with the library (seed 004, §2.1).
"""

from __future__ import annotations

from typing import Any

from states.base import (
    ANIMATOR,
    CONSENT,
    CONTACTS,
    EVALUATIONS,
    LEADER,
    LIBRARIAN,
    MEETINGS,
    STAFF,
    DocumentSpec,
    Edit,
    Step,
    Transition,
    reopen,
)
from states.text import Text, lazy_text

MEETING_NOT_RECORDED = {
    1: lazy_text("The first partnership meeting is not recorded"),
    2: lazy_text("The second partnership meeting is not recorded"),
}
MEETING_NOT_EVALUATED = {
    1: lazy_text("The first partnership meeting is not evaluated"),
    2: lazy_text("The second partnership meeting is not evaluated"),
}


#: The agenda of the first and second partnership meetings (seed 004, §2.1.2-3),
#: offered as a checklist: (stored key, title).
AGENDA: dict[int, tuple[tuple[str, Text], ...]] = {
    1: (
        ("introductions", lazy_text("Participants get to know each other")),
        (
            "idea",
            lazy_text("The idea of partnership, and the value and benefits of working together"),
        ),
        (
            "needs",
            lazy_text(
                "The community's needs: the results of the survey discussed, "
                "or a diagnosis started for a strategic partnership"
            ),
        ),
        ("ideas", lazy_text("First ideas for cooperation")),
        ("next_date", lazy_text("The date of the next meeting")),
    ),
    2: (
        ("rules", lazy_text("Rules of cooperation and of organising partnership meetings")),
        ("areas", lazy_text("Areas of cooperation, directions of action and tasks to carry out")),
        ("leader", lazy_text("Choosing the coordinator or leader of the partnership")),
    ),
}
#: Later meetings of a partnership that already works together (seed 004, §2.1.5).
LATER_AGENDA: tuple[tuple[str, Text], ...] = (
    (
        "condition",
        lazy_text("How the cooperation is doing: the activity and engagement of the members"),
    ),
    ("new_goals", lazy_text("New goals for the needs found, or finding out those needs")),
    ("long_term", lazy_text("Planning joint activities for a longer period")),
)
#: Meetings a partnership records at most (the first, the second and later ones).
MAX_MEETINGS = 12


def agenda_for(number: int) -> tuple[tuple[str, Text], ...]:
    """The agenda checklist of meeting ``number``."""
    return AGENDA.get(number, LATER_AGENDA)


#: Between the first and the second meeting (seed 004, §2.1.4).
BETWEEN_TASKS: tuple[tuple[str, Text], ...] = (
    (
        "inform",
        lazy_text(
            "Participants tell their institutions and communities about the idea of "
            "the partnership, the community's needs and the first ideas"
        ),
    ),
    (
        "review",
        lazy_text(
            "The lead library and the animator review who takes part, "
            "to invite new people on the topics raised"
        ),
    ),
    (
        "bring_one",
        lazy_text("Each participant of the first meeting brings one more partner to the second"),
    ),
)
#: Fewer people than this at a meeting, or fewer than half of those invited, is low.
LOW_ATTENDANCE = 5


def attendance_is_low(meeting: Any) -> bool:
    """Too few came: suggest that each participant brings one more partner."""
    came = len(meeting.attendees)
    if not came:
        return False  # nobody listed yet: nothing to judge
    if meeting.invited:
        return came * 2 < meeting.invited
    return came < LOW_ATTENDANCE


def every_party_has_contact_person(p: Any) -> list[Text]:
    return [
        lazy_text("%(library)s has not named a contact person", library=x.organisation.name)
        for x in p.parties
        if not x.has_contact_person
    ]


def both_meetings_recorded_and_evaluated(p: Any) -> list[Text]:
    missing: list[Text] = []
    held = {m.number: m for m in p.meetings}
    for number in (1, 2):
        meeting = held.get(number)
        if meeting is None or not meeting.minutes or not (meeting.attendance or meeting.attendees):
            missing.append(MEETING_NOT_RECORDED[number])
        elif not meeting.evaluation:
            missing.append(MEETING_NOT_EVALUATED[number])
    return missing


def leader_chosen(p: Any) -> list[Text]:
    return [] if p.leader_party_id else [lazy_text("No leader of the partnership has been chosen")]


STEP = Step(
    name="introduction",
    title=lazy_text("Introduction"),
    summary=lazy_text("Contacts are exchanged; two partnership meetings are held and evaluated."),
    order=2,
    edits=(
        Edit(CONTACTS, roles=(*STAFF, LIBRARIAN)),
        Edit(CONSENT, roles=(LIBRARIAN,)),
        Edit(MEETINGS, roles=(*STAFF, ANIMATOR, LIBRARIAN)),
        Edit(EVALUATIONS, roles=(*STAFF, ANIMATOR, LIBRARIAN)),
        Edit(LEADER, roles=(*STAFF, ANIMATOR)),
    ),
    documents=(
        DocumentSpec("meeting_record", lazy_text("Meeting record")),
        DocumentSpec("evaluation", lazy_text("Evaluation of the meetings")),
    ),
    transitions=(
        Transition(
            "advance",
            dest="memorandum",
            requires=(
                every_party_has_contact_person,
                both_meetings_recorded_and_evaluated,
                leader_chosen,
            ),
        ),
        reopen("selection"),
    ),
)

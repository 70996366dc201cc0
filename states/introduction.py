"""Introduction: contacts, the first and second partnership meetings.

Each party names a contact person; the first meeting (getting to know each
other, the idea of partnership, the community's needs) and the second (rules,
areas, tasks, the leader) are recorded and each is evaluated afterwards by the
animator with the library (seed 004, §2.1).
"""

from __future__ import annotations

from typing import Any

from states.base import DocumentSpec, Step, Transition, reopen
from states.text import Text, _l

MEETING_NOT_RECORDED = {
    1: _l("The first partnership meeting is not recorded"),
    2: _l("The second partnership meeting is not recorded"),
}
MEETING_NOT_EVALUATED = {
    1: _l("The first partnership meeting is not evaluated"),
    2: _l("The second partnership meeting is not evaluated"),
}


def every_party_has_contact_person(p: Any) -> list[Text]:
    return [
        _l("%(library)s has not named a contact person", library=x.organisation.name)
        for x in p.parties
        if not (x.contact_name and x.contact_email)
    ]


def both_meetings_recorded_and_evaluated(p: Any) -> list[Text]:
    missing: list[Text] = []
    held = {m.number: m for m in p.meetings}
    for number in (1, 2):
        meeting = held.get(number)
        if meeting is None or not meeting.minutes:
            missing.append(MEETING_NOT_RECORDED[number])
        elif not meeting.evaluation:
            missing.append(MEETING_NOT_EVALUATED[number])
    return missing


def leader_chosen(p: Any) -> list[Text]:
    return [] if p.leader_party_id else [_l("No leader of the partnership has been chosen")]


STEP = Step(
    name="introduction",
    title=_l("Introduction"),
    summary=_l("Contacts are exchanged; two partnership meetings are held and evaluated."),
    order=2,
    documents=(DocumentSpec("meeting_record", _l("Meeting record")),),
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

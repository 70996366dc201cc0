"""Everything the partnership page shows, for one partnership and one viewer.

The page offers only what the viewer may do in the partnership's current
step; the services check the same rules again when a form arrives. This is
the frame: the lifecycle, the moves, the history and the documents; each
step's package gives its section (``web.<step>.page.section``) and ``build``
puts them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy.orm import Session

import states
from states import ANIMATOR, CLOSED, COOPERATION, WITHDRAWN
from states.base import DocumentSpec, Step
from states.text import Text
from web.campaign import page as campaign_page
from web.cooperation import page as cooperation_page
from web.forms import page_form
from web.introduction import page as introduction_page
from web.lifecycle.forms import MoveForm
from web.memorandum import page as memorandum_page
from web.planning import page as planning_page
from web.selection import page as selection_page
from workflow.hours import entries as hours
from workflow.lifecycle.access import is_staff, own_party
from workflow.lifecycle.documents import document_kinds_for, offered_documents
from workflow.lifecycle.moves import MoveOption, history_of, move_options
from workflow.models import HistoryEntry, Partnership, User

#: The row of the lifecycle diagram: the five steps, then cooperation.
ROW: tuple[Step, ...] = states.STEPS + (states.BY_NAME[COOPERATION],)
ROW_NAMES = tuple(s.name for s in ROW)


@dataclass
class MoveRow:
    option: MoveOption
    form: MoveForm
    dest_title: Text


#: Where on the page the control that supplies a missing item is, by its
#: message (items naming a library lead to that party's card).
MISSING_ANCHORS = {
    "The memorandum has not been generated": "memorandum-actions",
    "The first partnership meeting is not recorded": "meeting-1",
    "The second partnership meeting is not recorded": "meeting-2",
    "The first partnership meeting is not evaluated": "meeting-1",
    "The second partnership meeting is not evaluated": "meeting-2",
    "No leader of the partnership has been chosen": "leader",
    "The plan has no activities yet": "plan",
    "No publication is planned yet": "campaign",
    "Nothing has been published yet": "campaign",
}


def missing_anchor(p: Partnership, item: Text) -> str | None:
    """The id of the part of the page that supplies ``item``, if any."""
    if item.msgid in MISSING_ANCHORS:
        return MISSING_ANCHORS[item.msgid]
    library = item.params.get("library")
    party = next((x for x in p.parties if x.organisation.name == library), None)
    return f"party-{party.id}" if party is not None else None


@dataclass
class Page:
    p: Partnership
    user: User
    anchor: str | None
    step: Step
    missing: list[Text]
    checklist: bool
    moves: list[MoveRow]
    history: list[HistoryEntry]
    documents: list[DocumentSpec]
    #: The parties, each with the forms of the steps (``web.selection.page.PartyRow``).
    parties: list[selection_page.PartyRow] = field(default_factory=list)
    selection: selection_page.SelectionSection | None = None
    introduction: introduction_page.IntroductionSection | None = None
    memorandum: memorandum_page.MemorandumSection | None = None
    #: The joint activity plan's forms (``web.planning.page``).
    plan: planning_page.PlanForms | None = None
    #: The information campaign's forms (``web.campaign.page``).
    campaign: campaign_page.CampaignForms | None = None
    #: Check-ins, dormancy, condition and publication (``web.cooperation.page``).
    cooperation: cooperation_page.CooperationSection | None = None
    #: The id of the first field that needs attention when a form came back.
    first_error: str | None = None
    #: The missing items, each with the id of what supplies it (``missing_anchor``).
    missing_links: list[tuple[Text, str | None]] = field(default_factory=list)
    #: The lead library's animator budget, for those who decide on support.
    hours_budget: Any = None

    @property
    def signed_any(self) -> bool:
        """Whether anyone signed the current memorandum (it was not skipped)."""
        v = self.p.memorandum_version
        return bool(v) and any(x.signed_version == v for x in self.p.parties)

    def reached(self, name: str) -> bool:
        """Whether the partnership has got as far as step ``name``."""
        if self.anchor is None:
            return False
        return states.BY_NAME[self.anchor].order >= states.BY_NAME[name].order

    def box_state(self, name: str) -> str:
        """done / current / held / todo, for the lifecycle diagram."""
        if self.anchor is None:
            return "todo"
        if name == self.anchor:
            if self.p.status == name:
                return "current"
            return "done" if self.p.status == CLOSED else "held"
        return "done" if self.reached(name) else "todo"


def anchor_of(p: Partnership, history: list[HistoryEntry]) -> str | None:
    """The step of the row the partnership is in, or was last in."""
    if p.status in ROW_NAMES:
        return p.status
    if p.held_from:
        return p.held_from
    return next((h.to_state for h in reversed(history) if h.to_state in ROW_NAMES), None)


def documents_reached(anchor: str | None) -> list[DocumentSpec]:
    """The documents of the steps reached so far."""
    return list(document_kinds_for(anchor)) if anchor else []


def documents_of(session: Session, p: Partnership) -> list[DocumentSpec]:
    """The documents ``p`` has reached and that have content. The history is read only when the
    state does not say where a held, closed or withdrawn partnership got to."""
    history = [] if p.status in ROW_NAMES else history_of(session, p)
    return offered_documents(p, documents_reached(anchor_of(p, history)))


def _moves(p: Partnership, user: User, overrides: dict[str, FlaskForm]) -> list[MoveRow]:
    return [
        MoveRow(
            option=o,
            form=page_form(MoveForm, f"move-{o.trigger}", overrides, version=p.version),
            dest_title=states.BY_NAME[o.dest].title,
        )
        # The ordinary moves first; those that end the partnership (confirmed) last.
        for o in sorted(move_options(p, user), key=lambda o: o.confirm)
    ]


def _parties(page: Page, overrides: dict[str, FlaskForm]) -> list[selection_page.PartyRow]:
    """Each party with the forms the selection, the memorandum and the plan give it."""
    p, user = page.p, page.user
    staff, mine = is_staff(user), own_party(user, p)
    rows = []
    for party in p.parties:
        row = selection_page.party_row(p, user, party, staff=staff, mine=mine, overrides=overrides)
        if page.memorandum is not None:
            row.sign_form = memorandum_page.sign_form(page.memorandum, p, user, party, mine)
        editable = staff or (mine is not None and mine.id == party.id)
        row.approve_form = planning_page.approve_form(p, party, editable=editable)
        rows.append(row)
    return rows


def _missing_links(page: Page) -> list[tuple[Text, str | None]]:
    """Each missing item, leading to what supplies it when this user has it."""
    intro, cf = page.introduction, page.campaign
    meetings = intro.meetings if intro is not None else []
    offered = {
        "memorandum-actions": page.memorandum is not None
        and page.memorandum.generate_form is not None,
        "leader": intro is not None and intro.leader_form is not None,
        "plan": page.plan is not None and page.plan.add is not None,
        "campaign": cf is not None and cf.add is not None,
        "meeting-1": any(m.number == 1 for m in meetings),
        "meeting-2": any(m.number == 2 for m in meetings),
    }
    return [
        (item, anchor if offered.get(anchor, True) else None)
        for item, anchor in ((x, missing_anchor(page.p, x)) for x in page.missing)
    ]


def build(
    session: Session,
    p: Partnership,
    user: User,
    overrides: dict[str, FlaskForm] | None = None,
) -> Page:
    overrides = overrides or {}
    history = history_of(session, p)
    anchor = anchor_of(p, history)
    step = states.BY_NAME[p.held_from or p.status]
    staff = is_staff(user)
    mine = own_party(user, p)
    page = Page(
        p=p,
        user=user,
        anchor=anchor,
        step=step,
        missing=step.missing(p),
        checklist=p.status not in (CLOSED, WITHDRAWN),
        moves=_moves(p, user, overrides),
        history=list(reversed(history)),
        documents=offered_documents(p, documents_reached(anchor)),
        first_error=next(
            (f.id for form in overrides.values() for f in form if f.errors),
            None,
        ),
    )
    page.selection = selection_page.section(session, p, user, overrides)
    page.introduction = introduction_page.section(p, user, mine=mine, overrides=overrides)
    page.memorandum = memorandum_page.section(session, p, staff=staff)
    page.parties = _parties(page, overrides)
    page.plan = planning_page.build(p, user, overrides)
    page.campaign = campaign_page.build(p, user, overrides)
    page.cooperation = cooperation_page.section(session, p, user, overrides)
    if staff or user.role == ANIMATOR:
        page.hours_budget = hours.budget_of_partnership(session, p)
    page.missing_links = _missing_links(page)
    return page

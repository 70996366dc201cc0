"""Everything the partnership page shows, for one partnership and one viewer.

The page offers only what the viewer may do in the partnership's current
step; the services check the same rules again when a form arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session

import states
from states import ANIMATOR, LIBRARIAN
from states.base import DocumentSpec, Step
from states.introduction import BETWEEN_TASKS, MAX_MEETINGS, agenda_for, attendance_is_low
from states.text import Text
from web import campaign as campaign_forms
from web import plan as plan_forms
from web.cooperation_page import CooperationSection
from web.cooperation_page import section as cooperation_section
from web.forms import (
    ActionForm,
    ActivityForm,
    AddPartyForm,
    AttendeeForm,
    BetweenTasksForm,
    ContactForm,
    ContactPersonForm,
    EvaluationForm,
    LeaderForm,
    MeetingForm,
    MoveForm,
    PublicationForm,
    PublishedForm,
    TimezoneForm,
    VersionedActionForm,
    choices,
)
from workflow import services as sv
from workflow.hours import entries as hours
from workflow.lifecycle.access import is_staff, own_party, visible_contacts
from workflow.lifecycle.documents import document_kinds_for, offered_documents
from workflow.memorandum import signing
from workflow.models import SECTORS, HistoryEntry, Organisation, Partnership, Party, User
from workflow.timezones import COMMON_ZONES, in_zone

#: The row of the lifecycle diagram: the five steps, then cooperation.
ROW: tuple[Step, ...] = states.STEPS + (states.BY_NAME["cooperation"],)
ROW_NAMES = tuple(s.name for s in ROW)
#: States shown as a badge next to the diagram rather than as a box.
BADGES = ("on_hold", "withdrawn", "closed")
#: Steps whose contact persons can still be changed (see services.set_contact).
CONTACT_STEPS = ("selection", "introduction", "memorandum")
PUBLICATION_STEPS = ("campaign", "cooperation")
MEETING_NUMBERS = (1, 2)


@dataclass
class PartyRow:
    party: Party
    #: The viewer may see this party's contact persons (consent, see access).
    contacts_visible: bool = True
    #: The contact persons the viewer may see (``access.visible_contacts``).
    contacts: list[Any] = field(default_factory=list)
    accept_form: ActionForm | None = None
    add_contact_form: ContactPersonForm | None = None
    remove_contact_form: ActionForm | None = None
    contact_form: ContactForm | None = None
    remove_form: ActionForm | None = None
    sign_form: VersionedActionForm | None = None
    approve_form: VersionedActionForm | None = None


@dataclass
class MoveRow:
    option: sv.MoveOption
    form: MoveForm
    dest_title: Text


@dataclass
class MeetingRow:
    number: int
    meeting: Any
    form: MeetingForm | None = None
    evaluation_form: EvaluationForm | None = None
    attendee_form: AttendeeForm | None = None
    remove_form: ActionForm | None = None
    #: (key, title, covered) of the meeting's agenda (seed 004, §2.1.2-3).
    agenda: list[tuple[str, Any, bool]] = field(default_factory=list)
    #: The time in the meeting's own zone and in the viewer's.
    local: Any = None
    viewer_local: Any = None
    low_attendance: bool = False


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
    parties: list[PartyRow]
    meetings: list[MeetingRow]
    history: list[HistoryEntry]
    documents: list[DocumentSpec]
    sectors: list[tuple[str, list[Party]]] = field(default_factory=list)
    add_party_form: AddPartyForm | None = None
    leader_form: LeaderForm | None = None
    generate_form: ActionForm | None = None
    activity_form: ActivityForm | None = None
    #: The joint activity plan's forms (web.plan).
    plan: plan_forms.PlanForms | None = None
    #: The information campaign's forms (web.campaign).
    campaign: campaign_forms.CampaignForms | None = None
    publication_form: PublicationForm | None = None
    published_forms: dict[int, PublishedForm] = field(default_factory=dict)
    #: The id of the first field that needs attention when a form came back.
    first_error: str | None = None
    #: The missing items, each with the id of what supplies it (``missing_anchor``).
    missing_links: list[tuple[Text, str | None]] = field(default_factory=list)
    #: Check-ins, dormancy, condition and publication (see ``web.cooperation_page``).
    cooperation: CooperationSection | None = None
    #: The zone the viewer sees meeting times in.
    viewer_zone: str = "UTC"
    between_form: BetweenTasksForm | None = None
    between: list[tuple[str, Any, bool]] = field(default_factory=list)
    timezone_form: TimezoneForm | None = None
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
            return "done" if self.p.status == "closed" else "held"
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
    history = [] if p.status in ROW_NAMES else sv.history_of(session, p)
    return offered_documents(p, documents_reached(anchor_of(p, history)))


def _form(cls: type[FlaskForm], key: str, overrides: dict[str, FlaskForm], **data: Any) -> Any:
    """The submitted form when it is being shown again, else a fresh one."""
    if key in overrides:
        return overrides[key]
    return cls(formdata=None, prefix=key, **data)


def party_choices(p: Partnership, empty: str | None = None) -> list[Any]:
    """The parties as select options, after an empty option when ``empty`` is given."""
    pairs: list[tuple[Any, str]] = [("", empty)] if empty is not None else []
    return choices(pairs + [(x.id, x.organisation.name) for x in p.parties])


def build(
    session: Session,
    p: Partnership,
    user: User,
    overrides: dict[str, FlaskForm] | None = None,
) -> Page:
    overrides = overrides or {}
    history = sv.history_of(session, p)
    anchor = anchor_of(p, history)
    step = states.BY_NAME[p.held_from or p.status]
    staff = is_staff(user)
    mine = own_party(user, p)
    status = p.status
    # A version sent for signature is signed through the e-mailed links only.
    by_link = status == "memorandum" and signing.current_frozen(session, p) is not None

    moves = [
        MoveRow(
            option=o,
            form=_form(MoveForm, f"move-{o.trigger}", overrides, version=p.version),
            dest_title=states.BY_NAME[o.dest].title,
        )
        # The ordinary moves first; those that end the partnership (confirmed) last.
        for o in sorted(sv.move_options(p, user), key=lambda o: o.confirm)
    ]

    rows: list[PartyRow] = []
    for party in p.parties:
        row = PartyRow(
            party,
            contacts_visible=sv.contacts_visible(p, user, party),
            contacts=visible_contacts(p, party, user),
        )
        editable = staff or (mine is not None and mine.id == party.id)
        if (
            status in ("selection", "introduction")
            and user.role == LIBRARIAN
            and mine is not None
            and mine.id == party.id
            and party.accepted_at is None
        ):
            row.accept_form = ActionForm(formdata=None, prefix=f"accept-{party.id}")
        if status in CONTACT_STEPS and editable:
            first = party.contact
            row.contact_form = _form(
                ContactForm,
                f"contact-{party.id}",
                overrides,
                name=party.contact_name,
                role=party.contact_role,
                email=party.contact_email,
                languages=party.contact_languages,
                phone=first.phone if first else None,
                timezone=first.timezone if first else "",
                signatory_name=party.signatory_name,
                signatory_role=party.signatory_role,
            )
            row.contact_form.timezone.choices = optional_zone_choices(
                row.contact_form.timezone.data
            )
            if party.contacts:
                row.add_contact_form = _form(
                    ContactPersonForm, f"add-contact-{party.id}", overrides
                )
                row.add_contact_form.timezone.choices = optional_zone_choices(
                    row.add_contact_form.timezone.data
                )
                row.remove_contact_form = ActionForm(
                    formdata=None, prefix=f"remove-contact-{party.id}"
                )
        if status == "selection" and staff and party.role != "lead":
            row.remove_form = ActionForm(formdata=None, prefix=f"remove-{party.id}")
        if (
            status == "memorandum"
            and user.role == LIBRARIAN
            and mine is not None
            and mine.id == party.id
            and p.memorandum_version
            and party.signed_version != p.memorandum_version
            and not by_link
        ):
            row.sign_form = VersionedActionForm(
                formdata=None, party_id=party.id, version=p.memorandum_version
            )
        if (
            status == "planning"
            and editable
            and p.activities
            and party.plan_approved_version != p.plan_version
        ):
            row.approve_form = VersionedActionForm(
                formdata=None, party_id=party.id, version=p.plan_version
            )
        rows.append(row)

    page = Page(
        p=p,
        user=user,
        anchor=anchor,
        step=step,
        missing=step.missing(p),
        checklist=status not in ("closed", "withdrawn"),
        moves=moves,
        parties=rows,
        meetings=[],
        history=list(reversed(history)),
        documents=offered_documents(p, documents_reached(anchor)),
        first_error=next(
            (f.id for form in overrides.values() for f in form if f.errors),
            None,
        ),
    )

    page.cooperation = cooperation_section(session, p, user, overrides)
    if staff or user.role == ANIMATOR:
        page.hours_budget = hours.budget_of_partnership(session, p)

    if p.kind == "local":
        page.sectors = [(s, [x for x in p.parties if x.sector == s]) for s in SECTORS]

    if status == "selection" and staff:
        taken = {x.organisation_id for x in p.parties}
        form = _form(AddPartyForm, "add-party", overrides)
        form.organisation_id.choices = choices(
            (o.id, o.name)
            for o in session.scalars(select(Organisation).order_by(Organisation.name))
            if o.id not in taken
        )
        page.add_party_form = form

    may_record = staff or user.role == ANIMATOR or mine is not None
    page.viewer_zone = user.timezone or default_zone(p)
    numbers = sorted(set(MEETING_NUMBERS) | {m.number for m in p.meetings})
    if status == "introduction" and may_record and p.meeting(numbers[-1]) is not None:
        # After the second: a further meeting may be recorded (seed 004, §2.1.5).
        numbers.append(min(numbers[-1] + 1, MAX_MEETINGS))
    for number in dict.fromkeys(numbers):
        meeting = p.meeting(number)
        row_m = MeetingRow(number, meeting)
        if meeting is not None:
            row_m.local = in_zone(meeting.held_at, meeting.timezone)
            row_m.viewer_local = in_zone(meeting.held_at, page.viewer_zone)
            row_m.low_attendance = attendance_is_low(meeting)
        covered = set(meeting.agenda_done) if meeting else set()
        row_m.agenda = [(k, t, k in covered) for k, t in agenda_for(number)]
        if status == "introduction" and may_record:
            row_m.form = _form(
                MeetingForm,
                f"meeting-{number}",
                overrides,
                held_at=row_m.local.replace(tzinfo=None) if meeting else None,
                timezone=meeting.timezone if meeting else page.viewer_zone,
                place_kind=meeting.place_kind if meeting else "library",
                place=meeting.place if meeting else None,
                planned_minutes=meeting.planned_minutes if meeting else 120,
                invited=meeting.invited if meeting else None,
                agenda_done=list(covered),
                attendance=meeting.attendance if meeting else None,
                minutes=meeting.minutes if meeting else None,
            )
            row_m.form.timezone.choices = zone_choices(row_m.form.timezone.data)
            row_m.form.agenda_done.choices = choices(
                (k, t.translate(gettext)) for k, t in agenda_for(number)
            )
            if meeting is not None:
                row_m.attendee_form = _form(AttendeeForm, f"attendee-{number}", overrides)
                row_m.remove_form = ActionForm(formdata=None, prefix=f"remove-attendee-{number}")
            if meeting is not None:
                side = "library" if mine is not None else "animator"
                mine_eval = meeting.evaluation_by(side)
                scores = (mine_eval.engagement or {}) if mine_eval else {}
                row_m.evaluation_form = _form(
                    evaluation_form_class(p),
                    f"evaluation-{number}",
                    overrides,
                    evaluation=mine_eval.worked if mine_eval else None,
                    to_change=mine_eval.to_change if mine_eval else None,
                    next_steps=mine_eval.next_steps if mine_eval else None,
                    **{f"engagement_{k}": v for k, v in scores.items()},
                )
        if meeting is not None or row_m.form is not None:
            page.meetings.append(row_m)

    if status == "introduction" and (staff or user.role == ANIMATOR):
        form = _form(
            LeaderForm,
            "leader",
            overrides,
            party_id=p.leader_party_id,
            rules=p.cooperation_rules,
            areas=list(p.areas or ()),
            tasks=p.agreed_tasks,
        )
        form.party_id.choices = party_choices(p)
        page.leader_form = form

    if status == "memorandum" and staff:
        page.generate_form = ActionForm(formdata=None, prefix="generate")

    page.plan = plan_forms.build(p, user, overrides)
    page.activity_form = page.plan.add

    _introduction(page, p, user, overrides)

    # The information campaign's forms (web.campaign).
    page.campaign = campaign_forms.build(p, user, overrides)
    page.publication_form = page.campaign.add
    page.published_forms = page.campaign.published
    # Each missing item leads to what supplies it, when this user has it.
    cf = page.campaign
    offered = {
        "memorandum-actions": page.generate_form is not None,
        "leader": page.leader_form is not None,
        "plan": page.activity_form is not None,
        "campaign": cf is not None and cf.add is not None,
        "meeting-1": any(m.number == 1 for m in page.meetings),
        "meeting-2": any(m.number == 2 for m in page.meetings),
    }
    page.missing_links = [
        (item, anchor if offered.get(anchor, True) else None)
        for item, anchor in ((x, missing_anchor(p, x)) for x in page.missing)
    ]
    return page


#: A library's zone by its country, for a meeting's first default.
COUNTRY_ZONES = {"UA": "Europe/Kyiv", "PL": "Europe/Warsaw", "GB": "Europe/London"}


def default_zone(p: Partnership) -> str:
    lead = p.lead
    return COUNTRY_ZONES.get(lead.organisation.country, "UTC") if lead else "UTC"


def zone_choices(current: str | None) -> list[Any]:
    zones = list(COMMON_ZONES)
    if current and current not in zones:
        zones.insert(0, current)
    return choices((z, z.replace("_", " ")) for z in zones)


def evaluation_form_class(p: Partnership) -> type[EvaluationForm]:
    return EvaluationForm.for_parties((x.id, x.organisation.name) for x in p.parties)


def optional_zone_choices(current: str | None) -> list[Any]:
    return choices([("", "—")]) + zone_choices(current)


def _introduction(page: Page, p: Partnership, user: User, overrides: dict[str, FlaskForm]) -> None:
    """The between-meetings checklist and the viewer's time zone."""
    if not page.meetings:
        return
    done = set(p.between_tasks_done or ())
    page.between = [(k, t, k in done) for k, t in BETWEEN_TASKS]
    if p.status == "introduction" and page.meetings[0].form is not None:
        form = _form(BetweenTasksForm, "between", overrides, done=list(done))
        form.done.choices = choices((k, t.translate(gettext)) for k, t in BETWEEN_TASKS)
        page.between_form = form
    form = _form(TimezoneForm, "timezone", overrides, timezone=page.viewer_zone)
    form.timezone.choices = zone_choices(page.viewer_zone)
    page.timezone_form = form

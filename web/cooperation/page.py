"""The cooperation section of the partnership page, for one partnership and one viewer.

Check-ins (with the answer form for the party's own librarian), the dormant
flag, the condition evaluations (latest first, with a form) and, for staff,
publication on the public page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_wtf import FlaskForm
from sqlalchemy.orm import Session

from states import CAMPAIGN, CLOSED, COOPERATION
from states.base import CHECKINS, CONDITIONS
from web.cooperation.forms import CheckInAnswerForm, ConditionForm, PublicForm
from web.forms import page_form
from workflow.cooperation import checkins as coop
from workflow.lifecycle.access import is_staff, own_party
from workflow.lifecycle.edits import may_edit
from workflow.models import CheckIn, ConditionEvaluation, Partnership, User, utcnow

#: Where publication on the public page can be prepared.
PUBLIC_STEPS = (CAMPAIGN, COOPERATION, CLOSED)


@dataclass
class CheckInRow:
    checkin: CheckIn
    form: CheckInAnswerForm | None = None


@dataclass
class CooperationSection:
    dormant: bool = False
    checkins: list[CheckInRow] = field(default_factory=list)
    evaluations: list[ConditionEvaluation] = field(default_factory=list)
    condition_form: ConditionForm | None = None
    public_form: PublicForm | None = None

    @property
    def shown(self) -> bool:
        return bool(self.checkins or self.evaluations or self.condition_form)


def section(
    session: Session,
    p: Partnership,
    user: User,
    overrides: dict[str, FlaskForm] | None = None,
) -> CooperationSection:
    overrides = overrides or {}
    s = CooperationSection()
    if p.status == COOPERATION:
        s.dormant = coop.is_dormant(session, p, utcnow().date())
    mine = own_party(user, p)
    for checkin in coop.checkins_of(p):
        row = CheckInRow(checkin)
        if may_edit(p, user, CHECKINS) and mine is not None and checkin.party_id == mine.id:
            row.form = page_form(
                CheckInAnswerForm,
                f"checkin-{checkin.id}",
                overrides,
                answer=checkin.answer,
            )
        s.checkins.append(row)
    s.evaluations = coop.evaluations_of(p)
    if may_edit(p, user, CONDITIONS) and coop.may_evaluate(user, p):
        s.condition_form = page_form(ConditionForm, "condition", overrides)
    if is_staff(user) and p.status in PUBLIC_STEPS:
        s.public_form = page_form(
            PublicForm, "public", overrides, public=p.public, story=p.public_story
        )
    return s

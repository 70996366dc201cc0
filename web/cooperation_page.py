"""The cooperation section of the partnership page, for one partnership and one viewer.

Check-ins (with the answer form for the party's own librarian), the dormant
flag, the condition evaluations (latest first, with a form) and, for staff,
publication on the public page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy.orm import Session

from web.cooperation_forms import CheckInAnswerForm, ConditionForm, PublicForm
from workflow.cooperation import checkins as coop
from workflow.lifecycle.access import is_staff, own_party
from workflow.models import CheckIn, ConditionEvaluation, Partnership, User, utcnow

#: Where publication on the public page can be prepared.
PUBLIC_STEPS = ("campaign", "cooperation", "closed")


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


def _form(cls: type[FlaskForm], key: str, overrides: dict[str, FlaskForm], **data: Any) -> Any:
    if key in overrides:
        return overrides[key]
    return cls(formdata=None, prefix=key, **data)


def section(
    session: Session,
    p: Partnership,
    user: User,
    overrides: dict[str, FlaskForm] | None = None,
) -> CooperationSection:
    overrides = overrides or {}
    s = CooperationSection()
    if p.status == coop.COOPERATION:
        s.dormant = coop.is_dormant(session, p, utcnow().date())
    mine = own_party(user, p)
    in_cooperation = p.status == coop.COOPERATION
    for checkin in coop.checkins_of(p):
        row = CheckInRow(checkin)
        if in_cooperation and mine is not None and checkin.party_id == mine.id:
            row.form = _form(
                CheckInAnswerForm,
                f"checkin-{checkin.id}",
                overrides,
                answer=checkin.answer,
            )
        s.checkins.append(row)
    s.evaluations = coop.evaluations_of(p)
    if in_cooperation and coop.may_evaluate(user, p):
        s.condition_form = _form(ConditionForm, "condition", overrides)
    if is_staff(user) and p.status in PUBLIC_STEPS:
        s.public_form = _form(
            PublicForm, "public", overrides, public=p.public, story=p.public_story
        )
    return s

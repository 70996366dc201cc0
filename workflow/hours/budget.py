"""A lead library's support budget: what it has, has used and has left."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from states.text import Text, lazy_text
from workflow.errors import DomainError, NotFound
from workflow.models import (
    BudgetExtension,
    HoursEntry,
    Partnership,
    Programme,
)

#: At this share of the budget used, screens warn.
WARNING_SHARE = 0.75


class BudgetExceeded(DomainError):
    message = lazy_text("This entry would exceed the library's support budget.")


def hours_text(minutes: int) -> Text:
    """``16 h 15 min`` in the reader's language."""
    hours, rest = divmod(abs(minutes), 60)
    sign = "-" if minutes < 0 else ""
    if rest and not hours:
        return lazy_text("%(sign)s%(minutes)d min", sign=sign, minutes=rest)
    if rest:
        return lazy_text(
            "%(sign)s%(hours)d h %(minutes)d min", sign=sign, hours=hours, minutes=rest
        )
    return lazy_text("%(sign)s%(hours)d h", sign=sign, hours=hours)


@dataclass(frozen=True)
class Budget:
    """A lead library's support budget in a programme, in minutes."""

    programme_id: int
    organisation_id: int
    default_minutes: int
    extension_minutes: int
    used_minutes: int

    @property
    def total_minutes(self) -> int:
        return self.default_minutes + self.extension_minutes

    @property
    def left_minutes(self) -> int:
        return self.total_minutes - self.used_minutes

    @property
    def used_share(self) -> float:
        return self.used_minutes / self.total_minutes if self.total_minutes else 1.0

    @property
    def warning(self) -> bool:
        """Three quarters or more of the budget used."""
        return self.used_share >= WARNING_SHARE

    @property
    def total(self) -> Text:
        return hours_text(self.total_minutes)

    @property
    def used(self) -> Text:
        return hours_text(self.used_minutes)

    @property
    def left(self) -> Text:
        return hours_text(self.left_minutes)

    @property
    def percent(self) -> int:
        return min(100, round(self.used_share * 100))


def budget(
    session: Session, programme_id: int, organisation_id: int, *, except_entry: int | None = None
) -> Budget:
    """What the library has, with what it has used (leaving out ``except_entry``)."""
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise NotFound()
    extension = session.scalar(
        select(func.coalesce(func.sum(BudgetExtension.minutes), 0)).where(
            BudgetExtension.programme_id == programme_id,
            BudgetExtension.organisation_id == organisation_id,
        )
    )
    used_query = select(func.coalesce(func.sum(HoursEntry.minutes), 0)).where(
        HoursEntry.programme_id == programme_id,
        HoursEntry.organisation_id == organisation_id,
    )
    if except_entry is not None:
        used_query = used_query.where(HoursEntry.id != except_entry)
    return Budget(
        programme_id=programme_id,
        organisation_id=organisation_id,
        default_minutes=programme.animator_budget_minutes,
        extension_minutes=int(extension or 0),
        used_minutes=int(session.scalar(used_query) or 0),
    )


def budget_of_partnership(session: Session, p: Partnership) -> Budget | None:
    """The budget of the partnership's lead library, if it has a lead."""
    lead = p.lead
    return budget(session, p.programme_id, lead.organisation_id) if lead else None

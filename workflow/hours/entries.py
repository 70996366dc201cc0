"""Animator hours: the support budget of each lead library (seed 004, §2).

Animators are assigned to lead libraries per programme. Each lead library has
a budget (the programme's default, 16 h, plus the extensions a coordinator
granted, each with a reason). An animator logs entries in 15-minute steps for
a partnership the library leads; an entry that would exceed the budget is
refused. An animator changes only their own entries, only for libraries
assigned to them, and only within the programme's edit window.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, exists, false, select
from sqlalchemy.orm import Session, joinedload

from states import ANIMATOR
from states.text import Text, lazy_text
from workflow import spreadsheet
from workflow.bounds import check_date
from workflow.errors import InvalidInput, NotFound, PermissionDenied

# The budget is re-exported for the pages that name one module (``hours.budget``).
from workflow.hours.budget import (  # noqa: F401
    WARNING_SHARE,
    Budget,
    BudgetExceeded,
    budget,
    budget_of_partnership,
    hours_text,
)
from workflow.lifecycle.access import is_staff
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import (
    HOURS_KINDS,
    HOURS_STEP_MINUTES,
    AnimatorAssignment,
    BudgetExtension,
    HoursEntry,
    Organisation,
    Partnership,
    Programme,
    User,
    utcnow,
)

MAX_ENTRY_MINUTES = 24 * 60
MAX_NOTE = 2000


# --- who supports whom ---------------------------------------------------------


def _require(condition: bool, message: Text | None = None) -> None:
    if not condition:
        raise PermissionDenied(message)


def is_assigned(
    session: Session, animator_id: int, programme_id: int, organisation_id: int
) -> bool:
    return (
        session.scalar(
            select(AnimatorAssignment.id).where(
                AnimatorAssignment.animator_id == animator_id,
                AnimatorAssignment.programme_id == programme_id,
                AnimatorAssignment.organisation_id == organisation_id,
            )
        )
        is not None
    )


def assignments(session: Session, actor: User) -> list[AnimatorAssignment]:
    """The assignments the actor may see: staff all, an animator their own."""
    query = (
        select(AnimatorAssignment)
        .options(
            joinedload(AnimatorAssignment.organisation),
            joinedload(AnimatorAssignment.animator),
            joinedload(AnimatorAssignment.programme),
        )
        .order_by(AnimatorAssignment.programme_id, AnimatorAssignment.organisation_id)
    )
    if is_staff(actor):
        return list(session.scalars(query))
    if actor.role == ANIMATOR:
        return list(session.scalars(query.where(AnimatorAssignment.animator_id == actor.id)))
    return []


def assign_animator(
    session: Session, actor: User, *, programme_id: int, animator_id: int, organisation_id: int
) -> AnimatorAssignment:
    """A coordinator assigns an animator to a lead library of a programme."""
    _require(is_staff(actor))
    with unit_of_work(session) as uow:
        animator = session.get(User, animator_id)
        if animator is None or animator.role != ANIMATOR:
            raise InvalidInput(lazy_text("Choose an animator."))
        if session.get(Programme, programme_id) is None:
            raise InvalidInput()
        if session.get(Organisation, organisation_id) is None:
            raise InvalidInput()
        if is_assigned(session, animator_id, programme_id, organisation_id):
            raise InvalidInput(lazy_text("This animator is already assigned to this library."))
        assignment = AnimatorAssignment(
            programme_id=programme_id, animator_id=animator_id, organisation_id=organisation_id
        )
        session.add(assignment)
        uow.commit()
    return assignment


def grant_extension(
    session: Session,
    actor: User,
    *,
    programme_id: int,
    organisation_id: int,
    minutes: int,
    reason: str,
) -> BudgetExtension:
    """A coordinator grants a lead library more support hours, with a reason."""
    _require(is_staff(actor))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(lazy_text("Give the reason for the extension."))
    _check_minutes(minutes)
    with unit_of_work(session) as uow:
        if session.get(Programme, programme_id) is None:
            raise InvalidInput()
        if session.get(Organisation, organisation_id) is None:
            raise InvalidInput()
        extension = BudgetExtension(
            programme_id=programme_id,
            organisation_id=organisation_id,
            minutes=minutes,
            reason=reason,
            granted_by_id=actor.id,
        )
        session.add(extension)
        uow.commit()
    return extension


def set_programme_hours(
    session: Session, actor: User, programme_id: int, *, budget_minutes: int, edit_days: int
) -> Programme:
    """A coordinator sets a programme's default budget per lead library and
    how many days back an animator may log or change an entry."""
    _require(is_staff(actor))
    _check_minutes(budget_minutes)
    if not 0 <= edit_days <= 366:
        raise InvalidInput(lazy_text("The edit window is 0 to 366 days."))
    with unit_of_work(session) as uow:
        programme = session.get(Programme, programme_id)
        if programme is None:
            raise NotFound()
        programme.animator_budget_minutes = budget_minutes
        programme.hours_edit_days = edit_days
        uow.commit()
    return programme


def extensions(session: Session, programme_id: int, organisation_id: int) -> list[BudgetExtension]:
    return list(
        session.scalars(
            select(BudgetExtension)
            .where(
                BudgetExtension.programme_id == programme_id,
                BudgetExtension.organisation_id == organisation_id,
            )
            .order_by(BudgetExtension.granted_at, BudgetExtension.id)
        )
    )


# --- entries -------------------------------------------------------------------


@dataclass(frozen=True)
class EntryFields:
    partnership_id: int
    worked_on: date
    minutes: int
    kind: str
    note: str = ""


def _check_minutes(minutes: int | None) -> None:
    if minutes is None or minutes <= 0 or minutes % HOURS_STEP_MINUTES:
        raise InvalidInput(lazy_text("Give the time in steps of 15 minutes."))


def _check(fields: EntryFields, today: date, window_days: int) -> None:
    _check_minutes(fields.minutes)
    if fields.minutes > MAX_ENTRY_MINUTES:
        raise InvalidInput(lazy_text("One entry can be at most 24 hours."))
    if fields.kind not in HOURS_KINDS:
        raise InvalidInput(lazy_text("Choose what the time was spent on."))
    if len(fields.note or "") > MAX_NOTE:
        raise InvalidInput(lazy_text("The text is too long."))
    if fields.worked_on > today:
        raise InvalidInput(lazy_text("Hours cannot be logged for a day in the future."))
    if fields.worked_on < today - timedelta(days=window_days):
        raise InvalidInput(
            lazy_text(
                "Hours can be logged or changed only for the last %(days)d days.",
                days=window_days,
            )
        )


def _lock_library(session: Session, programme_id: int, organisation_id: int) -> None:
    """Serialise entries against one library's budget (PostgreSQL row locks;
    SQLite writes one transaction at a time anyway)."""
    session.execute(
        select(AnimatorAssignment.id)
        .where(
            AnimatorAssignment.programme_id == programme_id,
            AnimatorAssignment.organisation_id == organisation_id,
        )
        .with_for_update()
    ).all()


def _fits(
    session: Session,
    programme_id: int,
    organisation_id: int,
    fields: EntryFields,
    except_entry: int | None,
) -> None:
    b = budget(session, programme_id, organisation_id, except_entry=except_entry)
    if fields.minutes > b.left_minutes:
        raise BudgetExceeded(
            lazy_text(
                "Refused: %(entry)s would exceed the support budget of %(library)s. "
                "Only %(left)s of %(total)s are left. A coordinator can grant an extension.",
                entry=hours_text(fields.minutes),
                library=session.get(Organisation, organisation_id).name,  # type: ignore[union-attr]
                left=hours_text(max(0, b.left_minutes)),
                total=hours_text(b.total_minutes),
            )
        )


def _partnership_for_hours(session: Session, actor: User, partnership_id: int) -> Partnership:
    """The partnership to log hours on, led by a library assigned to the animator."""
    _require(actor.role == ANIMATOR, lazy_text("Only animators log support hours."))
    p = session.get(Partnership, partnership_id)
    if p is None or p.lead is None:
        raise NotFound()
    if not is_assigned(session, actor.id, p.programme_id, p.lead.organisation_id):
        raise PermissionDenied(lazy_text("You are not assigned to this lead library."))
    return p


def log_hours(
    session: Session, actor: User, *, today: date | None = None, **values: object
) -> HoursEntry:
    """An animator logs support time for a partnership their library leads."""
    fields = EntryFields(**values)  # type: ignore[arg-type]
    with unit_of_work(session) as uow:
        p = _partnership_for_hours(session, actor, fields.partnership_id)
        _check(fields, today or utcnow().date(), p.programme.hours_edit_days)
        organisation_id = p.lead.organisation_id  # type: ignore[union-attr]
        _lock_library(session, p.programme_id, organisation_id)
        _fits(session, p.programme_id, organisation_id, fields, None)
        entry = HoursEntry(
            programme_id=p.programme_id,
            organisation_id=organisation_id,
            animator_id=actor.id,
            partnership_id=p.id,
            worked_on=fields.worked_on,
            minutes=fields.minutes,
            kind=fields.kind,
            note=(fields.note or "").strip(),
        )
        session.add(entry)
        uow.commit()
    return entry


def _own_entry(session: Session, actor: User, entry_id: int, today: date) -> HoursEntry:
    entry = session.get(HoursEntry, entry_id)
    if entry is None or entry.animator_id != actor.id:
        # Another's entry is not even there for this actor.
        raise NotFound(lazy_text("No such entry."))
    if not is_assigned(session, actor.id, entry.programme_id, entry.organisation_id):
        raise PermissionDenied(lazy_text("You are not assigned to this lead library."))
    window = entry.partnership.programme.hours_edit_days
    if entry.worked_on < today - timedelta(days=window):
        raise InvalidInput(
            lazy_text(
                "Hours can be logged or changed only for the last %(days)d days.", days=window
            )
        )
    return entry


def edit_hours(
    session: Session, actor: User, entry_id: int, *, today: date | None = None, **values: object
) -> HoursEntry:
    """An animator corrects their own entry (same partnership's library)."""
    today = today or utcnow().date()
    with unit_of_work(session) as uow:
        entry = _own_entry(session, actor, entry_id, today)
        fields = EntryFields(**{"partnership_id": entry.partnership_id, **values})  # type: ignore[arg-type]
        p = _partnership_for_hours(session, actor, fields.partnership_id)
        _check(fields, today, p.programme.hours_edit_days)
        organisation_id = p.lead.organisation_id  # type: ignore[union-attr]
        _lock_library(session, p.programme_id, organisation_id)
        _fits(session, p.programme_id, organisation_id, fields, entry.id)
        entry.partnership_id = p.id
        entry.programme_id = p.programme_id
        entry.organisation_id = organisation_id
        entry.worked_on = fields.worked_on
        entry.minutes = fields.minutes
        entry.kind = fields.kind
        entry.note = (fields.note or "").strip()
        entry.updated_at = utcnow()
        uow.commit()
    return entry


def delete_hours(
    session: Session, actor: User, entry_id: int, *, today: date | None = None
) -> None:
    with unit_of_work(session) as uow:
        entry = _own_entry(session, actor, entry_id, today or utcnow().date())
        session.delete(entry)
        uow.commit()


# --- reading -------------------------------------------------------------------


def _visible_entries(actor: User) -> Select[HoursEntry]:
    """Staff see every entry; an animator those on the libraries (in the
    programmes) assigned to them, colleagues' included; nobody else any."""
    query = select(HoursEntry).options(
        joinedload(HoursEntry.animator),
        joinedload(HoursEntry.organisation),
        joinedload(HoursEntry.partnership),
    )
    if is_staff(actor):
        return query
    if actor.role == ANIMATOR:
        return query.where(
            exists().where(
                AnimatorAssignment.animator_id == actor.id,
                AnimatorAssignment.organisation_id == HoursEntry.organisation_id,
                AnimatorAssignment.programme_id == HoursEntry.programme_id,
            )
        )
    return query.where(false())


def month_range(month: str) -> tuple[date, date]:
    """``YYYY-MM`` → its first day and the first day of the next month."""
    try:
        year, number = (int(x) for x in month.split("-"))
        first = date(year, number, 1)
    except ValueError as exc:
        raise InvalidInput(lazy_text("Choose a month.")) from exc
    check_date(first)
    following = date(year + number // 12, number % 12 + 1, 1)
    return first, following


def entries(
    session: Session,
    actor: User,
    *,
    organisation_id: int | None = None,
    animator_id: int | None = None,
    programme_id: int | None = None,
    month: str | None = None,
) -> list[HoursEntry]:
    """The entries the actor may see, filtered, oldest first."""
    query = _visible_entries(actor)
    if organisation_id is not None:
        query = query.where(HoursEntry.organisation_id == organisation_id)
    if animator_id is not None:
        query = query.where(HoursEntry.animator_id == animator_id)
    if programme_id is not None:
        query = query.where(HoursEntry.programme_id == programme_id)
    if month:
        first, following = month_range(month)
        query = query.where(HoursEntry.worked_on >= first, HoursEntry.worked_on < following)
    return list(session.scalars(query.order_by(HoursEntry.worked_on, HoursEntry.id)).unique())


def can_edit(entry: HoursEntry, actor: User, today: date) -> bool:
    window = entry.partnership.programme.hours_edit_days
    return entry.animator_id == actor.id and entry.worked_on >= today - timedelta(days=window)


CSV_COLUMNS = (
    "date",
    "minutes",
    "hours",
    "kind",
    "lead_library",
    "partnership",
    "animator",
    "note",
)


def entries_csv(rows: Sequence[HoursEntry]) -> str:
    """The entries as CSV (stored values in English, as in any export)."""
    out = io.StringIO()
    writer = spreadsheet.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in rows:
        writer.writerow(
            [
                e.worked_on.isoformat(),
                e.minutes,
                f"{e.minutes / 60:.2f}",
                e.kind,
                e.organisation.name,
                e.partnership.title,
                e.animator.name,
                e.note,
            ]
        )
    return out.getvalue()


# --- the timesheet ---------------------------------------------------------------

_COUNTRY_LANGUAGE = {"UA": "uk", "PL": "pl"}


def _languages(rows: Sequence[HoursEntry], fallback: Organisation | None) -> list[str]:
    """The languages of the partnerships the entries belong to (at most three)."""
    found: dict[str, None] = {}
    for e in rows:
        for lang in e.partnership.language_list:
            found.setdefault(lang)
    if not found and fallback is not None:
        found.setdefault(_COUNTRY_LANGUAGE.get(fallback.country, "en"))
        found.setdefault("en")
    return list(found)[:3] or ["en"]


def timesheet_context(
    session: Session,
    actor: User,
    *,
    month: str,
    organisation_id: int | None = None,
    programme_id: int | None = None,
    animator_id: int | None = None,
) -> dict[str, object]:
    """The plain data of a timesheet: one lead library's (in a programme) or one
    animator's entries of a month, with the library's budget."""
    if (organisation_id is None) == (animator_id is None):
        raise InvalidInput()
    library = session.get(Organisation, organisation_id) if organisation_id else None
    animator = session.get(User, animator_id) if animator_id else None
    if organisation_id is not None and (library is None or programme_id is None):
        raise NotFound()
    if animator_id is not None:
        if animator is None or animator.role != ANIMATOR:
            raise NotFound()
        _require(is_staff(actor) or actor.id == animator_id)
    elif not is_staff(actor):
        _require(is_assigned(session, actor.id, programme_id, organisation_id))  # type: ignore[arg-type]
    rows = entries(
        session,
        actor,
        organisation_id=organisation_id,
        programme_id=programme_id,
        animator_id=animator_id,
        month=month,
    )
    first, _following = month_range(month)
    context: dict[str, object] = {
        "kind": "timesheet",
        "languages": _languages(rows, library),
        "generated_on": max((e.updated_at.date().isoformat() for e in rows), default=None),
        "month": first.isoformat(),
        #: The running head of every page.
        "heading": f"{(library.name if library else animator.name)} · {first:%Y-%m}",  # type: ignore[union-attr]
        "library": library.name if library else None,
        "animator": animator.name if animator else None,
        "entries": [
            {
                "date": e.worked_on.isoformat(),
                "minutes": e.minutes,
                "kind": e.kind,
                "library": e.organisation.name,
                "partnership": e.partnership.title,
                "animator": e.animator.name,
                "note": e.note,
            }
            for e in rows
        ],
        "total_minutes": sum(e.minutes for e in rows),
        "budget": None,
    }
    if library is not None and programme_id is not None:
        b = budget(session, programme_id, library.id)
        context["budget"] = {
            "total_minutes": b.total_minutes,
            "used_minutes": b.used_minutes,
            "left_minutes": b.left_minutes,
        }
    return context

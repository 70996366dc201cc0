"""The partnership at work: periodic check-ins, dormancy, condition evaluations.

- Every ``Programme.checkin_months`` months, counted from the day the
  partnership entered cooperation, each party gets one check-in (a ``CheckIn``
  row, unique per party and due date) and a short mail in its people's
  languages. ``send_checkins`` is meant for cron: running it twice sends
  nothing twice.
- A partnership in cooperation with nothing dated in the last 90 days (an
  activity, a meeting, a publication), and that did not enter cooperation in
  those 90 days either, is *dormant*. Anything new recorded with a recent (or
  later) date wakes it up.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, exists, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from documents.i18n import gettext_for
from states import ANIMATOR
from states.base import CHECKINS, CONDITIONS
from states.text import Text, lazy_text
from workflow.errors import InvalidInput, NotFound
from workflow.introduction.contacts import party_recipients
from workflow.lifecycle.access import is_staff, own_party
from workflow.lifecycle.edits import edit_partnership, require, require_edit
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.mail import outbox as mail
from workflow.models import (
    Activity,
    CheckIn,
    ConditionEvaluation,
    Meeting,
    Partnership,
    Party,
    Publication,
    User,
    utcnow,
)

COOPERATION = "cooperation"
DORMANT_DAYS = 90
RATINGS = (1, 2, 3, 4, 5)
MAX_TEXT = 5000

# The check-in mail, one paragraph per message id.
SUBJECT = lazy_text("How is the partnership “%(title)s” going?")
GREETING = lazy_text("Hello,")
QUESTION = lazy_text(
    "it is time for the regular check-in of the partnership “%(title)s”, "
    "in which %(library)s takes part: how is it going?"
)
ANSWER_HERE = lazy_text("Please answer in a few words on the partnership page:")
THANKS = lazy_text("Thank you.")


# --- check-ins ---------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_due_date(entered: date, every_months: int, today: date) -> date | None:
    """The latest check-in date on or before ``today``; None before the first one."""
    months = (today.year - entered.year) * 12 + today.month - entered.month
    k = months // every_months
    while k >= 1:
        due = add_months(entered, k * every_months)
        if due <= today:
            return due
        k -= 1
    return None


@dataclass(frozen=True)
class DueCheckIn:
    partnership: Partnership
    party: Party
    due_on: date


def due_checkins(session: Session, today: date) -> list[DueCheckIn]:
    """The check-ins due by ``today`` that have not been sent yet.

    Only the latest due date counts: a missed run does not send old check-ins.
    """
    partnerships = session.scalars(
        select(Partnership)
        .where(Partnership.status == COOPERATION)
        .options(selectinload(Partnership.parties), selectinload(Partnership.programme))
        .order_by(Partnership.id)
    ).all()
    candidates: list[DueCheckIn] = []
    for p in partnerships:
        due = latest_due_date(p.step_entered_at.date(), p.programme.checkin_months or 3, today)
        if due is not None:
            candidates.extend(DueCheckIn(p, party, due) for party in p.parties)
    if not candidates:
        return []
    keys = [(c.party.id, c.due_on) for c in candidates]
    rows = session.execute(
        select(CheckIn.party_id, CheckIn.due_on).where(
            tuple_(CheckIn.party_id, CheckIn.due_on).in_(keys)
        )
    )
    sent = {(party_id, due_on) for party_id, due_on in rows}
    return [c for c in candidates if (c.party.id, c.due_on) not in sent]


def partnership_link(base_url: str, partnership_id: int) -> str:
    return f"{base_url.rstrip('/')}/partnerships/{partnership_id}"


def checkin_mail(p: Partnership, party: Party, language: str, link: str) -> tuple[str, str]:
    """The subject and body of a check-in mail in ``language``."""
    gettext = gettext_for(language)
    params = {"title": p.title, "library": party.organisation.name}

    def t(text: Text, **values: str) -> str:
        return Text(text.msgid, values).translate(gettext)

    subject = t(SUBJECT, **params)
    body = "\n\n".join(
        [
            t(GREETING),
            t(QUESTION, **params),
            t(ANSWER_HERE) + "\n" + link,
            t(THANKS),
        ]
    )
    return subject, body


def recipients(session: Session, p: Partnership, party: Party) -> list[tuple[str, str]]:
    """(address, language) of the party's librarians and of its contact person,
    each in their own language (a librarian's chosen one, else the party's)."""
    return list(party_recipients(session, party).items())


def send_checkins(session: Session, today: date, base_url: str = "http://127.0.0.1:5000/") -> int:
    """Create and mail the check-ins due by ``today``; return how many were sent."""
    count = 0
    with unit_of_work(session) as uow:
        for due in due_checkins(session, today):
            try:
                # A concurrent run that got there first wins; this one skips.
                with session.begin_nested():
                    checkin = CheckIn(
                        partnership_id=due.partnership.id,
                        party_id=due.party.id,
                        due_on=due.due_on,
                    )
                    session.add(checkin)
                    session.flush()
            except IntegrityError:
                continue
            link = partnership_link(base_url, due.partnership.id)
            for address, language in recipients(session, due.partnership, due.party):
                subject, body = checkin_mail(due.partnership, due.party, language, link)
                mail.send(session, address, subject, body, language)
            checkin.sent_at = utcnow()
            count += 1
        uow.commit()
    return count


def checkins_of(p: Partnership) -> list[CheckIn]:
    """The partnership's check-ins, latest first."""
    return sorted(p.checkins, key=lambda c: (c.due_on, c.id), reverse=True)


def answer_checkin(
    session: Session, actor: User, partnership_id: int, checkin_id: int, *, answer: str
) -> CheckIn:
    """A librarian answers their own party's check-in: how is it going?"""
    answer = answer.strip()
    if not answer or len(answer) > MAX_TEXT:
        raise InvalidInput()

    def change(p: Partnership) -> CheckIn:
        mine = own_party(actor, p)
        require(mine is not None)
        checkin = next((c for c in p.checkins if c.id == checkin_id), None)
        if checkin is None:
            raise NotFound()
        require(mine is not None and checkin.party_id == mine.id)
        require_edit(p, actor, CHECKINS)
        checkin.answer = answer
        checkin.answered_at = utcnow()
        return checkin

    return edit_partnership(session, partnership_id, actor, change)


# --- condition evaluations ---------------------------------------------------


def may_evaluate(actor: User, p: Partnership) -> bool:
    return is_staff(actor) or actor.role == ANIMATOR or own_party(actor, p) is not None


def evaluate_condition(
    session: Session, actor: User, partnership_id: int, *, rating: int, notes: str = ""
) -> ConditionEvaluation:
    """Staff, animators or the parties' librarians judge how the partnership is doing."""
    if rating not in RATINGS or len(notes) > MAX_TEXT:
        raise InvalidInput()

    def change(p: Partnership) -> ConditionEvaluation:
        require(may_evaluate(actor, p))
        require_edit(p, actor, CONDITIONS)
        evaluation = ConditionEvaluation(author_id=actor.id, rating=rating, notes=notes.strip())
        p.condition_evaluations.append(evaluation)
        return evaluation

    return edit_partnership(session, partnership_id, actor, change)


def evaluations_of(p: Partnership) -> list[ConditionEvaluation]:
    """The condition evaluations, latest first."""
    return sorted(p.condition_evaluations, key=lambda e: (e.at, e.id), reverse=True)


# --- publication on the public page ------------------------------------------


def set_public(
    session: Session, actor: User, partnership_id: int, *, public: bool, story: str = ""
) -> Partnership:
    """The coordinator opts the partnership in to (or out of) the public page."""
    require(is_staff(actor))
    story = story.strip()
    if len(story) > MAX_TEXT:
        raise InvalidInput()
    if public and not story:
        raise InvalidInput(lazy_text("Write the partnership's story before publishing it."))

    def change(p: Partnership) -> Partnership:
        p.public = public
        p.public_story = story or None
        return p

    return edit_partnership(session, partnership_id, actor, change)


# --- dormancy ------------------------------------------------------------------


def dormant_condition(today: date) -> ColumnElement[bool]:
    """The SQL condition on ``partnerships``: in cooperation, and nothing for 90 days."""
    since = today - timedelta(days=DORMANT_DAYS)
    after = datetime.combine(since + timedelta(days=1), time.min)
    recent_activity = exists().where(
        Activity.partnership_id == Partnership.id,
        Activity.status != "cancelled",
        or_(Activity.starts_on > since, Activity.ends_on > since),
    )
    recent_meeting = exists().where(
        Meeting.partnership_id == Partnership.id, Meeting.held_at >= after
    )
    recent_publication = exists().where(
        Publication.partnership_id == Partnership.id,
        or_(Publication.planned_on > since, Publication.published_on > since),
    )
    return and_(
        Partnership.status == COOPERATION,
        Partnership.step_entered_at < after,
        ~recent_activity,
        ~recent_meeting,
        ~recent_publication,
    )


def dormant_ids(session: Session, partnership_ids: Iterable[int], today: date) -> set[int]:
    """Which of these partnerships are dormant: one query for all of them."""
    ids = list(partnership_ids)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Partnership.id).where(Partnership.id.in_(ids), dormant_condition(today))
        )
    )


def is_dormant(session: Session, p: Partnership, today: date) -> bool:
    if p.status != COOPERATION:
        return False
    return p.id in dormant_ids(session, [p.id], today)

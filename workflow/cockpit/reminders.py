"""Reminders before a partnership stalls, and the coordinators' morning digest.

Meant to run once a day from cron (``flask --app wsgi reminders send``):

- A library (its representatives) that a waiting partnership names in what
  its step still misses, or the lead library where the step is theirs, is
  reminded three days before the step's target date, again on the day it
  passes, then weekly while it waits. Every reminder is recorded, so running
  the command twice a day sends nothing twice.
- Each coordinator gets one digest: what is overdue, longest waiting first,
  what waits for the coordinators, and how many are dormant.

Everyone is written to in their own language and only if they chose to be
(``User.notify_reminders``, ``User.notify_digest``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from babel.dates import format_date
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

import states
from documents.i18n import gettext_for
from states import COORDINATOR, LIBRARIAN
from states.text import Text, lazy_text
from workflow.cockpit.board import ACTS, READY, BoardFilter, build_board, waiting_for
from workflow.cooperation.checkins import partnership_link
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.mail import outbox as mail
from workflow.models import (
    DEFAULT_STEP_TARGETS,
    LANGUAGES,
    Partnership,
    Party,
    Programme,
    Reminder,
    User,
)

REMIND_BEFORE_DAYS = 3
REPEAT_DAYS = 7
DIGEST_LIMIT = 20

SUBJECT = lazy_text("“%(title)s” is waiting for you")
DUE_SOON = lazy_text("The step “%(step)s” should be done by %(due)s.")
OVERDUE = lazy_text("The step “%(step)s” should have been done by %(due)s.")
STILL_MISSING = lazy_text("What is still missing:")
OPEN_HERE = lazy_text("Open the partnership:")
GREETING = lazy_text("Hello,")
THANKS = lazy_text("Thank you. — Sister Libraries")
DIGEST_SUBJECT = lazy_text("Partnerships this morning: %(overdue)s overdue, %(dormant)s dormant")
DIGEST_OVERDUE = lazy_text("Overdue, longest waiting first:")
DIGEST_NONE_OVERDUE = lazy_text("Nothing is overdue.")
DIGEST_LINE = lazy_text(
    "%(title)s — %(step)s, %(days)s days (target %(target)s): waiting for %(who)s"
)
DIGEST_BOARD = lazy_text("The board with only the overdue partnerships:")
CHOOSE = lazy_text("You can choose what you are told by mail on your notifications page.")


@dataclass(frozen=True)
class Due:
    partnership: Partnership
    due_on: date
    missing: tuple[Text, ...]
    recipients: tuple[User, ...]


def _language(user: User) -> str:
    return user.locale if user.locale in LANGUAGES else "en"


def _t(gettext: Callable[[str], str], text: Text, **values: object) -> str:
    return Text(text.msgid, values or dict(text.params)).translate(gettext)


def _candidates(session: Session, programmes: list[Programme], today: date) -> list[Partnership]:
    """Partnerships within three days of their step's target, or past it."""
    horizon = datetime.combine(today, time.max)
    terms = [
        and_(
            Partnership.programme_id == programme.id,
            Partnership.status == step,
            Partnership.step_entered_at
            <= horizon - timedelta(days=(programme.target_days(step) or 0) - REMIND_BEFORE_DAYS),
        )
        for programme in programmes
        for step in DEFAULT_STEP_TARGETS
    ]
    if not terms:
        return []
    return list(
        session.scalars(
            select(Partnership)
            .where(or_(*terms))
            .options(
                selectinload(Partnership.parties).selectinload(Party.organisation),
                selectinload(Partnership.meetings),
                selectinload(Partnership.activities),
                selectinload(Partnership.publications),
            )
            .order_by(Partnership.id)
        )
    )


def _librarians(session: Session, organisation_ids: set[int]) -> list[User]:
    if not organisation_ids:
        return []
    return list(
        session.scalars(
            select(User)
            .where(
                User.role == LIBRARIAN,
                User.organisation_id.in_(organisation_ids),
                User.active.is_(True),
                User.notify_reminders.is_(True),
            )
            .order_by(User.id)
        )
    )


def who_must_act(session: Session, p: Partnership, missing: list[Text]) -> list[User]:
    """The library representatives a waiting partnership needs to act.

    The libraries a missing item names; else, in the steps the lead library
    carries, its representatives. Waits that are the coordinators' own go to
    their digest instead.
    """
    waiting = waiting_for(p, missing)
    if waiting is None or waiting.who in (READY, ACTS["selection"], ACTS["memorandum"]):
        return []
    named = {m.params["library"] for m in missing if "library" in m.params}
    if named:
        ids = {x.organisation_id for x in p.parties if x.organisation.name in named}
    else:
        ids = {x.organisation_id for x in p.parties if x.role == "lead"}
    return _librarians(session, ids)


def due_reminders(session: Session, today: date) -> list[Due]:
    programmes = list(session.scalars(select(Programme)))
    by_id = {x.id: x for x in programmes}
    found = []
    for p in _candidates(session, programmes, today):
        target = by_id[p.programme_id].target_days(p.status)
        if target is None:
            continue
        missing = states.BY_NAME[p.status].missing(p)
        users = who_must_act(session, p, missing)
        if users:
            due_on = p.step_entered_at.date() + timedelta(days=target)
            found.append(Due(p, due_on, tuple(missing), tuple(users)))
    return found


def _already(session: Session, p: Partnership, user: User) -> list[date]:
    return list(
        session.scalars(
            select(Reminder.sent_on).where(
                Reminder.partnership_id == p.id,
                Reminder.user_id == user.id,
                Reminder.step == p.status,
                Reminder.step_entered_at == p.step_entered_at,
            )
        )
    )


def should_remind(sent: list[date], due_on: date, today: date) -> bool:
    """Three days before the target, on the day it passes, then weekly."""
    if today < due_on - timedelta(days=REMIND_BEFORE_DAYS):
        return False
    if not sent:
        return True
    last = max(sent)
    if last >= today:
        return False
    if today >= due_on > last:
        return True
    return today >= last + timedelta(days=REPEAT_DAYS)


def reminder_mail(due: Due, user: User, link: str, today: date) -> tuple[str, str, str]:
    """The subject, body and language of a reminder to ``user``."""
    language = _language(user)
    gettext = gettext_for(language)
    p = due.partnership
    step = states.BY_NAME[p.status].title.translate(gettext)
    when = OVERDUE if today >= due.due_on else DUE_SOON
    lines = [
        _t(gettext, GREETING),
        _t(gettext, when, step=step, due=format_date(due.due_on, "long", locale=language)),
    ]
    if due.missing:
        lines.append(
            _t(gettext, STILL_MISSING)
            + "\n"
            + "\n".join(f"- {m.translate(gettext)}" for m in due.missing)
        )
    lines += [_t(gettext, OPEN_HERE) + "\n" + link, _t(gettext, CHOOSE), _t(gettext, THANKS)]
    return _t(gettext, SUBJECT, title=p.title), "\n\n".join(lines), language


def send_reminders(session: Session, today: date, base_url: str) -> int:
    """Mail the reminders due ``today``; return how many mails were written."""
    count = 0
    with unit_of_work(session) as uow:
        for due in due_reminders(session, today):
            p = due.partnership
            for user in due.recipients:
                if not should_remind(_already(session, p, user), due.due_on, today):
                    continue
                subject, body, language = reminder_mail(
                    due, user, partnership_link(base_url, p.id), today
                )
                mail.send(session, user.email, subject, body, language)
                session.add(
                    Reminder(
                        partnership_id=p.id,
                        user_id=user.id,
                        step=p.status,
                        step_entered_at=p.step_entered_at,
                        sent_on=today,
                    )
                )
                count += 1
        uow.commit()
    return count


def send_digests(session: Session, today: date, base_url: str) -> int:
    """One digest per coordinator who wants it; return how many were sent."""
    coordinators = list(
        session.scalars(
            select(User)
            .where(
                User.role == COORDINATOR,
                User.active.is_(True),
                User.notify_digest.is_(True),
            )
            .order_by(User.id)
        )
    )
    if not coordinators:
        return 0
    now = datetime.combine(today, time(6, 0))
    by_language: dict[str, list[User]] = defaultdict(list)
    for user in coordinators:
        by_language[_language(user)].append(user)
    # Coordinators see every partnership: one board serves them all.
    overdue = build_board(
        session, coordinators[0], BoardFilter(overdue=True), now, per_column=DIGEST_LIMIT
    )
    dormant = build_board(session, coordinators[0], BoardFilter(dormant=True), now, per_column=0)
    cards = sorted((c for col in overdue.columns for c in col.cards), key=lambda c: -c.days)[
        :DIGEST_LIMIT
    ]
    board_link = f"{base_url.rstrip('/')}/?overdue=y"
    with unit_of_work(session) as uow:
        for language, users in by_language.items():
            gettext = gettext_for(language)
            lines = [_t(gettext, GREETING)]
            if cards:
                lines.append(
                    _t(gettext, DIGEST_OVERDUE)
                    + "\n"
                    + "\n".join(
                        "- "
                        + _t(
                            gettext,
                            DIGEST_LINE,
                            title=c.partnership.title,
                            step=states.BY_NAME[c.partnership.status].title.translate(gettext),
                            days=c.days,
                            target=c.target,
                            who=(
                                c.waiting.who.translate(gettext)
                                if isinstance(c.waiting.who, Text)
                                else c.waiting.who
                            )
                            if c.waiting
                            else "—",
                        )
                        + "\n  "
                        + partnership_link(base_url, c.partnership.id)
                        for c in cards
                    )
                )
            else:
                lines.append(_t(gettext, DIGEST_NONE_OVERDUE))
            lines += [_t(gettext, DIGEST_BOARD) + "\n" + board_link, _t(gettext, CHOOSE)]
            subject = _t(gettext, DIGEST_SUBJECT, overdue=overdue.total, dormant=dormant.total)
            for user in users:
                mail.send(session, user.email, subject, "\n\n".join(lines), language)
        uow.commit()
    return len(coordinators)

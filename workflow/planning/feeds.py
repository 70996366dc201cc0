"""Private iCalendar feeds: a partnership's or a library's activities and meetings.

A feed is reached by a secret address, ``/feeds/<token>.ics``, that calendar
programs fetch without logging in. Only the SHA-256 of the token is stored:
the address is shown once, when it is made, and can be revoked. A token is
honoured only while its owner may still see what it shows.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

import states
from documents.i18n import gettext_for
from states import LIBRARIAN
from states.introduction import agenda_for
from states.text import lazy_text
from workflow.bounds import date_in_range
from workflow.errors import NotFound, PermissionDenied
from workflow.lifecycle.access import can_see, is_staff
from workflow.lifecycle.loading import load_partnership
from workflow.lifecycle.unit_of_work import unit_of_work
from workflow.models import (
    Activity,
    FeedToken,
    Meeting,
    Organisation,
    Partnership,
    Party,
    User,
    utcnow,
)
from workflow.timezones import in_zone

#: The domain of the events' UIDs: stable, so calendars update rather than duplicate.
UID_DOMAIN = "sister-libraries"
PRODID = "-//Sister Libraries//Partnership calendar//EN"
#: A partnership meeting is planned for about two hours (seed 004).
MEETING_LENGTH = timedelta(hours=2)
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewFeed:
    """A feed just made: the token is known only now, never again."""

    id: int
    token: str


# --- who may have which feed ---------------------------------------------------


def may_have_library_feed(user: User, organisation_id: int) -> bool:
    """Staff, or the librarian of that organisation."""
    if not user.active:
        return False
    if is_staff(user):
        return True
    return user.role == LIBRARIAN and user.organisation_id == organisation_id


def _still_allowed(session: Session, feed: FeedToken) -> bool:
    user = session.get(User, feed.user_id)
    if user is None or not user.active:
        return False
    if feed.partnership_id is not None:
        p = session.get(Partnership, feed.partnership_id)
        return p is not None and can_see(user, p)
    assert feed.organisation_id is not None
    return may_have_library_feed(user, feed.organisation_id)


# --- making, listing, revoking ---------------------------------------------------


def create_feed(
    session: Session,
    actor: User,
    *,
    partnership_id: int | None = None,
    organisation_id: int | None = None,
) -> NewFeed:
    """A new subscription address for a partnership or a library (exactly one)."""
    if (partnership_id is None) == (organisation_id is None):
        raise ValueError("a feed is of a partnership or of a library, not both")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with unit_of_work(session) as uow:
        if partnership_id is not None:
            load_partnership(session, partnership_id, actor)  # NotFound if not theirs
        else:
            assert organisation_id is not None
            if session.get(Organisation, organisation_id) is None:
                raise NotFound(lazy_text("No such library."))
            if not may_have_library_feed(actor, organisation_id):
                raise PermissionDenied()
        feed = FeedToken(
            token_hash=token_hash(token),
            user_id=actor.id,
            partnership_id=partnership_id,
            organisation_id=organisation_id,
        )
        session.add(feed)
        session.flush()
        feed_id = feed.id
        uow.commit()
    return NewFeed(feed_id, token)


def active_feeds(
    session: Session,
    user: User,
    *,
    partnership_id: int | None = None,
    organisation_id: int | None = None,
) -> list[FeedToken]:
    """The user's own unrevoked feeds of this partnership or library."""
    query = select(FeedToken).where(FeedToken.user_id == user.id, FeedToken.revoked_at.is_(None))
    if partnership_id is not None:
        query = query.where(FeedToken.partnership_id == partnership_id)
    if organisation_id is not None:
        query = query.where(FeedToken.organisation_id == organisation_id)
    return list(session.scalars(query.order_by(FeedToken.created_at, FeedToken.id)))


def revoke_feed(session: Session, actor: User, feed_id: int) -> FeedToken:
    """The address stops working at once. Its owner or staff may revoke it."""
    with unit_of_work(session) as uow:
        feed = session.get(FeedToken, feed_id)
        if feed is None or not (feed.user_id == actor.id or is_staff(actor)):
            raise NotFound(lazy_text("No such calendar subscription."))
        if feed.revoked_at is None:
            feed.revoked_at = utcnow()
        uow.commit()
    return feed


def resolve(session: Session, token: str) -> FeedToken | None:
    """The live feed of ``token``; ``None`` for an unknown, revoked or orphaned one."""
    if not token or len(token) > 200:
        return None
    feed = session.scalars(
        select(FeedToken).where(
            FeedToken.token_hash == token_hash(token), FeedToken.revoked_at.is_(None)
        )
    ).first()
    if feed is None or not _still_allowed(session, feed):
        return None
    return feed


# --- the calendar ------------------------------------------------------------------


def _partnerships_of(session: Session, feed: FeedToken) -> list[Partnership]:
    options = (
        selectinload(Partnership.activities),
        selectinload(Partnership.meetings),
    )
    if feed.partnership_id is not None:
        query = select(Partnership).where(Partnership.id == feed.partnership_id)
    else:
        query = (
            select(Partnership)
            .where(
                Partnership.parties.any(Party.organisation_id == feed.organisation_id),
                Partnership.status != states.WITHDRAWN,
            )
            .order_by(Partnership.id)
        )
    return list(session.scalars(query.options(*options)))


def calendar_name(session: Session, feed: FeedToken, language: str) -> str:
    _ = gettext_for(language)
    if feed.partnership_id is not None:
        p = session.get(Partnership, feed.partnership_id)
        return p.title if p else ""
    org = session.get(Organisation, feed.organisation_id)
    return _("%(library)s: partnerships") % {"library": org.name if org else ""}


def feed_language(session: Session, feed: FeedToken) -> str | None:
    """The feed owner's chosen language, if any."""
    user = session.get(User, feed.user_id)
    return user.locale if user and user.locale else None


def _language_for(p: Partnership, language: str | None) -> str:
    """The owner's language when the partnership writes in it, else its first."""
    return language if language in p.language_list else p.language_list[0]


def _activity_event(a: Activity, p: Partnership, language: str, library_feed: bool) -> Event:
    text = a.texts.get(language) or {}
    title = text.get("title") or a.title
    description = text.get("description") or a.description
    event = Event()
    event.add("uid", f"activity-{a.id}@{UID_DOMAIN}")
    event.add("summary", f"{title} ({p.title})" if library_feed else title)
    event.add("dtstart", a.starts_on)
    # DTEND of an all-day event is exclusive: the day after the last day.
    last = a.ends_on or a.starts_on
    # Kept before dates were bounded, 9999-12-31 has no day after: end with it.
    event.add("dtend", last + timedelta(days=1) if last < date.max else last)
    lines = [description] if description else []
    if a.expected_result:
        _ = gettext_for(language)
        lines.append(_("Expected result: %(result)s") % {"result": a.expected_result})
    if lines:
        event.add("description", "\n\n".join(lines))
    if a.place:
        event.add("location", a.place)
    event.add("status", "CANCELLED" if a.status == "cancelled" else "CONFIRMED")
    event.add("categories", [p.title])
    return event


def _meeting_event(m: Meeting, p: Partnership, language: str) -> Event:
    _ = gettext_for(language)
    if m.number == 1:
        summary = _("First partnership meeting")
    elif m.number == 2:
        summary = _("Second partnership meeting")
    else:
        summary = _("Partnership meeting %(number)s") % {"number": m.number}
    # In the zone it was set in: calendars show it in each reader's own zone,
    # across daylight-saving changes.
    start = in_zone(m.held_at, m.timezone)
    length = timedelta(minutes=m.planned_minutes) if m.planned_minutes else MEETING_LENGTH
    event = Event()
    event.add("uid", f"meeting-{m.id}@{UID_DOMAIN}")
    event.add("summary", f"{summary}: {p.title}")
    event.add("dtstart", start)
    event.add("dtend", start + length)
    if m.place:
        event.add("location", m.place)
        if m.place_kind == "online" and m.place.lower().startswith(("https://", "http://")):
            event.add("url", m.place)
    agenda = [str(title.translate(_)) for _key, title in agenda_for(m.number)]
    if agenda:
        event.add("description", "\n".join(f"- {x}" for x in agenda))
    event.add("status", "CONFIRMED")
    event.add("categories", [p.title])
    return event


def meeting_invitation_ics(m: Meeting, p: Partnership, language: str) -> bytes:
    """The ``.ics`` invitation to one meeting, in ``language`` if the
    partnership speaks it (else its first language)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    event = _meeting_event(m, p, _language_for(p, language))
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def build_calendar(
    name: str,
    partnerships: Iterable[Partnership],
    *,
    language: str | None,
    library_feed: bool,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = datetime.now(UTC).replace(microsecond=0)
    for p in partnerships:
        lang = _language_for(p, language)
        for a in p.activities:
            event = _activity_event(a, p, lang, library_feed)
            event.add("dtstamp", stamp)
            cal.add_component(event)
        for m in p.meetings:
            if not date_in_range(m.held_at):
                continue  # kept before dates were bounded: its end cannot be written
            event = _meeting_event(m, p, lang)
            event.add("dtstamp", stamp)
            cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def feed_calendar(session: Session, feed: FeedToken) -> bytes:
    """The iCalendar text of a live feed."""
    language = feed_language(session, feed)
    return build_calendar(
        calendar_name(session, feed, language or "en"),
        _partnerships_of(session, feed),
        language=language,
        library_feed=feed.organisation_id is not None,
    )

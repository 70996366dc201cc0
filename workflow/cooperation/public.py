"""What the public directory shows: opted-in partnerships at work, without private data.

Only plain values leave this module: the parties' names and places, the
dates, the story, the activities done and the publications published. No
contact persons, no e-mail addresses, no signatories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workflow.models import Activity, HistoryEntry, Partnership, Party

#: The states a public partnership is shown in.
SHOWN = ("cooperation", "closed")


@dataclass(frozen=True)
class PublicParty:
    name: str
    city: str | None
    country: str
    role: str


@dataclass(frozen=True)
class PublicActivity:
    title: str
    direction: str
    starts_on: date
    ends_on: date | None


@dataclass(frozen=True)
class PublicPublication:
    id: int
    channel: str
    language: str
    message: str
    published_on: date
    url: str | None


@dataclass
class PublicPartnership:
    id: int
    title: str
    kind: str
    status: str
    story: str
    parties: list[PublicParty]
    #: When the last party signed the memorandum (None when it was skipped).
    signed_on: date | None
    #: When the partnership entered planning (after the memorandum).
    planning_since: date | None
    #: When it first entered cooperation.
    cooperation_since: datetime
    activities: list[PublicActivity] = field(default_factory=list)
    publications: list[PublicPublication] = field(default_factory=list)


def _signed_on(p: Partnership) -> date | None:
    v = p.memorandum_version
    signed = [x.signed_at for x in p.parties if v and x.signed_version == v and x.signed_at]
    if not v or len(signed) != len(p.parties):
        return None
    return max(signed).date()


def public_partnerships(session: Session) -> list[PublicPartnership]:
    """The public partnerships in cooperation (or closed), newest first."""
    partnerships = session.scalars(
        select(Partnership)
        .where(Partnership.public.is_(True), Partnership.status.in_(SHOWN))
        .options(
            selectinload(Partnership.parties).selectinload(Party.organisation),
            selectinload(Partnership.activities),
            selectinload(Partnership.publications),
        )
    ).all()
    if not partnerships:
        return []
    firsts: dict[tuple[int, str], datetime] = {
        (pid, state): at
        for pid, state, at in session.execute(
            select(HistoryEntry.partnership_id, HistoryEntry.to_state, func.min(HistoryEntry.at))
            .where(
                HistoryEntry.partnership_id.in_([p.id for p in partnerships]),
                HistoryEntry.to_state.in_(("planning", "cooperation")),
            )
            .group_by(HistoryEntry.partnership_id, HistoryEntry.to_state)
        )
    }
    found = []
    for p in partnerships:
        planning = firsts.get((p.id, "planning"))
        found.append(
            PublicPartnership(
                id=p.id,
                title=p.title,
                kind=p.kind,
                status=p.status,
                story=p.public_story or "",
                parties=[
                    PublicParty(
                        name=x.organisation.name,
                        city=x.organisation.city,
                        country=x.organisation.country,
                        role=x.role,
                    )
                    for x in p.parties
                ],
                signed_on=_signed_on(p),
                planning_since=planning.date() if planning else None,
                cooperation_since=firsts.get((p.id, "cooperation"), p.step_entered_at),
                activities=[_activity(a) for a in p.activities if a.status == "done"],
                publications=sorted(
                    (
                        PublicPublication(
                            id=x.id,
                            channel=x.channel,
                            language=x.language,
                            message=x.message,
                            published_on=x.published_on,
                            url=x.url,
                        )
                        for x in p.publications
                        if x.published_on is not None
                    ),
                    key=lambda x: (x.published_on, x.id),
                    reverse=True,
                ),
            )
        )
    found.sort(key=lambda x: (x.cooperation_since, x.id), reverse=True)
    return found


def _activity(a: Activity) -> PublicActivity:
    return PublicActivity(
        title=a.title, direction=a.direction, starts_on=a.starts_on, ends_on=a.ends_on
    )

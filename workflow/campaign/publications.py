"""The information campaign: its audience, messages and publications."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.orm import Session

import states
from states.base import PUBLICATIONS
from states.text import lazy_text
from workflow.bounds import check_date
from workflow.errors import InvalidInput, NotFound
from workflow.lifecycle.access import is_staff, own_party
from workflow.lifecycle.edits import edit_partnership, require, require_edit
from workflow.models import LANGUAGES, Partnership, Publication, User

#: Steps where the campaign is recorded: its own, and cooperation (it goes on).
CAMPAIGN_STEPS = states.steps_allowing(PUBLICATIONS)


MAX_AUDIENCE = 5000


MAX_KEY_MESSAGE = 5000


MAX_URL = 500


def _require_campaign_editor(p: Partnership, actor: User) -> None:
    require_edit(p, actor, PUBLICATIONS)
    require(is_staff(actor) or own_party(actor, p) is not None)


def _web_address(url: str | None) -> str | None:
    """A publication's address: empty, or an http(s) address with a host."""
    url = (url or "").strip()
    if not url:
        return None
    scheme, _sep, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    if (
        scheme.lower() not in ("http", "https")
        or not host
        or any(c.isspace() for c in url)
        or len(url) > MAX_URL
    ):
        raise InvalidInput(
            lazy_text("The address must be a web address starting with https:// or http://.")
        )
    return url


def _check_reach(reach: int | None) -> None:
    if reach is not None and reach < 0:
        raise InvalidInput(lazy_text("The reach cannot be negative."))


def set_campaign(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    audience: str,
    messages: Mapping[str, str],
) -> Partnership:
    """Who the campaign speaks to, and its key message in each of the
    partnership's languages (a message in another language is refused)."""
    audience = (audience or "").strip()
    cleaned = {lang: (text or "").strip() for lang, text in messages.items()}
    if len(audience) > MAX_AUDIENCE or any(len(x) > MAX_KEY_MESSAGE for x in cleaned.values()):
        raise InvalidInput(lazy_text("The text is too long."))

    def change(p: Partnership) -> Partnership:
        _require_campaign_editor(p, actor)
        unknown = [lang for lang, text in cleaned.items() if text and lang not in p.language_list]
        if unknown:
            raise InvalidInput(
                lazy_text("A key message can only be in the partnership's languages.")
            )
        p.campaign_audience = audience or None
        # A new dict: the JSON column notices a replaced value, not a mutated one.
        p.campaign_messages = {lang: cleaned[lang] for lang in p.language_list if cleaned.get(lang)}
        return p

    return edit_partnership(session, partnership_id, actor, change)


def add_publication(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    channel: str,
    language: str,
    message: str,
    planned_on: date,
    published_on: date | None = None,
    url: str = "",
    reach: int | None = None,
    activity_id: int | None = None,
) -> Publication:
    """Plan a publication, optionally announcing an activity of the plan (of
    this partnership only); it may be recorded as published at once."""
    from workflow.models import CHANNELS

    if channel not in CHANNELS:
        raise InvalidInput(lazy_text("Choose one of the channels."))
    if language not in LANGUAGES:
        raise InvalidInput(lazy_text("Choose one of the languages."))
    if not (message or "").strip():
        raise InvalidInput(lazy_text("Write the message of the publication."))
    if planned_on is None:
        raise InvalidInput(lazy_text("Enter the date the publication is planned for."))
    check_date(planned_on)
    check_date(published_on)
    address = _web_address(url)
    _check_reach(reach)

    def change(p: Partnership) -> Publication:
        _require_campaign_editor(p, actor)
        activity = None
        if activity_id is not None:
            activity = next((a for a in p.activities if a.id == activity_id), None)
            if activity is None:
                raise InvalidInput(
                    lazy_text(
                        "A publication can only announce an activity of this partnership's plan."
                    )
                )
        publication = Publication(
            channel=channel,
            language=language,
            message=message.strip(),
            planned_on=planned_on,
            published_on=published_on,
            url=address,
            reach=reach,
            activity=activity,
        )
        p.publications.append(publication)
        return publication

    return edit_partnership(session, partnership_id, actor, change)


def mark_published(
    session: Session,
    actor: User,
    partnership_id: int,
    *,
    publication_id: int,
    published_on: date,
    url: str = "",
    reach: int | None = None,
) -> Publication:
    """Record that a planned publication came out: when, where, how many it reached."""
    if published_on is None:
        raise InvalidInput(lazy_text("Enter the date it was published."))
    check_date(published_on)
    address = _web_address(url)
    _check_reach(reach)

    def change(p: Partnership) -> Publication:
        _require_campaign_editor(p, actor)
        publication = next((x for x in p.publications if x.id == publication_id), None)
        if publication is None:
            raise NotFound(lazy_text("No such publication."))
        publication.published_on = published_on
        publication.url = address or publication.url
        publication.reach = reach
        return publication

    return edit_partnership(session, partnership_id, actor, change)

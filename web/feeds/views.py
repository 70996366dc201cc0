"""Calendar subscriptions: private iCalendar addresses, made, shown once and revoked.

``GET /feeds/<token>.ics`` is public (calendar programs do not log in): the
token is the only key, and an unknown or revoked one finds nothing (404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, abort, flash, redirect, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from web.db import get_session
from web.forms import ActionForm
from web.people.auth import actor
from web.safety import local_referrer
from workflow.models import FeedToken, Organisation, Partnership
from workflow.planning import feeds

bp = Blueprint("feeds", __name__, url_prefix="/feeds", template_folder="templates")

#: Where the address just made waits for the page that shows it, once.
NEW_FEED = "new_feed"


@dataclass
class Subscription:
    feed: FeedToken
    revoke_form: ActionForm


@dataclass
class CalendarBox:
    """The "Calendar subscription" box of a partnership page."""

    create_form: ActionForm
    subscriptions: list[Subscription] = field(default_factory=list)
    #: The viewer's own library, when they may subscribe to all its partnerships.
    library: Organisation | None = None
    library_subscriptions: list[Subscription] = field(default_factory=list)
    #: The address just made: {"id", "url", "webcal"}, shown this once.
    new: dict[str, Any] | None = None


def feed_url(token: str) -> str:
    return url_for("feeds.calendar", token=token, _external=True)


def webcal_url(url: str) -> str:
    return "webcal://" + url.split("://", 1)[1]


def _subscriptions(found: list[FeedToken]) -> list[Subscription]:
    return [Subscription(x, ActionForm(formdata=None, prefix=f"revoke-feed-{x.id}")) for x in found]


def calendar_box(p: Partnership) -> CalendarBox:
    """What the box shows to the current user; pops the address just made."""
    db = get_session()
    user = actor()
    box = CalendarBox(
        create_form=ActionForm(formdata=None, prefix="feed"),
        subscriptions=_subscriptions(feeds.active_feeds(db, user, partnership_id=p.id)),
    )
    org_id = user.organisation_id
    if org_id is not None and p.party_of(org_id) and feeds.may_have_library_feed(user, org_id):
        box.library = p.party_of(org_id).organisation  # type: ignore[union-attr]
        box.library_subscriptions = _subscriptions(
            feeds.active_feeds(db, user, organisation_id=org_id)
        )
    shown = {x.feed.id for x in box.subscriptions + box.library_subscriptions}
    new = session.get(NEW_FEED)
    if new and new.get("id") in shown:
        session.pop(NEW_FEED)
        url = feed_url(new["token"])
        box.new = {"id": new["id"], "url": url, "webcal": webcal_url(url)}
    return box


@bp.app_context_processor
def _context() -> dict[str, Any]:
    return {"calendar_box": calendar_box}


def _made(new: feeds.NewFeed) -> None:
    session[NEW_FEED] = {"id": new.id, "token": new.token}
    flash(
        _("Your calendar subscription address is ready. Copy it now: it is shown only once."),
        "success",
    )


@bp.post("/partnerships/<int:partnership_id>")
def create_partnership_feed(partnership_id: int) -> Response:
    if not ActionForm(prefix="feed").validate_on_submit():
        abort(400)
    _made(feeds.create_feed(get_session(), actor(), partnership_id=partnership_id))
    return redirect(url_for("partnerships.show", partnership_id=partnership_id, _anchor="calendar"))


@bp.post("/libraries/<int:organisation_id>")
def create_library_feed(organisation_id: int) -> Response:
    if not ActionForm(prefix="feed").validate_on_submit():
        abort(400)
    _made(feeds.create_feed(get_session(), actor(), organisation_id=organisation_id))
    return redirect(local_referrer() or url_for("board.index"))


@bp.post("/<int:feed_id>/revoke")
def revoke(feed_id: int) -> Response:
    if not ActionForm(prefix=f"revoke-feed-{feed_id}").validate_on_submit():
        abort(400)
    feeds.revoke_feed(get_session(), actor(), feed_id)
    flash(_("The calendar subscription has been revoked: its address no longer works."), "success")
    return redirect(local_referrer() or url_for("board.index"))


@bp.get("/<token>.ics")
def calendar(token: str) -> Response:
    db = get_session()
    feed = feeds.resolve(db, token)
    if feed is None:
        abort(404)
    response = Response(feeds.feed_calendar(db, feed), content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

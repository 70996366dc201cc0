"""The public directory of partnerships at work, and its Atom feed. No login needed.

Only partnerships their coordinator opted in are shown, and only what
``workflow.cooperation.public`` lets out: nothing private (no contact persons, no e-mail
addresses).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from web.db import get_session
from web.labels import CHANNEL_TITLES
from workflow.cooperation.public import public_partnerships

bp = Blueprint("public", __name__, url_prefix="/public", template_folder="templates")

#: Endpoints anyone may open (see ``web.people.auth.PUBLIC_ENDPOINTS``).
ENDPOINTS = frozenset({"public.index", "public.feed"})

#: Entry ids never change, whatever address the site is served at (RFC 4151).
TAG = "tag:sister-libraries.org,2026:"


@bp.get("/")
def index() -> Any:
    return render_template("public/index.html", partnerships=public_partnerships(get_session()))


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


@bp.get("/feed.atom")
def feed() -> Response:
    page = url_for("public.index", _external=True)
    entries: list[tuple[datetime, str, dict[str, Any]]] = []
    for p in public_partnerships(get_session()):
        anchor = f"{page}#partnership-{p.id}"
        parties = " · ".join(x.name for x in p.parties)
        entries.append(
            (
                _utc(p.cooperation_since),
                f"{TAG}partnership/{p.id}",
                dict(
                    title=_("New partnership: %(title)s", title=p.title),
                    link=anchor,
                    summary=f"{parties}\n\n{p.story}".strip(),
                ),
            )
        )
        for x in p.publications:
            entries.append(
                (
                    datetime.combine(x.published_on, time.min, tzinfo=UTC),
                    f"{TAG}publication/{x.id}",
                    dict(
                        title=f"{p.title}: {CHANNEL_TITLES.get(x.channel, x.channel)}",
                        link=x.url or anchor,
                        summary=x.message,
                    ),
                )
            )
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)

    fg = FeedGenerator()
    fg.id(f"{TAG}public")
    fg.title(_("Sister libraries: partnerships at work"))
    fg.link(href=page, rel="alternate")
    fg.link(href=url_for("public.feed", _external=True), rel="self")
    fg.language(str(get_locale() or "en"))
    fg.updated(entries[0][0] if entries else datetime(2026, 1, 1, tzinfo=UTC))
    for updated, entry_id, data in entries:
        entry = fg.add_entry(order="append")
        entry.id(entry_id)
        entry.title(data["title"])
        entry.link(href=data["link"], rel="alternate")
        entry.summary(data["summary"])
        entry.updated(updated)
        entry.published(updated)
    return Response(fg.atom_str(pretty=True), mimetype="application/atom+xml")

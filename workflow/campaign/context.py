"""The campaign brief's and the press release's contexts."""

from __future__ import annotations

from workflow.lifecycle.context import Context, iso_date, written_in
from workflow.memorandum.context import memorandum_left, memorandum_signed_on
from workflow.models import CHANNELS, Partnership
from workflow.planning.context import activity_titles


def key_messages(p: Partnership) -> Context:
    """The campaign's key message in each of the partnership's languages."""
    given = p.campaign_messages or {}
    return {lang: given.get(lang) or "" for lang in p.language_list}


def campaign_brief(p: Partnership) -> Context:
    used = {x.channel for x in p.publications}
    return {
        "audience": p.campaign_audience or "",
        "audience_lang": written_in(p.campaign_audience, p.language_list),
        "messages": key_messages(p),
        "channels": [c for c in CHANNELS if c in used],
        "publications": [
            {
                "channel": x.channel,
                "language": x.language,
                "message": x.message,
                "planned_on": iso_date(x.planned_on),
                "published_on": iso_date(x.published_on),
                "url": x.url,
                "reach": x.reach,
                "activity": activity_titles(x.activity, p.language_list),
            }
            for x in p.publications
        ],
    }


def press_release(p: Partnership) -> Context:
    left = memorandum_left(p)
    leader = next((x for x in p.parties if x.id == p.leader_party_id), None)
    lead = leader or next((x for x in p.parties if x.role == "lead"), None)
    return {
        "signed_on": iso_date(memorandum_signed_on(p)),
        "memorandum_skipped": left is not None and left.trigger == "skip_memorandum",
        "lead": lead.organisation.name if lead else None,
        "lead_latin": lead.organisation.name_latin if lead else None,
        "messages": key_messages(p),
        "activities": [
            {
                "titles": activity_titles(a, p.language_list),
                "starts_on": iso_date(a.starts_on),
                "ends_on": iso_date(a.ends_on),
            }
            for a in p.activities
            if a.status != "cancelled"
        ],
    }

"""The information campaign on the partnership page: its forms, and what they send.

The campaign (audience, a key message in each of the partnership's languages)
and its publications are recorded in the campaign step and go on in
cooperation, by the staff and the parties' representatives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from web.campaign.forms import CampaignForm, PublicationForm, PublishedForm
from web.forms import choices, page_form
from web.labels import LANGUAGE_TITLES
from workflow.campaign.publications import CAMPAIGN_STEPS
from workflow.lifecycle.access import is_staff, own_party
from workflow.models import Activity, Partnership, User

#: Steps where the campaign is recorded.
STEPS = CAMPAIGN_STEPS


@dataclass
class CampaignForms:
    languages: list[str]
    campaign: CampaignForm | None = None
    add: PublicationForm | None = None
    published: dict[int, PublishedForm] = field(default_factory=dict)


def message_field(form: CampaignForm, lang: str) -> Any:
    return form[f"message_{lang}"]


def prepare_campaign(form: CampaignForm, p: Partnership) -> CampaignForm:
    """Name each language's key message input."""
    for lang in p.language_list:
        language = str(LANGUAGE_TITLES.get(lang, lang))
        message_field(form, lang).label.text = _("Key message (%(language)s)", language=language)
    return form


def activity_title(a: Activity, lang: str) -> str:
    """The activity's title in ``lang``, else its own title."""
    return ((a.texts or {}).get(lang) or {}).get("title") or a.title


def prepare_publication(form: PublicationForm, p: Partnership, lang: str) -> PublicationForm:
    """The plan's activities (of this partnership only) as the choices of
    the activity a publication announces, titled in the viewer's language
    when the activity is written in it."""
    form.activity_id.choices = choices(
        [("", _("— none —"))]
        + [(a.id, f"{activity_title(a, lang)} ({a.starts_on.isoformat()})") for a in p.activities]
    )
    return form


def campaign_values(form: CampaignForm, p: Partnership) -> dict[str, Any]:
    """The keyword arguments of ``publications.set_campaign``."""
    return {
        "audience": form.audience.data or "",
        "messages": {lang: message_field(form, lang).data or "" for lang in p.language_list},
    }


def publication_values(form: PublicationForm) -> dict[str, Any]:
    """The keyword arguments of ``publications.add_publication``."""
    return {
        "channel": form.channel.data,
        "language": form.language.data,
        "message": form.message.data or "",
        "planned_on": form.planned_on.data,
        "activity_id": form.activity_id.data,
        "published_on": form.published_on.data,
        "url": form.url.data or "",
        "reach": form.reach.data,
    }


def may_edit(p: Partnership, user: User) -> bool:
    return p.status in STEPS and (is_staff(user) or own_party(user, p) is not None)


def viewer_language(p: Partnership) -> str:
    locale = get_locale()
    return locale.language if locale is not None else p.language_list[0]


def build(p: Partnership, user: User, overrides: dict[str, FlaskForm]) -> CampaignForms:
    forms = CampaignForms(languages=p.language_list)
    if not may_edit(p, user):
        return forms
    lang = viewer_language(p)
    given = p.campaign_messages or {}
    forms.campaign = prepare_campaign(
        page_form(
            CampaignForm,
            "campaign",
            overrides,
            audience=p.campaign_audience,
            **{f"message_{x}": given.get(x, "") for x in p.language_list},
        ),
        p,
    )
    forms.add = prepare_publication(
        page_form(PublicationForm, "publication", overrides, language=p.language_list[0]), p, lang
    )
    for publication in p.publications:
        if publication.published_on is None:
            key = f"published-{publication.id}"
            forms.published[publication.id] = page_form(PublishedForm, key, overrides)
    return forms

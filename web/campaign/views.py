"""The campaign's views: its audience and key messages, its publications."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash
from flask_babel import gettext as _

from web.campaign import page as campaign_forms
from web.campaign.forms import CampaignForm, PublicationForm, PublishedForm
from web.db import get_session
from web.lifecycle.views import back, get_partnership, invalid, refused
from web.people.auth import actor
from workflow.campaign import publications
from workflow.campaign.publications import set_campaign
from workflow.errors import InvalidInput

bp = Blueprint("campaign", __name__, url_prefix="/partnerships", template_folder="templates")


@bp.post("/<int:partnership_id>/campaign")
def campaign(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = campaign_forms.prepare_campaign(CampaignForm(prefix="campaign"), p)
    if not form.validate_on_submit():
        return invalid(p, "campaign", form)
    try:
        set_campaign(get_session(), actor(), p.id, **campaign_forms.campaign_values(form, p))
    except InvalidInput as error:
        return refused(p, "campaign", form, error)
    flash(_("The audience and the key messages have been saved."), "success")
    return back(p, "campaign")


@bp.post("/<int:partnership_id>/publications")
def add_publication(partnership_id: int) -> Any:
    p = get_partnership(partnership_id)
    form = campaign_forms.prepare_publication(
        PublicationForm(prefix="publication"), p, campaign_forms.viewer_language(p)
    )
    if not form.validate_on_submit():
        return invalid(p, "publication", form)
    try:
        publications.add_publication(
            get_session(), actor(), p.id, **campaign_forms.publication_values(form)
        )
    except InvalidInput as error:
        return refused(p, "publication", form, error)
    flash(_("The publication has been added to the campaign."), "success")
    return back(p, "campaign")


@bp.post("/<int:partnership_id>/publications/<int:publication_id>/published")
def mark_published(partnership_id: int, publication_id: int) -> Any:
    p = get_partnership(partnership_id)
    key = f"published-{publication_id}"
    form = PublishedForm(prefix=key)
    if not form.validate_on_submit():
        return invalid(p, key, form)
    try:
        publications.mark_published(
            get_session(),
            actor(),
            p.id,
            publication_id=publication_id,
            published_on=form.published_on.data,
            url=form.url.data or "",
            reach=form.reach.data,
        )
    except InvalidInput as error:
        return refused(p, key, form, error)
    flash(_("The publication is marked as published."), "success")
    return back(p, "campaign")

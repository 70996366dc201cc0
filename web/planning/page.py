"""The joint activity plan on the partnership page: its forms, and what they send.

An activity is written in each of the partnership's languages: the form has
a title and description for every language the application knows and shows
those of the partnership (the first one required).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm

from states import PLANNING
from web.forms import ActionForm, VersionedActionForm, choices, page_form
from web.labels import LANGUAGE_TITLES
from web.planning.forms import ActivityForm, ActivityStatusForm
from workflow.lifecycle.access import is_staff, own_party
from workflow.models import Activity, Partnership, Party, User
from workflow.planning.activities import ACTIVITY_EDIT_STEPS, ACTIVITY_STATUS_STEPS

#: Steps where activities are added and changed (in cooperation without a new
#: version of the plan).
EDIT_STEPS = ACTIVITY_EDIT_STEPS
#: Steps where a status is set on its own: where the services let it be set,
#: but planning, where the activity's own form sets it.
STATUS_STEPS = tuple(s for s in ACTIVITY_STATUS_STEPS if s != PLANNING)


@dataclass
class PlanForms:
    languages: list[str]
    add: ActivityForm | None = None
    edit: dict[int, ActivityForm] = field(default_factory=dict)
    remove: dict[int, ActionForm] = field(default_factory=dict)
    status: dict[int, ActivityStatusForm] = field(default_factory=dict)


def title_field(form: ActivityForm, p: Partnership, lang: str) -> Any:
    """The title input of ``lang``: ``title`` for the partnership's first language."""
    return form.title if lang == p.language_list[0] else form[f"title_{lang}"]


def description_field(form: ActivityForm, p: Partnership, lang: str) -> Any:
    return form.description if lang == p.language_list[0] else form[f"description_{lang}"]


def prepare(form: ActivityForm, p: Partnership) -> ActivityForm:
    """Fill the partnership's choices in and name each language's inputs."""
    form.responsible_party_id.choices = choices(
        [("", _("— nobody yet —"))] + [(x.id, x.organisation.name) for x in p.parties]
    )
    form.involved.choices = choices((x.id, x.organisation.name) for x in p.parties)
    for lang in p.language_list[1:]:
        language = str(LANGUAGE_TITLES.get(lang, lang))
        form[f"title_{lang}"].label.text = _("Activity (%(language)s)", language=language)
        form[f"description_{lang}"].label.text = _("Description (%(language)s)", language=language)
    return form


def values(form: ActivityForm, p: Partnership) -> dict[str, Any]:
    """The keyword arguments of ``activities.add_activity`` / ``edit_activity``."""
    texts = {
        lang: {
            "title": title_field(form, p, lang).data or "",
            "description": description_field(form, p, lang).data or "",
        }
        for lang in p.language_list
    }
    return {
        "title": form.title.data or "",
        "description": form.description.data or "",
        "texts": texts,
        "direction": form.direction.data,
        "responsible_party_id": form.responsible_party_id.data,
        "involved_party_ids": list(form.involved.data or []),
        "starts_on": form.starts_on.data,
        "ends_on": form.ends_on.data,
        "place": form.place.data or "",
        "resources": form.resources.data or "",
        "expected_result": form.expected_result.data or "",
        "indicator": form.indicator.data or "",
        "status": form.status.data,
        "development_plan_url": form.development_plan_url.data or None,
    }


def _data(a: Activity, p: Partnership) -> dict[str, Any]:
    """An edit form's values: the activity as it is."""
    first = p.language_list[0]
    data: dict[str, Any] = {
        "title": (a.texts.get(first) or {}).get("title") or a.title,
        "description": (a.texts.get(first) or {}).get("description") or a.description,
        "direction": a.direction,
        "responsible_party_id": a.responsible_party_id,
        "involved": [x.id for x in a.involved],
        "starts_on": a.starts_on,
        "ends_on": a.ends_on,
        "place": a.place,
        "resources": a.resources,
        "expected_result": a.expected_result,
        "indicator": a.indicator,
        "status": a.status,
        "development_plan_url": a.development_plan_url,
    }
    for lang in p.language_list[1:]:
        text = a.texts.get(lang) or {}
        data[f"title_{lang}"] = text.get("title", "")
        data[f"description_{lang}"] = text.get("description", "")
    return data


def may_edit(p: Partnership, user: User) -> bool:
    return is_staff(user) or own_party(user, p) is not None


def build(p: Partnership, user: User, overrides: dict[str, FlaskForm]) -> PlanForms:
    plan = PlanForms(languages=p.language_list)
    if not may_edit(p, user):
        return plan
    if p.status in EDIT_STEPS:
        plan.add = prepare(page_form(ActivityForm, "activity", overrides), p)
        for a in p.activities:
            key = f"activity-{a.id}"
            plan.edit[a.id] = prepare(page_form(ActivityForm, key, overrides, **_data(a, p)), p)
            if p.status == PLANNING:
                plan.remove[a.id] = ActionForm(formdata=None, prefix=f"remove-activity-{a.id}")
    if p.status in STATUS_STEPS:
        for a in p.activities:
            key = f"activity-status-{a.id}"
            plan.status[a.id] = page_form(ActivityStatusForm, key, overrides, status=a.status)
    return plan


def approve_form(p: Partnership, party: Party, *, editable: bool) -> VersionedActionForm | None:
    """The button with which a party approves the plan's current version."""
    if (
        p.status == PLANNING
        and editable
        and p.activities
        and party.plan_approved_version != p.plan_version
    ):
        return VersionedActionForm(formdata=None, party_id=party.id, version=p.plan_version)
    return None

"""The plan's activities: added, changed, removed, carried out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

import states
from states.base import ACTIVITIES, ACTIVITY_REMOVAL, ACTIVITY_STATUS
from states.text import lazy_text
from workflow.bounds import check_date
from workflow.errors import InvalidInput
from workflow.lifecycle.access import is_staff, own_party
from workflow.lifecycle.edits import edit_partnership, require, require_edit
from workflow.models import ACTIVITY_STATUSES, DIRECTIONS, Activity, Partnership, User

#: Steps where an activity's status can be set: the plan goes on being carried out.
ACTIVITY_STATUS_STEPS = states.steps_allowing(ACTIVITY_STATUS)


#: Steps where activities are added and changed: the plan is made in planning,
#: and in cooperation the partners go on adding to what they do together.
#: Only in planning is a change a new version that the parties approve again.
ACTIVITY_EDIT_STEPS = states.steps_allowing(ACTIVITIES)


@dataclass(frozen=True)
class ActivityFields:
    """What a person writes about an activity of the joint plan.

    ``texts`` holds the title and description per language; ``title`` and
    ``description`` are the partnership's first language, used when
    ``texts`` does not give it.
    """

    title: str
    direction: str
    responsible_party_id: int | None
    starts_on: date
    ends_on: date | None = None
    resources: str = ""
    indicator: str = ""
    description: str = ""
    texts: Mapping[str, Mapping[str, str]] | None = None
    place: str = ""
    expected_result: str = ""
    status: str = "planned"
    involved_party_ids: tuple[int, ...] = ()
    development_plan_url: str | None = None


def _activity_fields(values: Mapping[str, Any]) -> ActivityFields:
    """The keyword arguments of ``add_activity``/``edit_activity``: the fields
    of ``ActivityFields`` (an unknown or missing one is a TypeError), checked."""
    fields = ActivityFields(
        **{**values, "involved_party_ids": tuple(values.get("involved_party_ids", ()))}
    )
    _check_activity(fields)
    return fields


def _check_activity(fields: ActivityFields) -> None:
    """What can be checked without the partnership."""
    if fields.direction not in DIRECTIONS:
        raise InvalidInput(lazy_text("Choose a direction of cooperation."))
    if fields.status not in ACTIVITY_STATUSES:
        raise InvalidInput(lazy_text("Choose the status: planned, done or cancelled."))
    check_date(fields.starts_on)
    check_date(fields.ends_on)
    if fields.ends_on is not None and fields.ends_on < fields.starts_on:
        raise InvalidInput(lazy_text("An activity cannot end before it starts."))
    url = (fields.development_plan_url or "").strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise InvalidInput(
            lazy_text("The development plan must be a web address (http:// or https://).")
        )


def _activity_texts(p: Partnership, fields: ActivityFields) -> dict[str, dict[str, str]]:
    """The title and description in each of the partnership's languages given."""
    languages = p.language_list
    given = dict(fields.texts or {})
    unknown = [x for x in given if x not in languages]
    if unknown:
        raise InvalidInput(lazy_text("Texts can be given only in the partnership's languages."))
    first = languages[0]
    given.setdefault(first, {"title": fields.title, "description": fields.description})
    texts: dict[str, dict[str, str]] = {}
    for lang in languages:
        text = given.get(lang) or {}
        title = (text.get("title") or "").strip()
        description = (text.get("description") or "").strip()
        if len(title) > 300:
            raise InvalidInput(lazy_text("An activity's title can be at most 300 characters long."))
        if title or description:
            texts[lang] = {"title": title, "description": description}
    if not texts.get(first, {}).get("title"):
        raise InvalidInput(
            lazy_text("Give the activity a title in the partnership's first language.")
        )
    return texts


def _apply_activity(p: Partnership, activity: Activity, fields: ActivityFields) -> None:
    party_ids = {x.id for x in p.parties}
    if fields.responsible_party_id is not None and fields.responsible_party_id not in party_ids:
        raise InvalidInput(lazy_text("The responsible party must be a party of the partnership."))
    involved = set(fields.involved_party_ids)
    if not involved <= party_ids:
        raise InvalidInput(lazy_text("Only parties of the partnership can be involved."))
    texts = _activity_texts(p, fields)
    first = texts[p.language_list[0]]
    activity.title = first["title"]
    activity.description = first["description"]
    activity.texts = texts
    activity.direction = fields.direction
    activity.responsible_party_id = fields.responsible_party_id
    # "The others involved": the responsible party is not listed again.
    activity.involved = [
        x for x in p.parties if x.id in involved and x.id != fields.responsible_party_id
    ]
    activity.starts_on = fields.starts_on
    activity.ends_on = fields.ends_on
    activity.place = fields.place.strip()
    activity.resources = fields.resources.strip()
    activity.expected_result = fields.expected_result.strip()
    activity.indicator = fields.indicator.strip()
    activity.status = fields.status
    activity.development_plan_url = (fields.development_plan_url or "").strip() or None


def _plan_activity(p: Partnership, activity_id: int) -> Activity:
    activity = next((x for x in p.activities if x.id == activity_id), None)
    if activity is None:
        raise InvalidInput(lazy_text("This activity is no longer in the plan."))
    return activity


def _new_plan_version(p: Partnership) -> None:
    """A change of the plan while it is being made voids the approvals given."""
    if p.status == states.PLANNING:
        p.plan_version += 1


def _require_plan_editor(p: Partnership, actor: User) -> None:
    require(is_staff(actor) or own_party(actor, p) is not None)


def add_activity(session: Session, actor: User, partnership_id: int, **values: Any) -> Activity:
    """An activity of the joint plan.

    In planning the plan's earlier approvals no longer count; in cooperation
    it is one more thing the partners do together, and the approved plan
    stays approved.
    """
    fields = _activity_fields(values)

    def change(p: Partnership) -> Activity:
        require_edit(p, actor, ACTIVITIES)
        _require_plan_editor(p, actor)
        activity = Activity()
        _apply_activity(p, activity, fields)
        p.activities.append(activity)
        _new_plan_version(p)
        return activity

    return edit_partnership(session, partnership_id, actor, change)


def edit_activity(
    session: Session, actor: User, partnership_id: int, activity_id: int, **values: Any
) -> Activity:
    """Change an activity of the plan: in planning a new version, earlier approvals void."""
    fields = _activity_fields(values)

    def change(p: Partnership) -> Activity:
        require_edit(p, actor, ACTIVITIES)
        _require_plan_editor(p, actor)
        activity = _plan_activity(p, activity_id)
        _apply_activity(p, activity, fields)
        _new_plan_version(p)
        return activity

    return edit_partnership(session, partnership_id, actor, change)


def remove_activity(session: Session, actor: User, partnership_id: int, activity_id: int) -> None:
    """Take an activity out of the plan: a new version, earlier approvals void."""

    def change(p: Partnership) -> None:
        require_edit(p, actor, ACTIVITY_REMOVAL)
        _require_plan_editor(p, actor)
        p.activities.remove(_plan_activity(p, activity_id))
        p.plan_version += 1

    edit_partnership(session, partnership_id, actor, change)


def set_activity_status(
    session: Session, actor: User, partnership_id: int, activity_id: int, *, status: str
) -> Activity:
    """Mark an activity planned, done or cancelled.

    In planning this is an edit of the plan like any other (a new version);
    later it records what became of the approved plan, which stays approved.
    """
    if status not in ACTIVITY_STATUSES:
        raise InvalidInput(lazy_text("Choose the status: planned, done or cancelled."))

    def change(p: Partnership) -> Activity:
        require_edit(p, actor, ACTIVITY_STATUS)
        _require_plan_editor(p, actor)
        activity = _plan_activity(p, activity_id)
        if activity.status != status:
            activity.status = status
            _new_plan_version(p)
        return activity

    return edit_partnership(session, partnership_id, actor, change)

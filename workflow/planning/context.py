"""The activity plan's context."""

from __future__ import annotations

from workflow.lifecycle.context import Context, iso_date
from workflow.models import Activity, Partnership


def activity_texts(a: Activity, languages: list[str]) -> Context:
    """{lang: {title, description}} in the partnership's languages; the first
    language falls back on the activity's own title (older rows have no texts)."""
    texts: Context = {}
    for i, lang in enumerate(languages):
        given = (a.texts or {}).get(lang) or {}
        title = given.get("title") or (a.title if i == 0 else "")
        description = given.get("description") or (a.description if i == 0 else "")
        texts[lang] = {"title": title, "description": description}
    return texts


def activity_plan(p: Partnership) -> Context:
    return {
        "plan_version": p.plan_version,
        "activities": [
            {
                "texts": activity_texts(a, p.language_list),
                "direction": a.direction,
                "status": a.status,
                "responsible": (
                    a.responsible_party.organisation.name if a.responsible_party else None
                ),
                "involved": [x.organisation.name for x in a.involved],
                "starts_on": iso_date(a.starts_on),
                "ends_on": iso_date(a.ends_on),
                "place": a.place,
                "resources": a.resources,
                "expected_result": a.expected_result,
                "indicator": a.indicator,
                "development_plan_url": a.development_plan_url,
            }
            for a in p.activities
        ],
    }


def activity_titles(a: Activity | None, languages: list[str]) -> Context | None:
    """{lang: title} of an activity (the first language's where it has no
    title in another), or None."""
    if a is None:
        return None
    texts = activity_texts(a, languages)
    first = texts[languages[0]]["title"]
    return {lang: text["title"] or first for lang, text in texts.items()}

"""The meeting record's and the evaluation's context."""

from __future__ import annotations

from states.introduction import agenda_for
from workflow.lifecycle.context import Context
from workflow.models import Partnership
from workflow.timezones import in_zone


def meeting_record(p: Partnership) -> Context:
    return {
        "meetings": [
            {
                "number": m.number,
                "held_at": in_zone(m.held_at, m.timezone).strftime("%Y-%m-%d %H:%M"),
                "timezone": m.timezone,
                "planned_minutes": m.planned_minutes,
                "place_kind": m.place_kind,
                "place": m.place,
                "agenda": [
                    {"key": key, "covered": key in (m.agenda_done or [])}
                    for key, _title in agenda_for(m.number)
                ],
                "invited": m.invited,
                "attendees": [
                    {
                        "name": a.name,
                        "organisation": a.organisation,
                        "sector": a.sector,
                        "decision_maker": a.decision_maker,
                    }
                    for a in m.attendees
                ],
                "attendance": m.attendance,
                "evaluations": [
                    {
                        "side": e.side,
                        "worked": e.worked,
                        "to_change": e.to_change,
                        "next_steps": e.next_steps,
                        "engagement": [
                            {"name": x.organisation.name, "score": e.engagement[str(x.id)]}
                            for x in p.parties
                            if (e.engagement or {}).get(str(x.id))
                        ],
                    }
                    for e in m.evaluations
                ],
                "minutes": m.minutes,
                "evaluation": m.evaluation,
            }
            for m in p.meetings
        ]
    }

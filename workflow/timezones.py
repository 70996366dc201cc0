"""Times of meetings: stored in UTC with the IANA zone they were set in; each
person sees them in their own zone (``zoneinfo``, daylight saving included)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from states.text import lazy_text
from workflow.errors import InvalidInput

#: Offered first in the forms: the zones of the programmes' libraries.
COMMON_ZONES = (
    "Europe/Kyiv",
    "Europe/Warsaw",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Vilnius",
    "Europe/Riga",
    "Europe/Tallinn",
    "Europe/Prague",
    "Europe/Paris",
    "America/New_York",
    "America/Toronto",
    "UTC",
)


@cache
def all_zones() -> tuple[str, ...]:
    return tuple(sorted(available_timezones()))


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidInput(lazy_text("Choose a time zone.")) from exc


def check_zone(name: str) -> str:
    if name not in all_zones() and name != "UTC":
        raise InvalidInput(lazy_text("Choose a time zone."))
    return name


def to_utc(local: datetime, zone_name: str) -> datetime:
    """A wall-clock time in ``zone_name`` → naive UTC (as stored)."""
    aware = local.replace(tzinfo=zone(zone_name)) if local.tzinfo is None else local
    return aware.astimezone(UTC).replace(tzinfo=None)


def in_zone(utc: datetime, zone_name: str | None) -> datetime:
    """A stored (naive UTC) time as the wall-clock time in ``zone_name``."""
    return utc.replace(tzinfo=UTC).astimezone(zone(zone_name))

"""What a value can mean at all: dates a programme can hold, numbers the database keeps.

The web forms, the API and the use cases check against the same bounds, so a
date like 9999-12-31 (past which a calendar's "the day after" cannot be
written) or a number past what a column holds never reaches the database.
"""

from __future__ import annotations

from datetime import date, datetime

from states.text import lazy_text
from workflow.errors import InvalidInput

#: The first and last day a programme's dates can fall on.
FIRST_DATE = date(1990, 1, 1)
LAST_DATE = date(2100, 12, 31)
#: The largest value an ``Integer`` column holds (PostgreSQL's ``integer``).
MAX_STORED_INT = 2**31 - 1
#: The largest id: every id column is an ``Integer`` (PostgreSQL refuses even to
#: compare one with a larger number).
MAX_ID = MAX_STORED_INT
#: The largest offset into a list (a signed 64-bit integer, as SQL's OFFSET takes).
MAX_OFFSET = 2**63 - 1

DATE_OUT_OF_RANGE = lazy_text("Enter a date between 1990 and 2100.")


def date_in_range(value: date | datetime | None) -> bool:
    """``value`` (or its day) falls between ``FIRST_DATE`` and ``LAST_DATE``; None is fine."""
    if value is None:
        return True
    day = value.date() if isinstance(value, datetime) else value
    return FIRST_DATE <= day <= LAST_DATE


def check_date(value: date | datetime | None) -> None:
    """Refuse a date no programme can mean."""
    if not date_in_range(value):
        raise InvalidInput(DATE_OUT_OF_RANGE)

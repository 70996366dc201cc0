"""Meeting times: stored in UTC with their zone, shown in each person's own zone."""

from __future__ import annotations

from datetime import datetime

import pytest

from workflow.errors import InvalidInput
from workflow.timezones import in_zone, to_utc


@pytest.mark.parametrize(
    "kyiv, utc",
    [
        # Before the EU's change to summer time (29 March 2026): Kyiv UTC+2, Warsaw UTC+1.
        (datetime(2026, 3, 28, 18, 0), datetime(2026, 3, 28, 16, 0)),
        # After it: Kyiv UTC+3, Warsaw UTC+2.
        (datetime(2026, 3, 30, 18, 0), datetime(2026, 3, 30, 15, 0)),
        # After the change back (25 October 2026).
        (datetime(2026, 10, 26, 18, 0), datetime(2026, 10, 26, 16, 0)),
    ],
)
def test_a_meeting_at_18_in_kyiv_is_17_in_warsaw_across_daylight_saving(
    kyiv: datetime, utc: datetime
) -> None:
    stored = to_utc(kyiv, "Europe/Kyiv")
    assert stored == utc
    warsaw = in_zone(stored, "Europe/Warsaw")
    assert (warsaw.hour, warsaw.minute) == (17, 0)
    assert in_zone(stored, "Europe/Kyiv").replace(tzinfo=None) == kyiv


def test_the_same_meeting_is_an_hour_apart_in_london_only_while_clocks_differ() -> None:
    # 28 March: London still on GMT, Kyiv on UTC+2 → 16:00 in London.
    assert in_zone(to_utc(datetime(2026, 3, 28, 18), "Europe/Kyiv"), "Europe/London").hour == 16
    assert in_zone(to_utc(datetime(2026, 3, 30, 18), "Europe/Kyiv"), "Europe/London").hour == 16


def test_an_unknown_zone_is_refused() -> None:
    with pytest.raises(InvalidInput):
        to_utc(datetime(2026, 3, 28, 18), "Europe/Atlantis")

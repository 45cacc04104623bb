"""Zone options: one reader for --tz, the app's zone field and the eval cases."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.ingest.time.zones import parse_zone_name

WINTER = dt.datetime(2024, 1, 15, 12, 0, tzinfo=dt.UTC)
SUMMER = dt.datetime(2024, 7, 15, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("name", "winter_hours", "summer_hours"),
    [("", 0, 0), ("UTC", 0, 0), ("gmt", 0, 0), ("Z", 0, 0), ("Europe/Berlin", 1, 2),
     ("America/New_York", -5, -4), ("+05:30", 5.5, 5.5), ("UTC-3", -3, -3)],
    ids=["blank", "utc", "gmt-any-case", "z", "iana-dst", "iana-west", "offset", "utc-offset"],
)
def test_zone_names_and_offsets(name: str, winter_hours: float, summer_hours: float) -> None:
    zone = parse_zone_name(name)
    for moment, hours in ((WINTER, winter_hours), (SUMMER, summer_hours)):
        offset = moment.astimezone(zone).utcoffset()
        assert offset == dt.timedelta(hours=hours)


@pytest.mark.parametrize("name", ["Mars/Olympus", "CEST", "+25:00"])
def test_unknown_zone_says_what_to_write(name: str) -> None:
    with pytest.raises(ValueError, match="unknown time zone .*IANA name such as Europe/Berlin"):
        parse_zone_name(name)

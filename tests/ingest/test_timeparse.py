"""Timestamp parsing: every layout, zones, inference of year and date, midnight rollover."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.ingest.time.parse import TimestampFinder, parse_timestamp
from assistant.ingest.time.zones import zone_from_designator

DAY = date(2024, 2, 15)
PLUS1 = timezone(timedelta(hours=1))
MINUS7 = timezone(timedelta(hours=-7))


def _at(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    micro: int = 0,
    tz: tzinfo = UTC,
) -> datetime:
    return datetime(year, month, day, hour, minute, second, micro, tzinfo=tz)


@pytest.mark.parametrize(
    ("text", "expected", "assumed", "written"),
    [
        ("14:32 alice: seeing 500s", _at(2024, 2, 15, 14, 32), ("date", "tz"), "14:32"),
        ("[2:32 PM] Alice Smith: on it", _at(2024, 2, 15, 14, 32), ("date", "tz"), "2:32 PM"),
        ("2024-02-15 14:32 UTC - paged", _at(2024, 2, 15, 14, 32), (), "2024-02-15 14:32 UTC"),
        ("2024-02-15T14:32:01.123456Z x", _at(2024, 2, 15, 14, 32, 1, 123456), (), None),
        ("2024-02-15T14:32:01-07:00 x", _at(2024, 2, 15, 14, 32, 1, tz=MINUS7), (), None),
        ("2024-02-15 14:32:01,123 INFO x", _at(2024, 2, 15, 14, 32, 1, 123000), ("tz",), None),
        ("Feb 15 14:32:01 web-3 sshd[1]: x", _at(2024, 2, 15, 14, 32, 1), ("year", "tz"), None),
        (
            '10.0.0.1 - - [15/Feb/2024:14:32:01 +0100] "GET / HTTP/1.1" 200 5',
            _at(2024, 2, 15, 14, 32, 1, tz=PLUS1),
            (),
            "15/Feb/2024:14:32:01 +0100",
        ),
        ("1708007521 worker started", _at(2024, 2, 15, 14, 32, 1), (), "1708007521"),
        ("1708007521123 worker started", _at(2024, 2, 15, 14, 32, 1, 123000), (), None),
        ("081109 203615 148 INFO dfs", _at(2008, 11, 9, 20, 36, 15), ("tz",), "081109 203615"),
        ("20240215-14:32:01.123 job", _at(2024, 2, 15, 14, 32, 1, 123000), ("tz",), None),
        ("15/02/2024 14:32:01 batch", _at(2024, 2, 15, 14, 32, 1), ("tz",), None),
        (
            "2024-02-15 14:32:01.123 +0100 x",
            _at(2024, 2, 15, 14, 32, 1, 123000, tz=PLUS1),
            (),
            None,
        ),
        (
            "03-17 16:13:38.811  1702 D x",
            _at(2024, 3, 17, 16, 13, 38, 811000),
            ("year", "tz"),
            None,
        ),
        ("[Sun Dec 04 04:47:44 2005] [error]", _at(2005, 12, 4, 4, 47, 44), ("tz",), None),
        ("17/06/09 20:10:40 INFO spark", _at(2017, 6, 9, 20, 10, 40), ("tz",), None),
        ("Thu, 15 Feb 2024 14:32:01 +0000", _at(2024, 2, 15, 14, 32, 1), (), None),
        ("Feb 15, 2024 2:32 PM status", _at(2024, 2, 15, 14, 32), ("tz",), None),
        (
            "I0215 14:32:01.000123  42 x.go:1] m",
            _at(2024, 2, 15, 14, 32, 1, 123),
            ("year", "tz"),
            None,
        ),
        ("2/15/24, 2:32 PM - Alice: hi", _at(2024, 2, 15, 14, 32), ("tz",), None),
        ("[02.15 14:32:01] proxy", _at(2024, 2, 15, 14, 32, 1), ("year", "tz"), None),
        ("- rolled back at 14:40", _at(2024, 2, 15, 14, 40), ("date", "tz"), "14:40"),
    ],
    ids=[
        "clock-speaker",
        "12h-bracket",
        "date-utc-dash",
        "iso-z-micro",
        "iso-offset",
        "log4j-comma",
        "syslog-no-year",
        "clf",
        "epoch-s",
        "epoch-ms",
        "hdfs-compact",
        "compact-dash",
        "dmy-slash",
        "java-offset",
        "logcat",
        "ctime-apache",
        "spark-yymmdd",
        "rfc2822",
        "month-name-12h",
        "glog",
        "mdy-short-12h",
        "md-dot",
        "clock-mid-line",
    ],
)
def test_parse_timestamp_reads_each_layout(
    text: str, expected: datetime, assumed: tuple[str, ...], written: str | None
) -> None:
    found = parse_timestamp(text, default_tz=UTC, default_date=DAY)
    assert found is not None
    assert found.time == expected
    assert found.time.utcoffset() == expected.utcoffset()
    assert found.assumed == assumed
    if written is not None:
        assert text[found.span[0] : found.span[1]] == written


@pytest.mark.parametrize(
    ("text", "offset_minutes"),
    [
        ("14:32 PST", -480),
        ("14:32 PDT", -420),
        ("14:32 EST", -300),
        ("14:32 CET", 60),
        ("14:32 CEST", 120),
        ("14:32 BST", 60),
        ("14:32 IST", 330),
        ("14:32 UTC+2", 120),
        ("14:32 GMT-5", -300),
        ("14:32 UTC+05:30", 330),
        ("14:32 (CET)", 60),
        ("14:32Z", 0),
    ],
    ids=[
        "pst",
        "pdt",
        "est",
        "cet",
        "cest",
        "bst-british",
        "ist-india",
        "utc-plus",
        "gmt-minus",
        "utc-half-hour",
        "parenthesised",
        "zulu",
    ],
)
def test_zone_on_the_line_wins_over_default(text: str, offset_minutes: int) -> None:
    found = parse_timestamp(text, default_tz=PLUS1, default_date=DAY)
    assert found is not None
    assert found.time.utcoffset() == timedelta(minutes=offset_minutes)
    assert "tz" not in found.assumed


def test_generic_pacific_time_follows_daylight_saving() -> None:
    winter = parse_timestamp("2024-01-15 09:00 PT", default_tz=UTC, default_date=None)
    summer = parse_timestamp("2024-07-15 09:00 PT", default_tz=UTC, default_date=None)
    assert winter is not None and summer is not None
    assert winter.time.utcoffset() == timedelta(hours=-8)
    assert summer.time.utcoffset() == timedelta(hours=-7)


def test_unknown_or_out_of_range_designators_are_not_zones() -> None:
    assert zone_from_designator("+2500") is None
    assert zone_from_designator("INFO") is None


def test_offset_glued_to_a_clock_without_seconds_is_a_range_not_a_zone() -> None:
    found = parse_timestamp("14:32-14:40 checkout down", default_tz=UTC, default_date=DAY)
    assert found is not None
    assert found.time == _at(2024, 2, 15, 14, 32)
    assert found.span == (0, 5)


def test_chat_clock_passing_midnight_rolls_the_date() -> None:
    finder = TimestampFinder(default_tz=UTC, default_date=DAY, mode="notes")
    times = [finder.find_timestamp(line) for line in ("23:52 a", "23:58 b", "00:03 c", "00:11 d")]
    assert [t.time if t else None for t in times] == [
        _at(2024, 2, 15, 23, 52),
        _at(2024, 2, 15, 23, 58),
        _at(2024, 2, 16, 0, 3),
        _at(2024, 2, 16, 0, 11),
    ]


def test_small_backward_jitter_does_not_roll_the_date() -> None:
    finder = TimestampFinder(default_tz=UTC, default_date=DAY, mode="log")
    finder.find_timestamp("14:32:05.120 worker a")
    found = finder.find_timestamp("14:32:04.980 worker b")
    assert found is not None and found.time.date() == DAY


def test_syslog_year_rolls_over_at_new_year() -> None:
    finder = TimestampFinder(default_tz=UTC, default_date=date(2023, 12, 31), mode="log")
    first = finder.find_timestamp("Dec 31 23:59:58 db-1 cron[1]: x")
    second = finder.find_timestamp("Jan  1 00:00:03 db-1 cron[1]: y")
    assert first is not None and second is not None
    assert (first.time.year, second.time.year) == (2023, 2024)


def test_year_closest_to_the_given_date_is_chosen() -> None:
    found = parse_timestamp("Dec 30 10:00:00 h", default_tz=UTC, default_date=date(2024, 1, 2))
    assert found is not None and found.time.year == 2023


def test_date_from_an_earlier_line_dates_later_clocks() -> None:
    finder = TimestampFinder(default_tz=UTC, default_date=None, mode="notes")
    assert finder.find_timestamp("14:00 before any date") is None
    finder.find_timestamp("## Timeline (2024-03-01)")
    found = finder.find_timestamp("14:05 paged")
    assert found is not None and found.time == _at(2024, 3, 1, 14, 5)


def test_numeric_date_order_is_learned_from_an_unambiguous_line() -> None:
    finder = TimestampFinder(default_tz=UTC, default_date=None, mode="log")
    finder.find_timestamp("02/15/2024 14:32:01 us style")
    found = finder.find_timestamp("03/04/2024 09:00:00 ambiguous")
    assert found is not None and found.time.date() == date(2024, 3, 4)


def test_no_time_and_no_date_gives_none() -> None:
    assert parse_timestamp("version 1.2.3 released", default_tz=UTC, default_date=DAY) is None
    assert parse_timestamp("14:32 alice: hi", default_tz=UTC, default_date=None) is None


# Round trips: render random aware datetimes in each layout and read them back exactly.
_ZONES = st.sampled_from(
    [UTC, PLUS1, MINUS7, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-3))]
)
_MOMENTS = st.datetimes(  # hypothesis takes naive bounds and adds the zones itself
    min_value=datetime(2001, 9, 10),  # noqa: DTZ001
    max_value=datetime(2068, 12, 31),  # noqa: DTZ001
    timezones=_ZONES,
)
Render = Callable[[datetime], str]


def _ms(t: datetime) -> str:
    return f"{t.microsecond // 1000:03d}"


_LAYOUTS: list[tuple[str, Render, timedelta]] = [
    ("iso-offset", lambda t: t.isoformat() + " msg", timedelta(microseconds=1)),
    (
        "iso-z",
        lambda t: t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ msg"),
        timedelta(microseconds=1),
    ),
    ("log4j", lambda t: f"{t:%Y-%m-%d %H:%M:%S},{_ms(t)} INFO x", timedelta(milliseconds=1)),
    (
        "java-offset",
        lambda t: f"{t:%Y-%m-%d %H:%M:%S}.{_ms(t)} {t:%z} x",
        timedelta(milliseconds=1),
    ),
    ("syslog", lambda t: f"{t:%b} {t.day:2d} {t:%H:%M:%S} host app[1]: x", timedelta(seconds=1)),
    (
        "clf",
        lambda t: f'1.2.3.4 - - [{t:%d/%b/%Y:%H:%M:%S %z}] "GET /" 200 1',
        timedelta(seconds=1),
    ),
    ("epoch-s", lambda t: f"{int(t.timestamp())} x", timedelta(seconds=1)),
    ("epoch-ms", lambda t: f"{int(t.timestamp() * 1000)} x", timedelta(milliseconds=1)),
    ("hdfs", lambda t: f"{t:%y%m%d %H%M%S} 148 INFO x", timedelta(seconds=1)),
    ("compact", lambda t: f"{t:%Y%m%d-%H:%M:%S}.{_ms(t)} x", timedelta(milliseconds=1)),
    ("dmy", lambda t: f"{t:%d/%m/%Y %H:%M:%S} x", timedelta(seconds=1)),
    ("spark", lambda t: f"{t:%y/%m/%d %H:%M:%S} INFO x", timedelta(seconds=1)),
    ("ctime", lambda t: f"[{t:%a %b %d %H:%M:%S %Y}] [error] x", timedelta(seconds=1)),
    ("logcat", lambda t: f"{t:%m-%d %H:%M:%S}.{_ms(t)}  1 2 D x: y", timedelta(milliseconds=1)),
    ("rfc2822", lambda t: f"{t:%a, %d %b %Y %H:%M:%S %z}", timedelta(seconds=1)),
    ("clock-12h", lambda t: f"[{t:%I:%M %p}] Alice: x", timedelta(minutes=1)),
    ("clock-24h", lambda t: f"{t:%H:%M:%S} bob: x", timedelta(seconds=1)),
]


def _truncate(moment: datetime, precision: timedelta) -> datetime:
    epoch = datetime(1970, 1, 1, tzinfo=moment.tzinfo)
    return moment - (moment - epoch) % precision


@pytest.mark.parametrize(
    ("render", "precision"), [(r, p) for _, r, p in _LAYOUTS], ids=[n for n, _, _ in _LAYOUTS]
)
@settings(max_examples=60, deadline=None)
@given(moment=_MOMENTS)
def test_rendered_times_parse_back_exactly(
    render: Render, precision: timedelta, moment: datetime
) -> None:
    text = render(moment)
    assert moment.tzinfo is not None
    found = parse_timestamp(text, default_tz=moment.tzinfo, default_date=moment.date())
    assert found is not None, text
    assert found.time == _truncate(moment, precision), text
    assert found.time.tzinfo is not None

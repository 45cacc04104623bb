"""What a timestamp match gives before and after inference: the parsed time, the raw fields, the
clock of a match, cached readings of repeated timestamps, two-digit years.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import Any, NamedTuple

from assistant.domain import TimeAssumption
from assistant.ingest.time.formats import TimeFormat


class ParsedTime(NamedTuple):
    """A time found in a text: the aware datetime, what was inferred, and where it was written.

    A named tuple rather than a dataclass: one is built per log line, and this is the fastest.
    """

    time: datetime
    assumed: tuple[TimeAssumption, ...]
    span: tuple[int, int]
    """Start and end offsets of the timestamp in the text (zone and brackets' content included)."""
    layout: str = ""
    """Name of the layout it was written in (``iso``, ``syslog``, ``clock`` ...), if known."""


@dataclass(frozen=True, slots=True)
class _Fields:
    """The parts a layout gave, before inference: None where the line said nothing."""

    year: int | None
    month: int | None
    day: int | None
    clock: time
    tz: tzinfo | None
    drop_tail: bool
    """True when the tail matched but was not a valid zone, so the span ends before it."""


def _clock(groups: dict[str, str | None]) -> time | None:
    """The wall-clock time of the groups, with AM/PM applied; None when out of range."""
    hour, minute = int(groups["H"] or 0), int(groups["M"] or 0)
    second = min(int(groups.get("S") or 0), 59)  # a leap second is read as :59
    marker = groups.get("p")
    if marker and 1 <= hour <= 12:
        pm = marker[0] in "Pp"
        hour = hour % 12 + (12 if pm else 0)
    if hour > 23:
        return None
    return time(hour, minute, second)


_SCALE = (0, 100_000, 10_000, 1_000, 100, 10, 1, 1, 1, 1)
"""Microseconds per unit of the first 6 digits of a fraction of 1 to 9 digits, by its length:
``"123"`` -> ``123 * 1_000``, truncated beyond microseconds."""


_new_tuple = tuple.__new__


class _Cached(NamedTuple):
    """What the last parsed line gave, reused while the next lines repeat its timestamp text."""

    key: tuple[str | Any, ...]
    """The ``base`` and ``tail`` texts of the line: equal texts give the same time."""
    fmt: TimeFormat
    time: datetime
    """The time up to the second, before the fraction is applied."""
    parts: tuple[int, int, int, int, int, int]
    """Year to second of ``time``: building a datetime from them is faster than ``replace``."""
    tz: tzinfo | None
    assumed: tuple[TimeAssumption, ...]
    drop_tail: bool


_Minute = tuple[tuple[int, int, int, int, int], "tzinfo | None", tuple[TimeAssumption, ...]]
"""Year to minute, zone and assumptions of a minute already read."""


def _two_digit_year(text: str) -> int:
    value = int(text)
    return 1900 + value if value >= 70 else 2000 + value


def _year_of(text: str) -> int:
    return int(text) if len(text) == 4 else _two_digit_year(text)

"""Dates and clock times as people write them in a postmortem's prose, headings and timelines.

``find_dates`` finds calendar dates anywhere in a text (``2024-03-12``, ``March 12, 2024``,
``31st July 2018``, ``Sept. 18th, 2017``, ``24-10-2024``, ``01/16/2024``, ``July 15 & 16, 2014``,
``November 11 and November 15, 2025``; a year-less date takes the year given after it in the
same sentence, else ``year``). ``leading_time`` reads the time that *leads* a timeline line:
an optional weekday and date, then a clock (``14:32``, ``8:52 PM``, ``12:50:07``) and an
optional zone (``UTC``, ``PST``, ``(CET)``, ``+02:00``), or a date alone. Pure functions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from assistant.ingest.time.zones import zone_from_designator

_MONTH_NAMES = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<{name}>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR_AFTER = r"(?:,?\s*(?P<{name}>(?:19|20)\d\d)\b)?"
_DATE_SOURCES = (
    ("iso", r"(?P<Y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)"),
    ("mdy", r"(?P<a>[0-3]?\d)[/.-](?P<b>[0-3]?\d)[/.-](?P<Y>(?:19|20)\d\d)(?!\d)"),
    ("yb", r"(?P<Y>(?:19|20)\d\d)\s+" + _MONTH.format(name="mon") + r"\s+(?P<d>[0-3]?\d)" + _ORD
     + r"\b"),  # fmt: skip
    (
        "bd",
        _MONTH.format(name="mon") + r"\s+(?P<d>[0-3]?\d)" + _ORD + r"\b"
        r"(?:\s*(?:&|and|-|–|to)\s*(?:"
        + _MONTH.format(name="mon2")
        + r"\s+)?[0-3]?\d"
        + _ORD
        + r"\b)?"
        + _YEAR_AFTER.format(name="Y"),
    ),
    (
        "db",
        r"(?P<d>[0-3]?\d)"
        + _ORD
        + r"(?:\s+of)?\s+"
        + _MONTH.format(name="mon")
        + r"(?![a-z])"
        + _YEAR_AFTER.format(name="Y"),
    ),  # fmt: skip
)
_DATE = re.compile(
    "|".join(
        f"(?P<{name}>{_WEEKDAY}{pattern.replace('(?P<', f'(?P<{name}_')})"
        for name, pattern in _DATE_SOURCES
    ),  # fmt: skip
    re.IGNORECASE,
)
_LATER_YEAR = re.compile(r"^[^.;\n]{0,60}?\b((?:19|20)\d\d)\b")
_CLOCK = re.compile(
    r"(?P<h>[012]?\d):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d)(?:\.\d+)?)?"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?)(?![a-z]))?",
    re.IGNORECASE,
)
_ZONE_AFTER = re.compile(
    r"\s*\(?(?P<zone>Z\b|UTC(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?|GMT(?:[+-]\d{1,2})?|[A-Za-z]{2,5}\b"
    r"|[+-]\d\d:?\d\d\b)\)?"
)
_RANGE_END = re.compile(
    r"\s*(?:-|–|—|to|until)\s*[012]?\d:[0-5]\d(?::[0-5]\d)?(?:\s*[ap]\.?m\.?)?", re.IGNORECASE
)
_HOUR_ONLY = re.compile(r"(?P<h>1[0-2]|0?[1-9])\s*(?P<ampm>[ap]\.?m\.?)(?![a-z])"
                        r"(?:\s*\(?(?P<zone>UTC|GMT|[A-Z]{2,5}\b)\)?)?", re.IGNORECASE)  # fmt: skip
_LEAD_JUNK = re.compile(r"[\s>*_`~\\\[\](){}|:.,#-]*")
_LEAD_WORD = re.compile(
    r"(?:(?:at|on|around|approx\.?|approximately|circa|from|by|since|until|as\s+of)\s+|~\s*)", re.I
)
_BETWEEN = re.compile(
    r"\s*(?:[,/@T:]|at|-|–|—)?\s*(?:(?:at|around|approx\.?|~)\s+)?", re.IGNORECASE
)
_AFTER = re.compile(r"\s*(?:\)|\*+|_+|`)*\s*(?:[-–—:|>,.]+\s*)?")
_NOT_ZONES = frozenset({"AM", "PM", "THE", "AND", "TO", "WE", "A", "AN", "ON", "AT", "IN", "OF"})


@dataclass(frozen=True)
class FoundDate:
    """A date written in a text, with where it was written."""

    date: dt.date
    start: int
    end: int
    has_year: bool


@dataclass(frozen=True)
class LeadingTime:
    """The time a timeline line starts with."""

    date: dt.date | None
    """The date written before the clock (or alone), if any."""
    hour: int | None
    minute: int | None
    zone: dt.tzinfo | None
    """The zone written after the clock, if any."""
    end: int
    """Offset in the line where the entry's own text begins."""
    span: int
    """Offset just after the date/clock/zone."""
    prose: bool = False
    """True when a word leads the time (``At 14:32 UTC, ...``, ``By Nov 14, ...``)."""

    @property
    def has_clock(self) -> bool:
        return self.hour is not None


def _month(name: str | None) -> int | None:
    return _MONTH_NAMES.get((name or "")[:3].lower())


def _date_of(match: re.Match[str], year: int | None, text: str) -> tuple[dt.date, bool] | None:
    """The date of one ``_DATE`` match (None when it is no real date)."""
    g = match.groupdict()
    has_year = True
    try:
        if g.get("iso"):
            return dt.date(int(g["iso_Y"]), int(g["iso_m"]), int(g["iso_d"])), True
        if g.get("mdy"):
            a, b, y = int(g["mdy_a"]), int(g["mdy_b"]), int(g["mdy_Y"])
            month, day = (a, b) if a <= 12 else (b, a)
            return dt.date(y, month, day), True
        if g.get("yb"):
            return dt.date(int(g["yb_Y"]), _month(g["yb_mon"]) or 0, int(g["yb_d"])), True
        for name in ("bd", "db"):
            if g.get(name):
                month_number = _month(g[f"{name}_mon"])
                found_year = g.get(f"{name}_Y")
                if found_year is None:
                    later = _LATER_YEAR.match(text, match.end())
                    found_year = later.group(1) if later else None
                if found_year is None:
                    has_year = False
                    if year is None:
                        return None
                return dt.date(
                    int(found_year or year or 0), month_number or 0, int(g[f"{name}_d"])
                ), (has_year)
    except ValueError:
        return None
    return None


def find_dates(text: str, *, year: int | None = None) -> list[FoundDate]:
    """Every calendar date written in ``text``, in order."""
    found = []
    for match in _DATE.finditer(text):
        if match.start() > 0 and (text[match.start() - 1].isalnum()):
            continue
        got = _date_of(match, year, text)
        if got is not None:
            found.append(FoundDate(got[0], match.start(), match.end(), got[1]))
    return found


def first_year(text: str) -> int | None:
    """The first year written in ``text`` (as part of a date or alone, 1990-2099)."""
    match = re.search(r"(?<!\d)(199\d|20\d\d)(?!\d)", text)
    return int(match.group(1)) if match else None


_ZONE_WORDS = {
    "pacific": "PT", "eastern": "ET", "central": "CT", "mountain": "MT", "utc": "UTC",
    "gmt": "GMT", "zulu": "UTC",
}  # fmt: skip


def zone_named(text: str) -> dt.tzinfo | None:
    """The zone a designator names (``UTC``, ``PST``, ``UTC+2``, ``+02:00``, ``Pacific``)."""
    value = text.strip().strip("()").strip()
    word = _ZONE_WORDS.get(value.lower().removesuffix(" time").strip())
    if word is not None:
        value = word
    if not value or value.upper() in _NOT_ZONES:
        return None
    compact = re.sub(r"\s+", "", value)
    offset = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d\d)?", compact, re.IGNORECASE)
    if offset:
        sign = 1 if offset.group(1) == "+" else -1
        minutes = int(offset.group(2)) * 60 + int(offset.group(3) or 0)
        return dt.timezone(dt.timedelta(minutes=sign * minutes))
    if not value.isupper() and value.upper() not in ("UTC", "GMT", "Z"):
        return None
    return zone_from_designator(value.upper())


_ZONE_STATED = re.compile(
    r"\b(?i:all\s+)?(?i:times?)\b[^.\n]{0,30}?\b(?i:in|are|is)\s+\(?(?i:the\s+)?"
    r"(?P<a>[A-Z][A-Za-z]{1,7}(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?)\b"
    r"|\((?i:all\s+)?(?i:times?\s+(?:in\s+|are\s+)?)?(?P<b>[A-Z]{2,5}(?:\s*[+-]\s*\d{1,2})?"
    r"|Pacific|Eastern|Central|Mountain)(?i:\s+time)?\s*\)"
    r"|\b(?i:all\s+)?(?i:times?)\s+(?i:in\s+)?(?P<c>[A-Z]{2,5})\b",
)


def stated_zone(text: str) -> dt.tzinfo | None:
    """The zone a note or heading states for the times under it (``All times in IST``,
    ``Timeline (times in BST)``, ``(all times PST )``, ``Timeline (CET)``, ``Time (UTC)``)."""
    for match in _ZONE_STATED.finditer(text):
        name = match.group("a") or match.group("b") or match.group("c")
        zone = zone_named(name) if name else None
        if zone is not None:
            return zone
    return None


def leading_time(line: str, *, year: int | None = None) -> LeadingTime | None:
    """The date and/or clock a timeline line starts with, or None when it starts otherwise.

    ``year`` is given to year-less dates (``Oct 30``). A clock range (``17:00-18:00``) gives its
    start. A date alone counts (``2021-08-17: bounty report``) with ``hour`` None.
    """
    junk = _LEAD_JUNK.match(line)
    pos = junk.end() if junk else 0
    if pos > 8:
        return None
    word = _LEAD_WORD.match(line, pos)
    prose = word is not None
    if word is not None:
        pos = word.end()
    date: dt.date | None = None
    date_match = _DATE.match(line, pos)
    if date_match is not None:
        got = _date_of(date_match, year, line)
        if got is not None:
            date = got[0]
            pos = date_match.end()
            between = _BETWEEN.match(line, pos)
            pos = between.end() if between else pos
    if date is None:
        weekday = re.compile(_WEEKDAY, re.IGNORECASE).match(line, pos)
        pos = weekday.end() if weekday else pos
    clock = _CLOCK.match(line, pos)
    hour = minute = None
    zone = None
    end = pos
    if clock is not None and int(clock.group("h")) <= 24:
        hour = _twelve_hour(int(clock.group("h")), clock.group("ampm"))
        minute = int(clock.group("m"))
        if hour is None:
            return None
        end = clock.end()
        span_end = _RANGE_END.match(line, end)
        if span_end:
            end = span_end.end()
        named = _ZONE_AFTER.match(line, end)
        if named and (zone := zone_named(named.group("zone"))) is not None:
            end = named.end()
        if date is None:  # a date written after the clock: "12:45 PM PST Saturday Oct 30th:"
            gap = _BETWEEN.match(line, end)
            later = _DATE.match(line, gap.end() if gap else end)
            if later is not None and (got := _date_of(later, year, line)) is not None:
                date, end = got[0], later.end()
    elif (hour_only := _HOUR_ONLY.match(line, pos)) is not None:
        hour = _twelve_hour(int(hour_only.group("h")), hour_only.group("ampm"))
        minute = 0
        if hour_only.group("zone"):
            zone = zone_named(hour_only.group("zone"))
        end = hour_only.end() if zone is not None else hour_only.end("ampm")
    elif date is None:
        return None
    span = end
    after = _AFTER.match(line, end)
    end = after.end() if after else end
    if date is None and hour is None:
        return None
    return LeadingTime(date, hour, minute, zone, end, span, prose)


def _twelve_hour(hour: int, ampm: str | None) -> int | None:
    if ampm is None:
        return hour if hour < 24 else (0 if hour == 24 else None)
    if hour > 12:
        return hour if hour < 24 else None  # "13:55 PM": a 24-hour clock with a stray PM
    if hour == 0:
        return 0
    pm = ampm.lower().startswith("p")
    return (hour % 12) + (12 if pm else 0)

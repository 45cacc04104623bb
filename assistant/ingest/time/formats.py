"""The timestamp layouts the parser knows, as compiled regular expressions.

Each layout is one ``TimeFormat``: a pattern with named groups that ``timeparse`` turns into a
datetime. Group names are shared across layouts so one builder reads them all:

``base`` the date and time up to the seconds (the cache key of a line), ``Y`` four-digit year,
``y`` two-digit year, ``m`` month number, ``b`` month name, ``d`` day, ``a``/``b2``/``c`` the three
numbers of a slashed or dotted date whose order is decided later, ``H``/``M``/``S`` clock, ``f``
fraction of a second, ``p`` AM/PM, ``z``/``z2`` zone, ``e``/``ems`` epoch seconds and milliseconds,
``tail`` everything after the fraction (AM/PM and zone).

Layouts are general shapes, not systems: ISO-8601/RFC 3339 and its ``/``/``.`` variants, compact
``yyyyMMdd-HHmmss``, ``dd/Mon/yyyy:HH:mm:ss`` (common log format) and ``15 Feb 2024 14:32``,
``Feb 15, 2024 2:32 PM``, ctime ``Thu Feb 15 14:32:01 2024``, slashed/dotted numeric dates,
``yyMMdd HHmmss``, syslog ``Feb 15 14:32:01`` (no year), ``MM-dd``/``MM.dd HH:mm:ss`` (no year),
glog ``I0215 14:32:01.123456``, epoch seconds or milliseconds, and a bare clock ``14:32``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.time.zones import ABBREVIATION_PATTERN

MONTHS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}

_MON = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])"
)
_DOW = r"(?i:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?"
_YEAR4 = r"(?:19[7-9]|20\d)\d"
_TIME = r"(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d|60))?"
_TIME_S = r"(?P<H>[0-2]?\d):(?P<M>[0-5]\d):(?P<S>[0-5]\d|60)"
_FRAC = r"(?:[.,](?P<f>\d{1,9}))?(?!\d)"
_ZONE_WORD = (
    r"(?:[+-]\d{2}:?\d{2}|(?:UTC|GMT)(?:\s?[+-]\d{1,2}(?::?\d{2})?)?"
    rf"|{ABBREVIATION_PATTERN})"
)
_TAIL = (
    r"(?P<tail>(?:\s?(?P<p>[AaPp]\.?[Mm]\.?)(?![A-Za-z]))?"
    r"(?:(?P<z>Z|[+-]\d{2}(?::?\d{2})?)(?![\w:])"
    rf"|\s{{1,2}}\(?(?P<z2>{_ZONE_WORD})\)?(?![\w:]))?)"
)
_LEAD = r"[\[(<{\s]{0,3}"
_EPOCH = (
    r"(?P<base>(?P<e>9\d{8}|[1-3]\d{9})(?:(?P<ems>\d{3}(?:\d{3}){0,2})|\.(?P<f>\d{1,9}))?)"
    r"(?![\d.:])(?P<tail>)"
)
"""Seconds since 1970 from 1998 to 2065, bare (ten digits) or with milli-, micro- or
nanoseconds appended (13, 16, 19 digits) or a decimal fraction."""
"""What may precede a timestamp at the start of a line: brackets and indentation."""


@dataclass(frozen=True, slots=True, eq=False)
class TimeFormat:
    """One timestamp layout: its patterns and what it carries."""

    name: str
    search: re.Pattern[str]
    """Finds the layout anywhere in a line."""
    anchored: re.Pattern[str]
    """Matches the layout at the start of a line (after brackets or indentation)."""
    line_start_only: bool
    """Too ambiguous to look for in the middle of a line (``081109 203615``, epoch numbers)."""
    has_date: bool
    """False for a bare clock, whose date comes from the context."""
    has_year: bool = True
    """False when the layout writes no year (syslog ``Feb 15 14:32:01``, a bare clock)."""
    epoch: bool = False
    """True for a count of seconds (or milli-, micro-, nanoseconds) since 1970."""
    key_groups: tuple[str, ...] = ("base", "tail")
    """Groups whose texts decide the time: a line repeating them repeats the time."""
    shape: str = ""
    """The layout as a pattern a reader knows (``yyyy-MM-dd HH:mm:ss``), for ``--explain``."""


def _format(
    name: str,
    body: str,
    shape: str,
    *,
    line_start_only: bool = False,
    has_date: bool = True,
    epoch: bool = False,
) -> TimeFormat:
    has_year = epoch or any(f"(?P<{g}>" in body for g in ("Y", "y", "c"))
    return TimeFormat(
        name=name,
        search=re.compile(body),
        anchored=re.compile(_LEAD + body),
        line_start_only=line_start_only,
        has_date=has_date,
        has_year=has_year,
        epoch=epoch,
        shape=shape,
    )


FORMATS: tuple[TimeFormat, ...] = (
    _format(
        "iso",
        rf"(?P<base>(?<!\d)(?P<Y>{_YEAR4})(?P<s1>[-/.])(?P<m>[01]?\d)(?P=s1)(?P<d>[0-3]?\d)"
        rf"(?:T|[ _]+|-|,\s*|\s+at\s+){_TIME}){_FRAC}{_TAIL}",
        "yyyy-MM-dd HH:mm:ss[.f][zone]",
    ),
    _format(
        "iso_dotted",
        rf"(?P<base>(?<!\d)(?P<Y>{_YEAR4})(?P<s1>[-/.])(?P<m>[01]?\d)(?P=s1)(?P<d>[0-3]?\d)"
        r"[-T_ ](?P<H>[0-2]\d)\.(?P<M>[0-5]\d)\.(?P<S>[0-5]\d))(?:[.,](?P<f>\d{1,9}))?(?![\d.])"
        + _TAIL,
        "yyyy-MM-dd-HH.mm.ss[.f]",
    ),
    _format(
        "compact_colon",
        rf"(?P<base>(?<!\d)(?P<Y>{_YEAR4})(?P<m>[01]\d)(?P<d>[0-3]\d)[-T_ ]"
        r"(?P<H>[0-2]?\d):(?P<M>[0-5]?\d):(?P<S>[0-5]?\d))(?:[.,:](?P<f>\d{1,9}))?(?![\d:])"
        + _TAIL,
        "yyyyMMdd-H:m:s[:SSS]",
    ),
    _format(
        "compact",
        rf"(?P<base>(?<!\d)(?P<Y>{_YEAR4})(?P<m>[01]\d)(?P<d>[0-3]\d)[-T_ ]"
        r"(?P<H>[0-2]\d):?(?P<M>[0-5]\d):?(?P<S>[0-5]\d))(?:[.,:](?P<f>\d{1,9}))?(?!\d)" + _TAIL,
        "yyyyMMdd-HHmmss",
    ),
    _format(
        "ctime",
        rf"(?P<base>{_DOW},?\s+(?P<b>{_MON})\s+(?P<d>[0-3]?\d)\s+{_TIME_S}"
        rf"(?:\.(?P<f>\d{{1,9}}))?(?:\s+(?P<z2>{_ZONE_WORD}))?\s+(?P<Y>{_YEAR4}))(?!\d)(?P<tail>)",
        "EEE MMM d HH:mm:ss[.f] yyyy",
    ),
    _format(
        "day_month_name",
        rf"(?P<base>(?<![\d])(?P<d>[0-3]?\d)[/ -](?P<b>{_MON})\.?[/ -]"
        rf"(?P<Y>{_YEAR4})(?::|,?\s+|\s+at\s+){_TIME}){_FRAC}{_TAIL}",
        "dd/MMM/yyyy:HH:mm:ss[.f] [zone]",
    ),
    _format(
        "month_name_year",
        rf"(?P<base>(?P<b>{_MON})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
        rf"(?P<Y>{_YEAR4})(?:,?\s+|\s+at\s+){_TIME}){_FRAC}{_TAIL}",
        "MMM d, yyyy h:mm:ss [a]",
    ),
    _format(
        "numeric_date",
        r"(?P<base>(?<![\d/.:-])(?P<a>\d{1,2})(?P<s2>[/.])(?P<b2>\d{1,2})(?P=s2)(?P<c>\d{4}|\d{2})"
        rf"(?:,?\s+|:|\s+-\s+){_TIME}){_FRAC}{_TAIL}",
        "dd/MM/yyyy, MM/dd/yyyy or yy/MM/dd HH:mm:ss (order read from the file)",
    ),
    _format(
        "yymmdd_hhmmss",
        r"(?P<base>(?P<y>\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)\s(?P<H>[0-2]\d)(?P<M>[0-5]\d)"
        r"(?P<S>[0-5]\d))(?![\d:])(?P<f>)(?P<tail>)",
        "yyMMdd HHmmss",
        line_start_only=True,
    ),
    _format(
        "syslog",
        rf"(?P<base>(?<![\w])(?P<b>{_MON})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+{_TIME})"
        rf"{_FRAC}{_TAIL}",
        "MMM d HH:mm:ss (no year)",
    ),
    _format(
        "day_month",
        rf"(?P<base>(?<![\w:.])(?P<d>[0-3]?\d)[ -](?P<b>{_MON})\.?[ -]{_TIME_S}){_FRAC}{_TAIL}",
        "d MMM HH:mm:ss (no year)",
    ),
    _format(
        "month_day",
        rf"(?P<base>(?<![\d/.:-])(?P<m>[01]\d)[-.](?P<d>[0-3]\d)\s+{_TIME_S}){_FRAC}{_TAIL}",
        "MM-dd HH:mm:ss (no year)",
    ),
    _format(
        "glog",
        rf"(?P<base>[IWEFD](?P<m>[01]\d)(?P<d>[0-3]\d)\s+{_TIME_S}){_FRAC}{_TAIL}",
        "LMMdd HH:mm:ss.f (glog, no year)",
        line_start_only=True,
    ),
    _format(
        "epoch",
        _EPOCH,
        "epoch seconds[.f] or ms/us/ns",
        line_start_only=True,
        epoch=True,
    ),
    _format(
        "clock",
        rf"(?P<base>(?<![\d:.,/])(?P<H>[0-2]?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?)"
        rf"{_FRAC}(?![:]){_TAIL}",
        "HH:mm[:ss] (date from the context)",
        has_date=False,
    ),
)


_TRAILING_WEEKDAY = re.compile(rf"(?:^|(?<=\s)){_DOW},?\s*$")


def strip_weekday(before: str) -> str:
    """The text before a timestamp without the weekday that opens it (``Thu, 15 Feb ...``)."""
    return _TRAILING_WEEKDAY.sub("", before)


def _unnamed(body: str) -> str:
    """A pattern without group names or back-references, to join patterns in one alternation."""
    body = re.sub(r"\(\?P=s1\)", "[-/.]", body)
    body = re.sub(r"\(\?P=s2\)", "[/.]", body)
    return re.sub(r"\(\?P<\w+>", "(?:", body)


ANY_ANCHORED = re.compile("|".join(f"(?:{_unnamed(fmt.anchored.pattern)})" for fmt in FORMATS))
"""Matches where any layout matches at the line start: one call rules them all out."""

DATE_ONLY: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?<!\d)(?P<Y>{_YEAR4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d:])"),
    re.compile(rf"(?<!\w)(?P<b>{_MON})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<Y>{_YEAR4})\b"),
    re.compile(rf"(?<!\d)(?P<d>[0-3]?\d)\s+(?P<b>{_MON})\.?,?\s+(?P<Y>{_YEAR4})\b"),
)
"""A date with no clock (``2024-02-15``, ``Feb 15, 2024``): sets the date of later bare clocks."""

EPOCH_COLUMN = _format(
    "epoch", r"(?<![\w.:/+-])" + _EPOCH, "epoch seconds[.f] or ms/us/ns", epoch=True
)
"""An epoch anywhere on the line, as one column: only used when a file's layout puts it there."""

DATE_SPANS: tuple[re.Pattern[str], ...] = (
    re.compile(
        rf"(?<![\w.:/-])(?P<Y>{_YEAR4})(?P<s1>[-/.])(?P<m>[01]?\d)(?P=s1)(?P<d>[0-3]?\d)(?![\w:])"
    ),
)
"""A date standing as a column of its own (``2024.02.15``), to give the year to a time apart."""

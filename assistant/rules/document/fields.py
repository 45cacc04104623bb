"""Single values a postmortem writes in words: severity, dates, minutes, time ranges, labels.

Used by the Markdown reader for header fields (``**Severity:** SEV2``, ``Date: March 12, 2024``,
``Duration: 14:02-15:17 UTC``) and by its section readers. Pure functions; times come back
timezone-aware.

Severity levels follow the one table in ``assistant/rules/severity.py`` (P0 the most severe;
``SEV0``/``SEV1`` are P0, then one P step per SEV step). Beyond it this module reads:

=====================  ======
written                P-level
=====================  ======
``S1``..``S5`` / bare  as SEV1..SEV5 (a bare ``0``/``1`` is P0)
critical, blocker,     P0
emergency
high, major, severe    P1
medium, moderate,      P2
significant
low, minor             P3
info, informational,   P4
trivial, negligible
=====================  ======
"""

from __future__ import annotations

import datetime as dt
import re

from assistant.domain import Severity
from assistant.ingest.time.fields import ParsedTime
from assistant.ingest.time.formats import DATE_ONLY, MONTHS
from assistant.ingest.time.parse import parse_timestamp
from assistant.rules.severity import SEV_TO_P

_P_LEVEL = re.compile(r"\bP\s?([0-4])\b", re.IGNORECASE)
_SEV_LEVEL = re.compile(r"\b(?:SEV(?:ERITY)?|S)[\s\-_]?([0-5])\b", re.IGNORECASE)
_BARE_LEVEL = re.compile(r"^\s*([0-5])\s*(?:$|[(\-–—:,])")
_SEVERITY_WORDS: tuple[tuple[Severity, re.Pattern[str]], ...] = (
    ("P0", re.compile(r"\b(critical|blocker|emergency|catastrophic)\b", re.IGNORECASE)),
    ("P1", re.compile(r"\b(high|major|severe)\b", re.IGNORECASE)),
    ("P2", re.compile(r"\b(medium|moderate|significant)\b", re.IGNORECASE)),
    ("P3", re.compile(r"\b(low|minor)\b", re.IGNORECASE)),
    ("P4", re.compile(r"\b(info|informational|trivial|negligible|lowest)\b", re.IGNORECASE)),
)

_MINUTES = re.compile(
    r"^\s*(?:(?P<h>\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\b\s*,?\s*(?:and\s+)?)?"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*(?:m|mins?|minutes?)?\b)?\s*\.?\s*$",
    re.IGNORECASE,
)
_CLOCK_DURATION = re.compile(r"^\s*(\d{1,2}):([0-5]\d)\s*(?:h|hours?)?\s*$", re.IGNORECASE)
_RANGE_SPLIT = re.compile(
    r"\s+(?:to|until|till|through)\s+|\s*[–—]\s*|\s+-\s+|(?<=\d)-(?=\d{1,2}:\d{2})", re.IGNORECASE
)
_PARENTHESES = re.compile(r"\([^()]*\)")
_UNKNOWN = re.compile(r"^\s*(unknown|\?+|tbd|n/?a|ongoing|-+)?\s*(utc)?\s*$", re.IGNORECASE)


def parse_severity(text: str) -> Severity | None:
    """The P0-P4 severity written in ``text`` (``P1``, ``SEV2``, ``Sev 1``, ``critical``)."""
    match = _P_LEVEL.search(text)
    if match:
        return f"P{match.group(1)}"  # type: ignore[return-value]  # digit 0-4 checked by regex
    match = _SEV_LEVEL.search(text) or _BARE_LEVEL.match(text)
    if match:
        return SEV_TO_P[int(match.group(1))]
    for severity, pattern in _SEVERITY_WORDS:
        if pattern.search(text):
            return severity
    return None


def parse_date(text: str) -> dt.date | None:
    """The first calendar date in ``text`` (``2024-03-12``, ``March 12, 2024``, ``12 Mar 2024``)."""
    best: tuple[int, dt.date] | None = None
    for pattern in DATE_ONLY:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        name = (groups.get("b") or "")[:3].lower()
        month = int(groups["m"]) if groups.get("m") else MONTHS.get(name)
        try:
            found = dt.date(int(groups["Y"]), month or 0, int(groups["d"]))
        except ValueError:
            continue
        if best is None or match.start() < best[0]:
            best = (match.start(), found)
    return best[1] if best else None


def parse_minutes(text: str) -> float | None:
    """Minutes written as ``75``, ``75 min``, ``1h 15m``, ``1 hour 15 minutes`` or ``1:15``."""
    clock = _CLOCK_DURATION.match(text)
    if clock:
        return float(int(clock.group(1)) * 60 + int(clock.group(2)))
    match = _MINUTES.match(text)
    if match is None or (match.group("h") is None and match.group("m") is None):
        return None
    return float(match.group("h") or 0) * 60 + float(match.group("m") or 0)


def parse_time(
    text: str, *, default_tz: dt.tzinfo, default_date: dt.date | None
) -> ParsedTime | None:
    """The time written in ``text``, or None (also for ``unknown``/``?`` placeholders)."""
    if _UNKNOWN.match(text):
        return None
    return parse_timestamp(text, default_tz=default_tz, default_date=default_date)


def parse_time_range(
    text: str, *, default_tz: dt.tzinfo, default_date: dt.date | None
) -> tuple[dt.datetime | None, dt.datetime | None] | None:
    """``(start, end)`` of ``14:02 to 15:17 UTC``, ``14:02-15:17``, ``2024-03-12 23:40 - 01:10``.

    A zone written only once (``14:02-15:17 UTC``) applies to both ends; an end without a date
    takes the start's date and rolls to the next day when it would come before the start.
    None when ``text`` holds no range.
    """
    plain = _PARENTHESES.sub(" ", text)
    parts = _RANGE_SPLIT.split(plain, maxsplit=1)
    if len(parts) != 2:
        return None
    zone = re.search(r"\b(UTC|GMT|Z)\b|[+-]\d{2}:?\d{2}\b", parts[1])
    first = parts[0] if zone is None or zone.group(0) in parts[0] else f"{parts[0]} {zone.group(0)}"
    start = parse_time(first, default_tz=default_tz, default_date=default_date)
    end_date = start.time.astimezone(dt.UTC).date() if start else default_date
    end = parse_time(parts[1], default_tz=default_tz, default_date=end_date)
    if start is None and end is None:
        return None
    start_time = start.time if start else None
    end_time = end.time if end else None
    if start_time and end_time and end and "date" in end.assumed and end_time < start_time:
        end_time += dt.timedelta(days=1)
    return start_time, end_time


def is_placeholder(text: str) -> bool:
    """True for values that say nothing: empty, ``-``, ``TBD``, ``N/A``, ``_To fill in._``."""
    value = text.strip()
    if len(value) > 2 and value[0] == value[-1] and value[0] in "_*":
        value = value.strip(value[0]).strip()
    value = value.lower().rstrip(".") if len(value) > 1 else value
    return value in {"", "-", "--", "—", "n/a", "na", "tbd", "none", "?", "to fill in", "unknown"}

"""Read the due date of an action item as people write it, and its horizon.

Absolute dates (``2024-03-01``, ``March 1, 2024``, ``1 Mar``) and relative ones (``in 2 weeks``,
``next sprint``, ``by Friday``, ``end of quarter``, ``Q3``) are resolved against the incident date.
A relative date with no incident date, or a date that can be read two ways (``03/04/2024``), is
left unresolved and described in ``DueReading.note`` so the review can flag it instead of
guessing. Pure functions: the incident date is passed in, the clock is never read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from assistant.domain import Horizon

SPRINT_DAYS = 14
"""Length assumed for "next sprint"; the reading says so in its note."""

_MONTHS = {
    name.lower(): index
    for index in range(1, 13)
    for name in (calendar.month_name[index], calendar.month_abbr[index])
}
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
_WEEKDAY_RE = "|".join(_WEEKDAYS) + "|mon|tue|tues|wed|thu|thur|thurs|fri"
_WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "a couple of": 2, "a few": 3,
}  # fmt: skip
_NUM = r"(\d{1,3}|a couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_UNIT_DAYS = {"day": 1, "week": 7, "sprint": SPRINT_DAYS, "month": 30, "quarter": 91}

_ISO = re.compile(r"\b(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})[/.](\d{1,2})[/.](20\d\d|\d\d)(?![\d/])")
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(20\d\d))?", re.IGNORECASE
)
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?\b(?:,?\s+(20\d\d))?",
    re.IGNORECASE,
)
_IN_N = re.compile(
    rf"\b(?:in|within|next|over\s+the\s+next)\s+{_NUM}\s*(day|week|sprint|month|quarter)s?\b"
    rf"|\b{_NUM}\s*(day|week|sprint|month|quarter)s?\s+(?:from\s+now|out|after)\b",
    re.IGNORECASE,
)
_QUARTER = re.compile(r"\b(?:end\s+of\s+)?Q([1-4])(?:\s*'?(20\d\d|\d\d))?\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b(?:by|on|before|until|due|this|next)\s+({_WEEKDAY_RE})\b", re.IGNORECASE)
_END_OF = re.compile(
    r"\b(?:by\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?|this\s+)(week|month|quarter|year|sprint)\b"
    r"|\b(EOD|EOW|EOM|EOQ|EOY)\b",
    re.IGNORECASE,
)
_NEXT = re.compile(r"\bnext\s+(week|sprint|month|quarter|year)\b", re.IGNORECASE)
_DAY_WORD = re.compile(r"\b(today|tonight|tomorrow)\b", re.IGNORECASE)
_VAGUE = re.compile(
    r"\b(asap|a\.s\.a\.p\.?|soon|immediately|right\s+away|urgent(?:ly)?|later|eventually|"
    r"some\s*day|when\s+possible|when\s+time\s+permits|ongoing|backlog)\b",
    re.IGNORECASE,
)
_IMMEDIATE_WORDS = re.compile(
    r"\b(asap|immediately|right\s+away|urgent(?:ly)?|immediate|hotfix)\b", re.IGNORECASE
)
_HORIZON_WORDS: tuple[tuple[Horizon, re.Pattern[str]], ...] = (
    ("immediate", re.compile(r"\b(immediate(ly)?|0\s*-\s*7\s*days?|this\s+week)\b", re.I)),
    (
        "short_term",
        re.compile(r"\bshort[\s-]*term\b|\b1\s*-\s*4\s*weeks?\b|\bnear[\s-]term\b", re.I),
    ),
    ("long_term", re.compile(r"\b(long[\s-]*term|1\s*-\s*3\s*months?|strategic)\b", re.I)),
)


@dataclass(frozen=True)
class DueReading:
    """What the text says about when an item is due.

    ``due`` is set only when the date is unambiguous. ``days`` is the offset from the incident
    date when the text gives one (``in 2 weeks`` -> 14), known even without an incident date.
    ``note`` explains an assumption or why a stated date was left unresolved.
    """

    due: dt.date | None = None
    phrase: str | None = None
    days: int | None = None
    note: str | None = None
    vague: bool = False
    unresolved: bool = False


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts do not form one (February 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _full_year(text: str) -> int:
    """``24`` -> 2024; four-digit years pass through."""
    year = int(text)
    return year + 2000 if year < 100 else year


def _end_of_month(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _end_of_quarter(year: int, quarter: int) -> dt.date:
    """The last day of a calendar quarter (1-4)."""
    return _end_of_month(year, quarter * 3)


def _next_on_or_after(anchor: dt.date, month: int, day: int) -> dt.date | None:
    """The first ``month``/``day`` on or after ``anchor`` (a date written without its year)."""
    for year in (anchor.year, anchor.year + 1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate >= anchor:
            return candidate
    return None


def _count(word: str) -> int:
    """A number written as digits or words."""
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _unresolved(phrase: str, days: int | None = None) -> DueReading:
    """A relative date that needs the incident date to become a date."""
    return DueReading(
        phrase=phrase,
        days=days,
        unresolved=True,
        note=f"'{phrase}' is relative and no incident date was given to resolve it",
    )


def _relative(
    phrase: str, anchor: dt.date | None, days: int, note: str | None = None
) -> DueReading:
    """A reading ``days`` after the incident date (unresolved without one)."""
    if anchor is None:
        return _unresolved(phrase, days)
    return DueReading(due=anchor + dt.timedelta(days=days), phrase=phrase, days=days, note=note)


def _anchored(phrase: str, anchor: dt.date | None, due: dt.date | None) -> DueReading:
    """A reading whose date was computed from the anchor (None when it could not be)."""
    if anchor is None or due is None:
        return _unresolved(phrase)
    return DueReading(due=due, phrase=phrase, days=(due - anchor).days)


def _absolute(match: re.Match[str], anchor: dt.date | None) -> DueReading | None:
    """ISO and month-name dates."""
    phrase = match.group(0)
    if match.re is _ISO:
        due = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return DueReading(due=due, phrase=phrase) if due else None
    if match.re is _MONTH_DAY:
        month, day, year = _MONTHS[match.group(1).lower()], int(match.group(2)), match.group(3)
    else:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2).lower()], match.group(3)
    if year:
        due = _safe_date(int(year), month, day)
        return DueReading(due=due, phrase=phrase) if due else None
    if anchor is None:
        return DueReading(
            phrase=phrase, unresolved=True, note=f"'{phrase}' has no year and no incident date"
        )
    return _anchored(phrase, anchor, _next_on_or_after(anchor, month, day))


def _slashed(match: re.Match[str]) -> DueReading | None:
    """``14/03/2024`` or ``3/14/24``; both orders possible -> unresolved."""
    first, second, year = int(match.group(1)), int(match.group(2)), _full_year(match.group(3))
    phrase = match.group(0)
    if first > 12 or second > 12:
        day, month = (first, second) if first > 12 else (second, first)
        due = _safe_date(year, month, day)
        return DueReading(due=due, phrase=phrase) if due else None
    if first == second:
        due = _safe_date(year, first, second)
        return DueReading(due=due, phrase=phrase) if due else None
    return DueReading(
        phrase=phrase, unresolved=True, note=f"'{phrase}' reads as day/month or month/day"
    )


def _read_end_of(unit: str, phrase: str, anchor: dt.date | None) -> DueReading:
    """"end of week/month/quarter/year/sprint" and EOW-style abbreviations."""
    unit = {"eod": "day", "eow": "week", "eom": "month", "eoq": "quarter", "eoy": "year"}.get(
        unit.lower(), unit.lower()
    )
    if unit == "sprint":
        return _relative(phrase, anchor, SPRINT_DAYS, f"'{phrase}' read as {SPRINT_DAYS} days")
    if anchor is None:
        days = {"day": 0, "week": 7}.get(unit)
        return _unresolved(phrase, days)
    if unit == "day":
        due = anchor
    elif unit == "week":
        due = anchor + dt.timedelta(days=(4 - anchor.weekday()) % 7)
    elif unit == "month":
        due = _end_of_month(anchor.year, anchor.month)
    elif unit == "quarter":
        due = _end_of_quarter(anchor.year, (anchor.month - 1) // 3 + 1)
    else:
        due = dt.date(anchor.year, 12, 31)
    return _anchored(phrase, anchor, due)


def _read_next(unit: str, phrase: str, anchor: dt.date | None) -> DueReading:
    """"next week/sprint/month/quarter/year": the end of that period."""
    unit = unit.lower()
    if unit in ("week", "sprint"):
        days = 7 if unit == "week" else SPRINT_DAYS
        note = f"'{phrase}' read as {days} days" if unit == "sprint" else None
        return _relative(phrase, anchor, days, note)
    if anchor is None:
        return _unresolved(phrase)
    if unit == "month":
        year, month = divmod(anchor.year * 12 + anchor.month, 12)
        month += 1
        return _anchored(phrase, anchor, _end_of_month(year, month))
    if unit == "quarter":
        quarter = (anchor.month - 1) // 3 + 2
        year = anchor.year + (quarter > 4)
        return _anchored(phrase, anchor, _end_of_quarter(year, (quarter - 1) % 4 + 1))
    return _anchored(phrase, anchor, dt.date(anchor.year + 1, 12, 31))


def _read_quarter(match: re.Match[str], anchor: dt.date | None) -> DueReading:
    """``Q3`` or ``Q3 2024``: the last day of that quarter."""
    quarter, year_text, phrase = int(match.group(1)), match.group(2), match.group(0)
    if year_text:
        due = _end_of_quarter(_full_year(year_text), quarter)
        days = (due - anchor).days if anchor else None
        return DueReading(due=due, phrase=phrase, days=days)
    if anchor is None:
        return _unresolved(phrase)
    due = _end_of_quarter(anchor.year, quarter)
    if due < anchor:
        due = _end_of_quarter(anchor.year + 1, quarter)
    return _anchored(phrase, anchor, due)


def _read_weekday(name: str, phrase: str, anchor: dt.date | None) -> DueReading:
    """"by Friday": the first such weekday after the incident date."""
    key = name.lower()
    target = _WEEKDAYS.get(key, _WEEKDAY_ABBR.get(key, 0))
    if anchor is None:
        return _unresolved(phrase)
    ahead = (target - anchor.weekday()) % 7 or 7
    if phrase.lower().startswith("next") and ahead < 7:
        ahead += 7
    return _anchored(phrase, anchor, anchor + dt.timedelta(days=ahead))


def read_due(text: str, incident_date: dt.date | None) -> DueReading:
    """The due date written in ``text``, resolved against the incident date when unambiguous."""
    for pattern in (_ISO, _MONTH_DAY, _DAY_MONTH):
        match = pattern.search(text)
        if match:
            reading = _absolute(match, incident_date)
            if reading is not None:
                return reading
    match = _SLASHED.search(text)
    if match:
        slashed = _slashed(match)
        if slashed is not None:
            return slashed
    return _read_relative(text, incident_date)


def _read_relative(text: str, anchor: dt.date | None) -> DueReading:
    """Relative dates and vague timing words, in order of precision."""
    match = _IN_N.search(text)
    if match:
        number = match.group(1) or match.group(3)
        unit = (match.group(2) or match.group(4)).lower()
        days = _count(number) * _UNIT_DAYS[unit]
        note = f"'{match.group(0)}' read as {days} days" if unit in ("sprint", "month") else None
        return _relative(match.group(0), anchor, days, note)
    match = _END_OF.search(text)
    if match:
        return _read_end_of(match.group(1) or match.group(2), match.group(0), anchor)
    match = _NEXT.search(text)
    if match:
        return _read_next(match.group(1), match.group(0), anchor)
    match = _QUARTER.search(text)
    if match:
        return _read_quarter(match, anchor)
    match = _WEEKDAY.search(text)
    if match:
        return _read_weekday(match.group(1), match.group(0), anchor)
    match = _DAY_WORD.search(text)
    if match:
        days = 1 if match.group(1).lower() == "tomorrow" else 0
        return _relative(match.group(0), anchor, days)
    match = _VAGUE.search(text)
    if match:
        return DueReading(phrase=match.group(0), vague=True)
    return DueReading()


def horizon_for_days(days: int) -> Horizon | None:
    """Horizon of an item due ``days`` after the incident: 0-7, 8-28, 29+ (None if before)."""
    if days < 0:
        return None
    if days <= 7:
        return "immediate"
    if days <= 28:
        return "short_term"
    return "long_term"


def horizon_from_words(text: str) -> Horizon | None:
    """Horizon named in words: "Immediate", "Short-term (1-4 weeks)", "Long-term", "ASAP"."""
    for horizon, pattern in _HORIZON_WORDS:
        if pattern.search(text):
            return horizon
    if _IMMEDIATE_WORDS.search(text):
        return "immediate"
    return None

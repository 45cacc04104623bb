"""Learn where and how one log file writes its timestamps, from a sample of its first lines.

A parser that knows a list of layouts meets the next one in the next file; what stays the same
is that one file repeats one layout. ``infer_layout`` looks at the first lines of a file, finds
every span on each line that reads as a date and time (any of the layouts in ``formats``, an
epoch in seconds, milli-, micro- or nanoseconds as a column of its own, a date alone), and
keys each by its layout and its column (the number of whitespace-separated fields before it).
The key chosen is the one present on most lines and moving forward in time, preferring:

- a span that carries the year over one that does not (``Dec  9 13:01:26 ... [09/Dec/2013:...``);
- a date and time written by people over an epoch on the same line;
- a span standing as a field of its own over one inside a word, path or file name
  (``app.log.2017-05-16_13:53:08 2017-05-16 00:00:00.008 ...``), and one that changes from
  line to line over one that stays the same.

A time without a year (or a bare clock) is combined with a date that stands apart earlier on
the line (``- 1131566461 2005.11.09 dn228 Nov 9 12:01:01 ...``). The result is one compiled
matcher for the file, which the timestamp finder tries first on every line; lines it misses go
to the general search. ``Layout.describe`` says what was chosen, for ``ingest --explain``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.ingest.time.formats import DATE_SPANS, EPOCH_COLUMN, FORMATS, TimeFormat
from assistant.ingest.time.parse import TimestampFinder
from assistant.ingest.time.specialize import specialize

SAMPLE_LINES = 200
"""How many non-blank lines from the start of a file are looked at."""
_MIN_SUPPORT = 0.3
"""A layout must be found on at least this share of the sampled lines."""
_YEAR_DATE = (
    r"(?P<Y>(?:19[7-9]|20\d)\d)(?P<sd>[-/.])(?:[01]?\d)(?P=sd)(?:[0-3]?\d)",
    r"(?P<Y>(?:19[7-9]|20\d)\d)(?P<sd>[-/.])(?P<m>[01]?\d)(?P=sd)(?P<d>[0-3]?\d)",
)
"""A date standing apart that gives the year (to a month and day) or the whole date (to a clock)."""
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/\\-")
_CANDIDATES: tuple[TimeFormat, ...] = (
    *(f for f in FORMATS if not f.epoch),
    EPOCH_COLUMN,
)


@dataclass(frozen=True, slots=True)
class Layout:
    """The timestamp layout of one file: what it is, where it sits, how it is matched."""

    fmt: TimeFormat
    """The layout; its ``anchored`` pattern is the file's matcher, from the line start."""
    fast: TimeFormat | None
    """The variant most lines write exactly, as a narrower pattern tried before ``fmt``."""
    column: int
    """Whitespace-separated fields before the timestamp (0: it opens the line)."""
    year_column: int | None
    """Column of the date that gives the year (or the date) to a time written apart."""
    matched: int
    sampled: int

    def describe(self) -> str:
        """One line for ``--explain``: the layout, where it is and how often it was seen."""
        where = "at the line start" if self.column == 0 else f"in field {self.column + 1}"
        text = f"{self.fmt.shape or self.fmt.name} {where}"
        if self.year_column is not None:
            text += f", with the date of field {self.year_column + 1}"
        return f"{text}; found on {self.matched} of {self.sampled} sampled lines"


@dataclass(slots=True)
class _Seen:
    """What one candidate (layout, column) did over the sampled lines."""

    lines: set[int] = field(default_factory=set)
    values: list[tuple[int, ...]] = field(default_factory=list)
    inside_word: int = 0


def infer_layout(lines: Iterable[str], finder: TimestampFinder) -> Layout | None:
    """The timestamp layout of a file from its first lines, or None when no layout holds.

    ``finder`` only checks that a span reads as a real date and time; use a fresh one.
    """
    sample = [line for line in lines if line.strip()][:SAMPLE_LINES]
    if not sample:
        return None
    seen: dict[tuple[TimeFormat, int], _Seen] = {}
    dates: dict[int, set[int]] = {}
    for number, line in enumerate(sample):
        _collect(line, number, finder, seen)
        for pattern in DATE_SPANS:
            for match in pattern.finditer(line):
                dates.setdefault(_column(line, match.start()), set()).add(number)
    best: tuple[float, TimeFormat, int, int | None, int] | None = None
    for (fmt, column), stats in seen.items():
        year_column = None
        if not fmt.has_year or not fmt.has_date:
            year_column = _date_apart(column, stats.lines, dates)
            if year_column is None and not fmt.has_date:
                continue
        score = _score(fmt, column, stats, len(sample), year_column is not None)
        if best is None or score > best[0]:
            best = (score, fmt, column, year_column, len(stats.lines))
    if best is None or best[4] < _MIN_SUPPORT * len(sample):
        return None
    _, fmt, column, year_column, matched = best
    chosen = _matcher(fmt, column, year_column)
    fast = specialize(chosen, column, sample) if year_column is None else None
    return Layout(chosen, fast, column, year_column, matched, len(sample))


def _collect(
    line: str, number: int, finder: TimestampFinder, seen: dict[tuple[TimeFormat, int], _Seen]
) -> None:
    """Record every valid timestamp span of one line under its (layout, column)."""
    for fmt in _CANDIDATES:
        matches = [fmt.anchored.match(line)] if fmt.line_start_only else fmt.search.finditer(line)
        for match in matches:
            if match is None:
                continue
            value = finder.candidate(fmt, match)
            if value is None:
                continue
            start = match.start("base")
            stats = seen.setdefault((fmt, _column(line, start)), _Seen())
            if number in stats.lines:
                continue
            stats.lines.add(number)
            stats.values.append(value)
            stats.inside_word += start > 0 and line[start - 1] in _WORD_CHARS


def _column(line: str, start: int) -> int:
    """Whitespace-separated fields wholly before ``start`` (a span may start inside one)."""
    before = line[:start]
    fields = len(before.split())
    return fields if not before or before[-1].isspace() else fields - 1


def _date_apart(column: int, lines: set[int], dates: dict[int, set[int]]) -> int | None:
    """The column of a date written earlier on most of ``lines``, to complete their time."""
    best: tuple[int, int] | None = None
    for date_column, on in dates.items():
        shared = len(on & lines)
        near_all = date_column < column and shared >= 0.9 * len(lines)
        if near_all and (best is None or shared > best[0]):
            best = (shared, date_column)
    return None if best is None else best[1]


def _score(fmt: TimeFormat, column: int, stats: _Seen, sampled: int, completed: bool) -> float:
    """How well a candidate explains the file: support, order in time, then preferences."""
    values = stats.values
    pairs = len(values) - 1
    forward = sum(b >= a for a, b in zip(values, values[1:], strict=False)) / pairs if pairs else 1
    score = len(values) / sampled * (0.6 + 0.4 * forward)
    if fmt.has_year or completed:
        score *= 1.25
    if fmt.epoch:
        score *= 0.85
    if stats.inside_word * 2 > len(values):
        score *= 0.4
    if len(values) >= 3 and len(set(values)) == 1:
        score *= 0.5
    return score - column * 1e-4


def _matcher(fmt: TimeFormat, column: int, year_column: int | None) -> TimeFormat:
    """The layout as one pattern matched from the line start, skipping the fields before it."""
    body = fmt.search.pattern
    if year_column is None:
        if fmt.line_start_only:
            return fmt
        prefix = rf"\s*(?:\S+\s+){{{column}}}\S*?" if column else r"\s*\S*?"
        pattern = re.compile(prefix + body)
        return _derived(fmt, fmt.name, pattern, fmt.key_groups, fmt.has_year)
    donor = _YEAR_DATE[0] if fmt.has_date else _YEAR_DATE[1]
    gap = column - year_column - 1
    pattern = re.compile(
        rf"\s*(?:\S+\s+){{{year_column}}}\S*?{donor}\S*\s+(?:\S+\s+){{{gap}}}\S*?{body}"
    )
    keys = ("base", "tail", "Y") if fmt.has_date else ("base", "tail", "Y", "m", "d")
    return _derived(fmt, f"{fmt.name}+date", pattern, keys, True)


def _derived(
    fmt: TimeFormat, name: str, pattern: re.Pattern[str], keys: tuple[str, ...], has_year: bool
) -> TimeFormat:
    return TimeFormat(
        name=name,
        search=pattern,
        anchored=pattern,
        line_start_only=True,
        has_date=True,
        has_year=has_year,
        epoch=fmt.epoch,
        key_groups=keys,
        shape=fmt.shape,
    )

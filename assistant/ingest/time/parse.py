"""Find and parse the time written on a line of notes, chat or logs; every result is aware.

What a line leaves out is inferred and recorded in ``ParsedTime.assumed``:

- ``tz``: no zone on the line, so ``default_tz`` (the user's ``--tz``, UTC by default) applies.
- ``year``: a month and day without a year (syslog ``Feb 15 14:32:01``, logcat ``02-15 ...``).
  The year is taken from the previous time in the same source, rolling forward when the month
  wraps (Dec -> Jan); for the first such line it is the year that puts the date closest to
  ``default_date``.
- ``date``: a bare clock (``14:32 alice: ...``). The date is the last date seen in the source, or
  ``default_date``; a clock that runs backwards by more than 12 hours has passed midnight and rolls
  the date forward (chat 23:58 -> 00:03).

When the date or year is needed and nothing gives it, no time is returned rather than a made-up
one. Numeric dates are ambiguous: ``15/02/2024`` and ``02/15/2024`` are read by which part is over
12; an undecidable one (``03/04/2024``) is day-first unless an earlier line of the same source
settled the order. Two-digit ``17/06/09`` is year-first (the ``yy/MM/dd`` of log4j and Spark)
unless a part cannot be a month or year; dotted ``15.02.2024`` is always day-first.

``TimestampFinder`` keeps that per-source context and is built for speed on logs: it tries the
layout that matched the previous line first, anchored at the line start, and reuses the datetime
of the previous line when the text up to the seconds is the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from typing import Any, Literal

from assistant.ingest.time.fields import (
    _SCALE,
    ParsedTime,
    _Cached,
    _Minute,
    _new_tuple,
)
from assistant.ingest.time.formats import ANY_ANCHORED, DATE_ONLY, FORMATS, TimeFormat
from assistant.ingest.time.inference import DateInference

_CLOCK_HINT = re.compile(r"\d:[0-5]\d|\d{8}[-T_ ]\d{6}")
"""Every layout found by searching has a clock ``d:dd`` or a compact ``yyyyMMdd-HHmmss``."""
_ANY_HINT = re.compile(r"\d:[0-5]\d|\d{6}")
"""Every layout has a clock ``d:dd`` or a run of six digits (``081109 203615``, epoch)."""
_SAME_LAYOUT_REACH = 64
"""The previous search layout is trusted when it matches this close to the line start."""
Mode = Literal["log", "notes"]
_RELEARN_AFTER = 64
"""Lines in a row the file's layout must miss before it is inferred again."""
_MINUTES_KEPT = 512
"""Recent minutes remembered per source, to skip re-reading a date seen a few lines ago."""


Relearn = Callable[[list[str]], "tuple[TimeFormat, TimeFormat | None] | None"]
"""Infers a layout (general and fast matcher) from a list of lines, or None."""




















class TimestampFinder(DateInference):
    """Finds the timestamp of each line of one source, carrying context from line to line.

    ``mode="log"`` looks for a timestamp at the line start and elsewhere only for layouts that
    carry a date, so a stray ``12:30`` inside a stack trace is not taken for a time. ``"notes"``
    also accepts a bare clock anywhere and remembers dates written on their own line.
    """

    def __init__(
        self,
        *,
        default_tz: tzinfo,
        default_date: date | None,
        mode: Mode = "log",
        not_after: date | None = None,
    ):
        self._tz = default_tz
        self._default_date = default_date
        self._not_after = not_after
        self._mode = mode
        self._date: date | None = default_date
        self._last: datetime | None = None
        self._dayfirst: bool | None = None
        self._format: TimeFormat | None = None
        self._search_format: TimeFormat | None = None
        self._searched = False
        self._cached: _Cached | None = None
        self._layout: TimeFormat | None = None
        self._fast: TimeFormat | None = None
        self._relearn: Relearn | None = None
        self._missed: list[tuple[str, bool]] = []
        self._minutes: dict[tuple[Any, ...], _Minute] = {}
        self._search = tuple(f for f in FORMATS if not f.line_start_only)
        if mode == "log":
            self._search = tuple(f for f in self._search if f.has_date)

    def use_layout(
        self,
        fmt: TimeFormat,
        fast: TimeFormat | None = None,
        relearn: Relearn | None = None,
    ) -> None:
        """Try a file's inferred layout first on every line: ``fast``, then ``fmt``.

        ``relearn`` infers a layout from lines the current one missed (see ``_note_miss``).
        """
        self._layout = fmt
        self._fast = fast
        self._relearn = relearn

    def candidate(self, fmt: TimeFormat, match: re.Match[str]) -> tuple[int, ...] | None:
        """A sortable reading of a match, for layout inference; None when it is no real time.

        Epochs give ``(seconds,)``; others give (year or 0, month, day, hour, minute, second),
        with a zero date for a bare clock.
        """
        groups = match.groupdict()
        if fmt.epoch:
            return (int(groups["e"] or 0),)
        fields = self._fields(fmt, groups)
        if fields is None:
            return None
        clock = fields.clock
        return (
            fields.year or 0,
            fields.month or 0,
            fields.day or 0,
            clock.hour,
            clock.minute,
            clock.second,
        )

    @property
    def context_date(self) -> date | None:
        """The date bare clocks get now: the last date seen, or ``default_date``."""
        return self._date

    @property
    def last_time(self) -> datetime | None:
        """The most recent time found, the context for the next line."""
        return self._last

    def find_timestamp(self, line: str) -> ParsedTime | None:
        """The timestamp of ``line`` (line-start layouts first, then anywhere), or None.

        When the previous timed line had its timestamp inside the line (an access log's
        ``host - - [15/Feb/2024:...]``), the search comes first.
        """
        fast = self._fast
        if fast is not None:
            match = fast.anchored.match(line)
            if match is not None:
                found = self._resolve(fast, match)
                if found is not None:
                    if self._missed:
                        self._missed.clear()
                    return found
        layout = self._layout
        if layout is None:
            return self._find_general(line)
        match = layout.anchored.match(line)
        if match is not None:
            found = self._resolve(layout, match)
            if found is not None:
                if self._missed:
                    self._missed.clear()
                return found
        found = self._find_general(line)
        self._note_miss(line, found is not None)
        return found

    def _note_miss(self, line: str, timed: bool) -> None:
        """Count a line the file's layout missed; after a run of them, learn the layout anew.

        A file may change layout part way (logs of several programs appended, a rotated
        file with a new format): when most of ``_RELEARN_AFTER`` missed lines in a row were
        timed by the general search, the layout is inferred again from them.
        """
        missed = self._missed
        missed.append((line, timed))
        if len(missed) < _RELEARN_AFTER or self._relearn is None:
            return
        lines = [text for text, _ in missed]
        if 2 * sum(timed for _, timed in missed) >= len(missed):
            learned = self._relearn(lines)
            if learned is not None:
                self._layout, self._fast = learned
        missed.clear()

    def _find_general(self, line: str) -> ParsedTime | None:
        """The timestamp of a line found without the file's layout (all layouts, then search)."""
        if self._searched:
            found = self._search_anywhere(line)
            if found is not None:
                return found
        last = self._format
        if last is not None:
            match = last.anchored.match(line)
            if match is not None:
                found = self._resolve(last, match)
                if found is not None:
                    return found
        if _ANY_HINT.search(line) is None:  # no clock and no long digit run: no timestamp
            if self._mode == "notes":
                self._note_date(line)
            return None
        for fmt in FORMATS if ANY_ANCHORED.match(line) else ():
            if fmt is last:
                continue
            match = fmt.anchored.match(line)
            if match is not None:
                found = self._resolve(fmt, match)
                if found is not None:
                    self._format = fmt
                    self._searched = False
                    return found
        if self._searched:
            return None
        found = self._search_anywhere(line)
        self._searched = found is not None
        if found is None and self._mode == "notes":
            self._note_date(line)
        return found

    def _search_anywhere(self, line: str) -> ParsedTime | None:
        """The leftmost valid timestamp anywhere in the line; ties go to the longer match.

        The layout found by the previous search is tried first, since a log repeats its
        layout; then a cheap check skips lines with no clock-like digits (stack traces), which
        every searched layout has.
        """
        last = self._search_format
        if last is not None:
            match = last.search.search(line)
            if match is not None and match.start() <= _SAME_LAYOUT_REACH:
                found = self._resolve(last, match)
                if found is not None:
                    return found
        if _CLOCK_HINT.search(line) is None:
            return None
        best: tuple[int, int, TimeFormat, re.Match[str]] | None = None
        for fmt in self._search:
            for match in fmt.search.finditer(line):
                if best is not None and match.start() > best[0]:
                    break
                if self._fields(fmt, match.groupdict()) is None:
                    continue
                if best is None or (match.start(), -match.end()) < (best[0], -best[1]):
                    best = (match.start(), match.end(), fmt, match)
                break
        if best is None:
            return None
        self._search_format = best[2]
        return self._resolve(best[2], best[3])

    def _note_date(self, line: str) -> None:
        """Remember a date written without a clock (a heading ``## 2024-02-15``)."""
        for pattern in DATE_ONLY:
            match = pattern.search(line)
            if match is None:
                continue
            groups = match.groupdict()
            _, month, day = self._date_parts(groups)
            try:
                self._date = date(int(groups["Y"] or 0), month or 0, day or 0)
            except ValueError:
                continue
            self._last = None
            return

    def _resolve(self, fmt: TimeFormat, match: re.Match[str]) -> ParsedTime | None:
        """Turn a match into a ParsedTime, reusing the previous line's work when it can."""
        cached = self._cached
        key = match.group(*fmt.key_groups)
        if cached is None or fmt is not cached.fmt or key != cached.key:
            cached = self._same_minute(cached, fmt, match, key) or self._parse(fmt, match, key)
            if cached is None:
                return None
        fraction = match.group("f")
        if fraction:
            micros = int(fraction[:6]) * _SCALE[len(fraction)]
            # The zone goes in positionally (8th): a keyword argument costs a third more here.
            when = datetime(*cached.parts, micros, cached.tz)  # noqa: DTZ001
        else:
            when = cached.time
        self._last = when
        end = match.start("tail") if cached.drop_tail else match.end()
        # tuple.__new__ is what ParsedTime(...) calls, without its Python-level frame.
        return _new_tuple(ParsedTime, (when, cached.assumed, (match.start("base"), end), fmt.name))

    def _same_minute(
        self,
        cached: _Cached | None,
        fmt: TimeFormat,
        match: re.Match[str],
        key: tuple[str | Any, ...],
    ) -> _Cached | None:
        """A time whose minute was read before, with only the seconds read now.

        Most lines of a log that do not repeat the previous second repeat a recent minute
        (threads interleave): the text before the seconds and the zone are the same, so no
        date, year or zone is inferred again. Minutes of layouts that write the year are
        remembered (``_minutes``); for the others only the previous line's minute is reused,
        since their year depends on the lines before. Only for layouts whose base ends with
        the seconds.
        """
        if "S" not in match.re.groupindex or match.end("S") != match.end("base"):
            return None
        base = key[0]
        seconds_text = base[-2:]
        if not seconds_text.isdigit() or seconds_text > "59":
            return None
        minute_key = (fmt, base[:-2], key[1:])
        minute = self._minutes.get(minute_key)
        if minute is None:
            if cached is None or fmt is not cached.fmt or cached.drop_tail:
                return None
            old = cached.key[0]
            if key[1:] != cached.key[1:] or len(base) != len(old) or base[:-2] != old[:-2]:
                return None
            year, month, day, hour, minutes, _ = cached.parts
            minute = ((year, month, day, hour, minutes), cached.tz, cached.assumed)
        (year, month, day, hour, minutes), tz, assumed = minute
        seconds = int(seconds_text)
        parts = (year, month, day, hour, minutes, seconds)
        when = datetime(year, month, day, hour, minutes, seconds, 0, tz)  # noqa: DTZ001
        # tuple.__new__ is what _Cached(...) calls, without its Python-level frame.
        fresh: _Cached = _new_tuple(_Cached, (key, fmt, when, parts, tz, assumed, False))
        self._cached = fresh
        return fresh

    def _remember_minute(self, fmt: TimeFormat, match: re.Match[str], cached: _Cached) -> None:
        """Keep the minute of a freshly parsed time of a layout that writes the year."""
        if not (fmt.has_year and fmt.has_date) or fmt.epoch or cached.drop_tail:
            return
        if "S" not in match.re.groupindex or match.end("S") != match.end("base"):
            return
        if len(self._minutes) >= _MINUTES_KEPT:
            self._minutes.clear()
        key = cached.key
        year, month, day, hour, minute, _ = cached.parts
        head = (year, month, day, hour, minute)
        self._minutes[(fmt, key[0][:-2], key[1:])] = (head, cached.tz, cached.assumed)

    def _parse(
        self, fmt: TimeFormat, match: re.Match[str], key: tuple[str | Any, ...]
    ) -> _Cached | None:
        """Parse a timestamp text not seen on the previous line, and remember it."""
        groups = match.groupdict()
        fields = self._fields(fmt, groups)
        if fields is None:
            return None
        inferred = self._infer(fields, groups)
        if inferred is None:
            return None
        base, assumed = inferred
        parts = (base.year, base.month, base.day, base.hour, base.minute, base.second)
        cached = _Cached(key, fmt, base, parts, base.tzinfo, assumed, fields.drop_tail)
        self._cached = cached
        if self._mode == "log":
            self._remember_minute(fmt, match, cached)
        if fmt.has_date:
            self._date = base.date()
        return cached

def parse_timestamp(
    text: str, *, default_tz: tzinfo, default_date: date | None
) -> ParsedTime | None:
    """The first timestamp written in ``text``, aware, with what was inferred; None if none.

    A one-off parse with no neighbouring lines: a bare clock takes ``default_date``, a month and
    day without a year take the year closest to ``default_date``, and without ``default_date``
    such partial times give None.
    """
    finder = TimestampFinder(default_tz=default_tz, default_date=default_date, mode="notes")
    return finder.find_timestamp(text)

"""Free notes and chat transcripts pasted as text, Markdown postmortems included.

Shapes understood, per line:

- ``14:32 alice: seeing 500s``, ``[2:32 PM] Alice Smith: ...``, ``[14:32] <alice> ...`` (IRC),
  ``2/15/24, 2:32 PM - Alice: ...`` (phone chat exports): time, then speaker, then message.
- ``Alice Smith  2:32 PM`` alone on a line (a copied Slack or Teams view): a header whose speaker
  and time apply to the message lines below it, until the next header or timed line.
- ``2024-02-15 14:32 UTC - paged``, Markdown bullets ``- **14:32** rolled back``, timeline tables
  ``| 14:32 | SRE on call | paged |`` (a ``Who``/``Owner`` column becomes the speaker).
- a time further into the line (``rolled back at 14:40``) dates the whole line.
- lines without a time keep time None (never made up) and follow the timed line before them;
  a date alone on a line (``## 2024-02-15``) dates the bare clocks below it.
- an entry's own lines: a time alone on a line (``12:11``, ``### 08:52 PM``, ``**14:05**``) or a
  heading with a time applies to the untimed lines below it, blank lines included, until the next
  time, heading or date line; a timed line applies to the untimed lines right under it (indented,
  or wrapped without a blank line, but not a new bullet at the same depth). Such a line carries
  the entry's time with the assumption ``entry``, so the timeline folds it into that entry's row.
- a table pasted as notes is read as a table: the header row names the columns (a time column
  whatever it is called, a zone in its name such as ``Time (UTC)``, a ``Who`` column), header
  and separator rows stay raw (``| Time | Event |``, never an event), and a row whose time cell
  is blank or ``...`` continues the row above.
- a stated zone (``All times in IST``, ``Timeline (PDT)``, a header cell ``When (MDT)``) applies
  to the clocks below it that carry no zone of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo

from assistant.domain import Evidence, TimeAssumption
from assistant.ingest.records import trusted_evidence
from assistant.ingest.speakers import _HEADER_NAME, _MARKUP, _split_speaker, _strip_markup
from assistant.ingest.time.fields import ParsedTime
from assistant.ingest.time.formats import strip_weekday
from assistant.ingest.time.parse import TimestampFinder
from assistant.ingest.time.zones import zone_from_designator

_DECORATION = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+•]|\d{1,3}[.)])\s+)?(?:\[[ xX]\]\s+)?")
_LEADING_TIME_MAX = 3
"""A timestamp starting at most this many characters after the decoration leads the line."""
_WHO_HEADERS = frozenset(
    ["who", "actor", "owner", "person", "speaker", "author", "by", "responder"]
)
_TIME_HEADERS = re.compile(
    r"^(?:time|times|when|datetime|date/time|timestamp|clock|at|hour|start|started"
    r"|time stamp|date & time|date and time)\b",
    re.IGNORECASE,
)
"""A table header cell naming the time column, whatever follows (``Time (UTC)``)."""
_DATE_HEADERS = re.compile(r"^(?:date|day)\b", re.IGNORECASE)
_HEADER_ZONE = re.compile(
    r"[(\[]\s*(?:in\s+|all\s+)?([A-Z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)\s*[)\]]"
)
"""The zone a time column's header names: ``Time (UTC)``, ``When [PST]``."""
_ZONE_TOKEN = r"(?P<zone>[A-Z]{1,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})"
_ZONE_STATED = re.compile(
    r"\b(?:times?|timestamps?|clocks?)(?: are| is| shown| given| listed| below| here)?(?: in)?"
    r"\s+\(?" + _ZONE_TOKEN + r"\s*\)?(?=[\s).,;:]|$)"
    r"|\btimeline\s*\(\s*" + _ZONE_TOKEN.replace("zone", "zone2") + r"\s*\)"
    r"|^\W*\(?(?:all )?(?P<zone3>[A-Z]{2,5}|UTC[+-]\d{1,2})\)?\s*[.:]?\s*$",
    re.IGNORECASE,
)
"""``All times in IST``, ``Timeline (PDT)``, ``(all times UTC)``: the zone a document states."""
_SECTION_START = re.compile(
    r"^\W*(?:\[[ xX]\]|(?:action items?|actions|follow[\s-]?ups?|todos?|next steps?|root cause"
    r"|impact|lessons?(?: learned)?|summary|what went (?:well|wrong)|contributing factors?"
    r"|remediation|owner|attendees)\b[^:]{0,30}:)",
    re.IGNORECASE,
)
"""A to-do or a labelled section (``Action items:``, ``TODO: ...``, ``- [ ] ...``): the end of
the entry above, never one of its lines."""
_BLANK_TIME_CELL = re.compile(r"^[\s.\-–—…?:*_]*$")
_INDENT = re.compile(r"^[ \t>]*")
_BULLET = re.compile(r"^\s*(?:>\s*)*(?:[-*+•]|\d{1,3}[.)])\s+")


@dataclass
class _Header:
    """Speaker and time of a chat header line, applied to the message lines under it."""

    speaker: str
    time: datetime
    assumed: tuple[TimeAssumption, ...]






@dataclass
class _Entry:
    """The timed entry whose own lines may follow: its time, speaker and layout."""

    time: datetime
    assumed: tuple[TimeAssumption, ...]
    speaker: str | None
    indent: int
    sticky: bool
    """True for a time alone on a line or a timed heading: its lines may follow blank lines."""
    in_table: bool = False


def _indent(line: str) -> int:
    match = _INDENT.match(line.expandtabs(4))
    return len(match.group(0)) if match else 0


def stated_zone(text: str) -> tzinfo | None:
    """The zone a line states for the times around it (``All times in IST``), or None."""
    for match in _ZONE_STATED.finditer(text.strip().strip(_MARKUP + "#").strip()):
        token = match.group("zone") or match.group("zone2") or match.group("zone3") or ""
        if token.isupper() or token[:1] in "+-":
            zone = zone_from_designator(token)
            if zone is not None:
                return zone
    return None


class NotesReader:
    """Turns the lines of one notes source into Evidence, carrying chat and table context."""

    def __init__(self, source: str, finder: TimestampFinder) -> None:
        self._source = source
        self._finder = finder
        self._header: _Header | None = None
        self._who_column: int | None = None
        self._time_column: int | None = None
        self._date_column: int | None = None
        self._day_columns: tuple[int, ...] = ()
        """Date and weekday columns, left out of a row's text once its time is read."""
        self._in_table = False
        self._zone: tzinfo | None = None
        self._entry: _Entry | None = None
        self._blank = False

    def read(self, lines: Iterable[tuple[int, str]]) -> Iterator[Evidence]:
        """Evidence for every non-blank line, in order; a chat header alone gives none."""
        for number, line in lines:
            if not line.strip():
                self._blank = True
                continue
            is_row = line.lstrip().startswith("|")
            if not is_row and self._in_table:
                self._in_table = False
                self._time_column = self._who_column = self._date_column = None
                self._entry = None
            evidence = self._table_row(number, line) if is_row else None
            evidence = evidence or self._line(number, line)
            self._blank = False
            if evidence.text or self._header is None:
                yield evidence

    def _zoned(self, found: ParsedTime) -> tuple[datetime, tuple[TimeAssumption, ...]]:
        """The found time in the stated zone when the line itself named none."""
        if self._zone is None or "tz" not in found.assumed:
            return found.time, found.assumed
        moved = found.time.replace(tzinfo=self._zone)
        return moved, tuple(a for a in found.assumed if a != "tz")

    def _evidence(
        self, number: int, text: str, found: ParsedTime | None, speaker: str | None
    ) -> Evidence:
        if found is None:
            return trusted_evidence(self._source, number, None, (), speaker, text)
        when, assumed = self._zoned(found)
        return trusted_evidence(self._source, number, when, assumed, speaker, text)

    def _timed(
        self,
        number: int,
        text: str,
        found: ParsedTime,
        speaker: str | None,
        *,
        line: str,
        sticky: bool = False,
    ) -> Evidence:
        """A timed line, which opens an entry for the untimed lines under it."""
        evidence = self._evidence(number, text, found, speaker)
        if evidence.time is not None:
            self._entry = _Entry(
                evidence.time,
                evidence.time_assumed,
                speaker,
                _indent(line),
                sticky or not text,
                in_table=line.lstrip().startswith("|"),
            )
        return evidence

    def _continues(self, line: str, body: str) -> _Entry | None:
        """The entry an untimed line belongs to, if it is one of that entry's own lines."""
        entry = self._entry
        if entry is None:
            return None
        stripped = line.lstrip()
        if stripped.startswith("#") or _SECTION_START.match(body):
            self._entry = None
            return None
        if entry.sticky:
            return entry
        deeper = _indent(line) > entry.indent
        if self._blank and not deeper:
            return None
        if _BULLET.match(line) and not deeper:
            return None
        return entry if body else None

    def _attached(self, number: int, entry: _Entry, text: str) -> Evidence:
        assumed = entry.assumed if "entry" in entry.assumed else (*entry.assumed, "entry")
        return trusted_evidence(self._source, number, entry.time, assumed, entry.speaker, text)

    def _line(self, number: int, line: str) -> Evidence:
        decoration = _DECORATION.match(line)
        body = line[decoration.end() if decoration else 0 :].rstrip()
        before_date = self._finder.context_date
        found = self._finder.find_timestamp(body)
        if found is None:
            return self._untimed(number, line, body, before_date)
        self._header = None
        heading = body.lstrip().startswith("#")
        start, end = found.span
        before = strip_weekday(body[:start]).strip(" \t[(<#" + _MARKUP)
        after = body[end:].strip().lstrip("])>" + _MARKUP).strip()
        if start <= _LEADING_TIME_MAX and not before:
            return self._leading(number, after, found, line, heading)
        if not after and _HEADER_NAME.match(before.rstrip(" ,-")):
            speaker = before.rstrip(" ,-")
            self._header = _Header(speaker, found.time, found.assumed)
            self._entry = None
            return self._evidence(number, "", found, speaker)
        if start <= _LEADING_TIME_MAX + 12 and not any(c.isalpha() for c in before):
            return self._leading(number, after, found, line, heading)
        return self._timed(number, _strip_markup(body), found, None, line=line, sticky=heading)

    def _leading(
        self, number: int, after: str, found: ParsedTime, line: str, heading: bool
    ) -> Evidence:
        message = after.lstrip("-–—:|, ").strip()
        if stated_zone(message) is not None and len(message) <= 6:
            message = ""  # ``**17:20 UTC**``: the zone, already applied, is not the message
        speaker, message = _split_speaker(message)
        return self._timed(
            number, _strip_markup(message), found, speaker, line=line, sticky=heading
        )

    def _untimed(self, number: int, line: str, body: str, before_date: object) -> Evidence:
        header = self._header
        text = _strip_markup(body)
        if header is not None:
            return trusted_evidence(
                self._source, number, header.time, header.assumed, header.speaker, text
            )
        zone = stated_zone(text)
        if zone is not None:
            self._zone = zone
            self._entry = None
            return self._evidence(number, text, None, None)
        if self._finder.context_date != before_date:
            self._entry = None  # a date line: a new day starts, the entry above is over
            return self._evidence(number, text, None, None)
        entry = self._continues(line, text)
        if entry is not None and not entry.in_table:
            return self._attached(number, entry, text)
        if body.lstrip().startswith("#"):
            self._entry = None
        return self._evidence(number, text, None, None)

    def _table_row(self, number: int, line: str) -> Evidence | None:
        """A Markdown table row: the time cell dates it, a Who column names the speaker.

        The header row (the first row of a table when no cell carries a time) and the
        separator row stay as raw text: they name columns and are never events.
        """
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        raw = self._evidence(number, line.strip(), None, None)
        if all(set(cell) <= set("-: ") for cell in cells):
            return raw
        starting = not self._in_table
        self._in_table = True
        lowered = [_strip_markup(cell).lower() for cell in cells]
        if starting and not any(self._finder.find_timestamp(_strip_markup(c)) for c in cells):
            self._read_header(cells, lowered)
            return raw
        column, day = self._time_column, self._date_column
        if day is not None and column is not None and max(day, column) < len(cells):
            cells[column] = f"{_strip_markup(cells[day])} {_strip_markup(cells[column])}"
        if column is not None and column not in self._day_columns:
            for spot in self._day_columns:
                if spot < len(cells):
                    cells[spot] = ""
        timed = [self._finder.find_timestamp(_strip_markup(cell)) for cell in cells]
        index = next((i for i, found in enumerate(timed) if found is not None), None)
        if column is not None and column < len(cells) and timed[column] is not None:
            index = column
        who = self._who_column
        speaker = (
            _strip_markup(cells[who]) or None if who is not None and who < len(cells) else None
        )
        if index is None:
            blank = column is not None and (
                column >= len(cells) or _BLANK_TIME_CELL.match(cells[column]) is not None
            )
            rest = [
                _strip_markup(c)
                for i, c in enumerate(cells)
                if i not in (column, who) and c.strip()
            ]
            entry = self._entry
            if blank and entry is not None and entry.in_table and rest:
                return self._attached(number, entry, " | ".join(rest))
            return None
        found = timed[index]
        if found is None:
            return None
        self._header = None
        rest = [
            _strip_markup(c) for i, c in enumerate(cells) if i not in (index, who) and c.strip()
        ]
        return self._timed(number, " | ".join(rest), found, speaker, line=line)

    def _read_header(self, cells: list[str], lowered: list[str]) -> None:
        """Column roles from a table's header row, and the zone a time column names."""
        self._who_column = next(
            (i for i, cell in enumerate(lowered) if cell in _WHO_HEADERS), None
        )
        self._time_column = next(
            (i for i, cell in enumerate(lowered) if _TIME_HEADERS.match(cell)), None
        )
        dates = [i for i, cell in enumerate(lowered) if _DATE_HEADERS.match(cell)]
        self._day_columns = tuple(dates)
        if self._time_column is None and dates:
            self._time_column = dates[-1]  # one ``Date`` column holding date and time
        elif dates:
            self._date_column = dates[-1]
        if self._time_column is not None:
            named = _HEADER_ZONE.search(_strip_markup(cells[self._time_column]))
            zone = zone_from_designator(named.group(1)) if named else None
            if zone is not None:
                self._zone = zone

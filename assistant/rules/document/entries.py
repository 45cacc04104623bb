"""Timeline entries of a written postmortem, in every shape people write them.

Table rows whose time column has any name (or none: the column whose cells are times), bullets
and lines that start with a time (bold or not), one heading per event with the time in it and
the text below, a time alone on a line with the text under it, a date line or date heading
followed by bare clocks. Dates carry from headings and earlier rows; a zone applies as stated
(on the entry, in a table header, in the section heading, or in an ``All times in IST`` note),
else UTC is assumed and said so (``zone_stated`` False).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from assistant.rules.document.markdown import Block, MarkdownDocument
from assistant.rules.document.section_names import heading_section
from assistant.rules.document.when import (
    LeadingTime,
    find_dates,
    first_year,
    leading_time,
    stated_zone,
)


@dataclass(frozen=True)
class TimedEntry:
    """One timeline entry read from the document."""

    line: int
    """1-based line where the entry's time is written."""
    time: dt.datetime | None
    """Aware time, None for a date-only entry (see ``date``)."""
    date: dt.date | None
    text: str
    zone_stated: bool
    """False when no zone was written anywhere for it (UTC assumed)."""
    date_assumed: bool
    """True when the date came from no writing near the entry (the incident date or none)."""
    last_line: int = 0
    """1-based last line of the entry's text."""
    prose: bool = False
    """True for a sentence that starts with a time (``At 14:09 UTC, ...``) rather than a
    timeline row; it is timed evidence but does not make a timeline section."""



@dataclass
class _State:
    """The running context of the walk: date, zones by heading level, the last entry."""

    date: dt.date | None
    year: int | None
    zones: list[tuple[float, dt.tzinfo]] = field(default_factory=list)
    level: int = 0
    last: dt.datetime | None = None
    dated_here: bool = False
    default_tz: dt.tzinfo = dt.UTC

    def zone(self) -> dt.tzinfo | None:
        return self.zones[-1][1] if self.zones else None


def _resolve(
    found: LeadingTime, state: _State, zone: dt.tzinfo | None
) -> tuple[dt.datetime | None, dt.date | None, bool, bool]:
    """Aware time, date, zone stated, date assumed for one leading time."""
    if found.date is not None:
        state.date = found.date
        state.dated_here = True
        state.last = None
    day = state.date
    if found.hour is None:
        return None, day, True, day is None
    zone = found.zone or zone or state.zone()
    stated = zone is not None
    tz = zone or state.default_tz
    if day is None:
        return None, None, stated, True
    hour = found.hour % 24
    when = dt.datetime.combine(day, dt.time(hour, found.minute or 0), tzinfo=tz)
    if found.hour == 24:
        when += dt.timedelta(days=1)
    if found.date is None and state.last is not None and when < state.last - dt.timedelta(hours=6):
        when += dt.timedelta(days=1)  # a clock that runs backwards past midnight
        state.date = when.date()
    state.last = when
    return when, when.date(), stated, not state.dated_here


def _time_column(
    rows: tuple[tuple[str, ...], ...], year: int | None
) -> tuple[int | None, int | None]:
    """The time column and a separate date column of a table (by header, else by content)."""
    if not rows:
        return None, None
    header = [c.lower() for c in rows[0]]
    body = rows[1:]
    time_col = date_col = None
    for index, name in enumerate(header):
        if time_col is None and re.search(r"\b(time|when|timestamp|clock|hour)\b", name):
            time_col = index
    for pattern in (r"\bdate\b", r"\bday\b"):
        for index, name in enumerate(header):
            if date_col is None and index != time_col and re.search(pattern, name):
                date_col = index
    if time_col is None:
        best = 0
        for index in range(len(header)):
            hits = sum(
                1 for row in body if index < len(row) and leading_time(row[index], year=year)
            )
            if hits > best and hits >= max(1, len(body) // 2):
                best, time_col = hits, index
        if time_col is not None and time_col == date_col:
            date_col = None
    return time_col, date_col


def _table_entries(block: Block, state: _State, out: list[TimedEntry]) -> None:
    time_col, date_col = _time_column(block.rows, state.year)
    if time_col is None:
        return
    header = block.rows[0]
    zone = stated_zone(header[time_col]) if time_col < len(header) else None
    for row, line in zip(block.rows[1:], block.row_lines[1:], strict=False):
        if time_col >= len(row):
            continue
        cell = row[time_col]
        if date_col is not None and date_col < len(row) and row[date_col]:
            cell = f"{row[date_col]} {cell}"
        found = leading_time(cell, year=state.year)
        if found is None:
            continue
        when, day, stated, assumed = _resolve(found, state, zone)
        text = " | ".join(c for i, c in enumerate(row) if i not in (time_col, date_col) and c)
        out.append(TimedEntry(line, when, day, text, stated, assumed, line))


def _source_lines(block: Block) -> list[tuple[int, str]]:
    """A paragraph's source lines with inline markup removed."""
    out = []
    for number, raw in enumerate(block.lines):
        plain = re.sub(r"<br\s*/?>", " ", raw, flags=re.I)
        plain = re.sub(r"\\\\+", " ", plain)
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", plain)
        plain = re.sub(r"[*_`]+", "", plain).strip()
        if plain:
            out.append((block.start + number, plain))
    return out


def _text_entries(
    block: Block, state: _State, out: list[TimedEntry], following: list[Block]
) -> bool:
    """Entries of a paragraph or list item whose text leads with a time; True if any."""
    found = leading_time(block.text, year=state.year)
    if found is None:
        return False
    if block.kind == "paragraph" and len(block.lines) > 1:
        lines = _source_lines(block)
        leads = [(n, t, leading_time(t, year=state.year)) for n, t in lines]
        if sum(1 for *_, f in leads if f is not None) >= 2:
            for number, text, lead in leads:
                if lead is not None:
                    when, day, stated, assumed = _resolve(lead, state, None)
                    rest = text[lead.end :].strip()
                    if not rest and lead.hour is None:
                        continue
                    out.append(TimedEntry(number, when, day, rest, stated, assumed, number,
                                          lead.prose))  # fmt: skip
                elif out and out[-1].line >= block.start:
                    last = out[-1]
                    out[-1] = TimedEntry(last.line, last.time, last.date, f"{last.text} {text}",
                                         last.zone_stated, last.date_assumed, number)  # fmt: skip
            return True
    rest = block.text[found.end :].strip()
    if found.hour is None and (len(rest.split()) < 2 or found.prose):
        _resolve(found, state, None)  # a date line: it dates what follows
        return False
    when, day, stated, assumed = _resolve(found, state, None)
    last_line = block.end
    if not rest and following:
        rest = following[0].text
        last_line = following[0].end
    out.append(TimedEntry(block.start, when, day, rest, stated, assumed, last_line, found.prose))
    return True


def walk_entries(
    document: MarkdownDocument, date: dt.date | None, year: int | None, tz: dt.tzinfo = dt.UTC
) -> tuple[list[TimedEntry], dict[str, list[tuple[int, int]]]]:
    """Entries and the line ranges of each heading-named section."""
    state = _State(date=date, year=year or first_year(document.text), default_tz=tz)
    entries: list[TimedEntry] = []
    by_heading: dict[str, list[tuple[int, int]]] = {}
    blocks = list(document.blocks)
    current: tuple[str, int] | None = None
    labels: dict[int, str] = {}  # list depth -> section named by a labelled item at that depth
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            timed_heading = leading_time(block.text, year=state.year) is not None
            if not timed_heading:  # a heading that is an event keeps the timeline's zone
                while state.zones and state.zones[-1][0] >= block.level:
                    state.zones.pop()
                if block.level <= 2:  # a new part of the document: carried dates end here
                    state.date, state.last, state.dated_here = date, None, False
            zone = stated_zone(block.text)
            if zone is not None:
                state.zones.append((block.level, zone))
            key = heading_section(block.text)
            if current is not None:
                by_heading.setdefault(current[0], []).append((current[1], block.start - 1))
            current = (key, block.start) if key else None
            state.level = block.level
            found = leading_time(block.text, year=state.year)
            if found is not None:
                body = []
                for other in blocks[index + 1 :]:
                    if other.kind == "heading":
                        break
                    if other.kind in ("paragraph", "item", "code"):
                        body.append(other)
                rest = block.text[found.end :].strip()
                if found.hour is None:
                    _resolve(found, state, None)
                    continue
                when, day, stated, assumed = _resolve(found, state, None)
                text = rest or (body[0].text if body else "")
                last = body[0].end if body and not rest else block.end
                entries.append(TimedEntry(block.start, when, day, text, stated, assumed, last))
            continue
        if block.kind == "paragraph" and (zone := _note_zone(block.text)) is not None:
            state.zones.append((state.level + 0.5, zone))
            continue
        if block.kind == "table":
            _table_entries(block, state, entries)
        elif block.kind in ("paragraph", "item"):
            following = [
                b for b in blocks[index + 1 : index + 2] if b.kind in ("paragraph", "code")
            ]
            if block.kind == "item":
                for deeper in [depth for depth in labels if depth >= block.level]:
                    del labels[deeper]
                label = _item_label(block)
                if label is not None:
                    labels[block.level] = label
                    by_heading.setdefault(label, []).append((block.start, block.end))
            led = _text_entries(block, state, entries, following)
            if not led and block.kind == "item" and labels.get(block.level - 1) == "timeline":
                _inline_entry(block, state, entries)
    if current is not None:
        by_heading.setdefault(current[0], []).append(
            (current[1], blocks[-1].end if blocks else current[1])
        )
    return entries, by_heading


_ITEM_LABEL = re.compile(r"^(?P<label>[A-Z][\w '’/&-]{2,40}?)\s*:?(?:\s+|$)")


def _item_label(block: Block) -> str | None:
    """The section a labelled list item names (``- **Key events**``, ``- **Impact**: ...``)."""
    raw = block.lines[0] if block.lines else ""
    bold = re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\*\*|__)(?P<label>[^*_]{3,40}?)(?:\*\*|__)", raw)
    if bold is None:
        return None
    return heading_section(bold.group("label").rstrip(":"))


def _inline_entry(block: Block, state: _State, out: list[TimedEntry]) -> None:
    """An entry of a timeline bullet whose date and time come after its words
    (``First detected 2021-05-10 12:15``)."""
    for found_date in find_dates(block.text, year=state.year):
        lead = leading_time(block.text[found_date.start :], year=state.year)
        if lead is not None and lead.has_clock:
            when, day, stated, assumed = _resolve(lead, state, None)
            words = block.text[: found_date.start] + block.text[found_date.start + lead.end :]
            out.append(TimedEntry(block.start, when, day, words.strip(), stated, assumed,
                                  block.end))  # fmt: skip
            return


def _note_zone(text: str) -> dt.tzinfo | None:
    """The zone of an ``All times in IST`` / ``Times are UTC`` note (a short paragraph)."""
    if len(text.split()) > 14 or not re.search(r"\btimes?\b|\btimezone\b|\bzone\b", text, re.I):
        return None
    return stated_zone(text)


# --- the incident date ----------------------------------------------------------------------

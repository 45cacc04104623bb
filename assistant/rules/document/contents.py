"""What a written postmortem holds, read from its blocks by heading *and* content.

``read_contents`` walks the Markdown blocks (``markdown.py``) once and returns:

- ``entries``: every timeline entry, in any of the shapes people write: table rows whose time
  column has any name (or none: the column whose cells are times), bullets and lines that start
  with a time (bold or not), one heading per event with the time in it and the text below, a
  time alone on a line with the text under it, a date line or date heading followed by bare
  clocks. Dates carry from headings and earlier rows; a zone applies as stated (on the entry, in
  a table header, in the section heading, or in an ``All times in IST`` note), else UTC is
  assumed and said so (``zone_stated`` False).
- ``sections``: the reported sections present under any heading: a heading's wording, or the
  content itself (a chronological list of timed entries is a timeline wherever it sits; causal
  wording is a root cause; commitments are action items; and so on).
- ``severity``: a ``## Severity`` section, a ``Severity:`` field, a table row or front matter.
- ``date``: the incident date, from a date field, the title, dates ranges in headings, the
  opening prose, then the timeline itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from assistant.domain import Severity
from assistant.rules.document.fields import parse_severity
from assistant.rules.document.headings import classify_heading
from assistant.rules.document.markdown import Block, MarkdownDocument, parse_markdown
from assistant.rules.document.when import (
    LeadingTime,
    find_dates,
    first_year,
    leading_time,
    stated_zone,
    zone_named,
)

REPORTED_SECTIONS = (
    "summary", "timeline", "root_cause", "impact", "action_items", "detection_response",
    "lessons",
)  # fmt: skip
_HEADING_TO_SECTION = {
    "summary": "summary",
    "timeline": "timeline",
    "root_cause": "root_cause",
    "whys": "root_cause",
    "contributing_factors": "root_cause",
    "proximate_vs_root": "root_cause",
    "impact": "impact",
    "action_items": "action_items",
    "preventive_measures": "action_items",
    "detection_response": "detection_response",
    "went_well": "lessons",
    "could_be_better": "lessons",
}
_EXTRA_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("lessons", re.compile(
        r"lessons?|learn(ed|ings|t)|takeaways?|went\s+(well|wrong|badly|poorly)|got\s+lucky"
        r"|conclusions?"
        r"|didn'?t\s+go|could\s+have\s+gone|reflection|retrospective|what\s+worked", re.I)),
    ("action_items", re.compile(
        r"what\s+we('re|\s+are)\s+doing|doing\s+about|future\s+(actions|work|plans)|moving\s+forward"
        r"|improvements?|corrective|preventa?tive|remediat|follow[\s-]?up(?!\s+timeline)|next\s+steps"
        r"|actions?\b|to[\s-]?dos?|fixes|changes\s+we", re.I)),
    ("root_cause", re.compile(r"\bcause|trigger|why\b|what\s+went\s+wrong|technical\s+details"
                              r"|contributing|analysis|background|bug\b|issue\b", re.I)),
    ("impact", re.compile(r"impact|affected|scope|data\s+integrity|who\s+was|customers?", re.I)),
    ("detection_response", re.compile(
        r"detect|response|resolution|recover|mitigat|handling|identified|restor|how\s+we\s+fixed"
        r"|statistics|metrics|mtt[adr]", re.I)),
    ("summary", re.compile(r"summary|overview|what\s+happened|description|introduction|tl;?dr",
                           re.I)),
    ("timeline", re.compile(r"timeline|chronolog|sequence\s+of\s+events|key\s+events", re.I)),
)  # fmt: skip
_CONTENT: dict[str, re.Pattern[str]] = {
    "root_cause": re.compile(
        r"\b(root\s+cause|caus(?:e[ds]?|ing)|because|due\s+to|resulted\s+from|triggered\s+by"
        r"|misconfigur\w*|accidentally|inadvertently|by\s+mistake|turned\s+out|was\s+introduced"
        r"|as\s+a\s+result\s+of|led\s+to|the\s+reason|was\s+the\s+result|bug\s+in|stemmed)\b",
        re.I),
    "impact": re.compile(
        r"\b(outage|downtime|unavailable|impact\w*|affect\w*|users?\s+(?:could|were|was)"
        r"|customers?|degraded|degradation|errors?\s+for|down\s+for|couldn'?t|unable\s+to"
        r"|delay\w*|compromised|leaked|exposed|lost|users|stale|slow\w*|failing|failures?"
        r"|stall\w*|halt\w*|interrupt\w*|disrupt\w*)\b", re.I),
    "detection_response": re.compile(
        r"\b(detected|noticed|alert\w*|paged|reported|discovered|monitoring|investigat\w+"
        r"|mitigat\w+|rolled\s+back|restored|resolved|fixed|recovered|failed\s+over|revoked"
        r"|identified|notified|responded)\b", re.I),
    "action_items": re.compile(
        r"\b(we\s+will|we'll|we\s+are\s+(?:going\s+to|working|planning|adding|moving|improving)"
        r"|we're\s+(?:working|going|planning|adding|moving|improving)|we\s+plan\s+to"
        r"|in\s+the\s+future|going\s+forward|to\s+prevent|follow[\s-]?up|action\s+items?"
        r"|we\s+(?:have|'ve)\s+(?:enabled|added|implemented|introduced|updated)|should\s+now"
        r"|(?:was|were|has\s+been|have\s+been)\s+(?:fixed|patched|implemented|enabled)"
        r"|we\s+(?:should|need\s+to|want\s+to|intend\s+to))\b",
        re.I),
    "lessons": re.compile(
        r"\b(lessons?\s+learn\w*|we\s+(?:have\s+)?learn(?:ed|t)|takeaways?|went\s+well"
        r"|went\s+wrong|got\s+lucky)\b", re.I),
}  # fmt: skip
_DATE_FIELD = re.compile(
    r"^\s*(?:incident\s+)?(?:date|start(?:ed)?|occurred(?:\s+on)?|when|day|date\s+of\s+incident)"
    r"\s*[:|]\s*",
    re.I,
)
_MIN_TIMELINE_ENTRIES = 3


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
class DocumentContents:
    """What ``read_contents`` found."""

    title: str | None = None
    date: dt.date | None = None
    severity: Severity | None = None
    sections: dict[str, bool] = field(default_factory=dict)
    entries: list[TimedEntry] = field(default_factory=list)
    section_lines: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Line ranges (first, last) of the parts of the document read as each section."""

    def clocked(self) -> list[TimedEntry]:
        """The entries with a clock time."""
        return [e for e in self.entries if e.time is not None]


def heading_section(text: str) -> str | None:
    """The reported section a heading's wording names, or None."""
    key = classify_heading(text)
    if key in _HEADING_TO_SECTION:
        return _HEADING_TO_SECTION[key]
    words = re.sub(r"[*_`#:]+", " ", text).strip()
    for name, pattern in _EXTRA_HEADINGS:
        if pattern.search(words):
            return name
    return None


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


def read_timeline_entries(
    text: str, *, date: dt.date | None = None, tz: dt.tzinfo = dt.UTC
) -> list[TimedEntry]:
    """Every timeline entry of the document, in document order (see the module doc).

    ``date`` is the incident date (else the one the document gives); ``tz`` is the zone of
    clocks for which the document states none.
    """
    document = parse_markdown(text)
    if date is None:
        year = first_year(text)
        date = _incident_date(document, _walk(document, None, year)[0], year)
    return _walk(document, date, date.year if date else None, tz)[0]


def _walk(
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


def _title(document: MarkdownDocument) -> str | None:
    """The front matter's title, else the first heading when it is of level 1 or 2."""
    if document.front_matter.get("title"):
        return document.front_matter["title"]
    for block in document.blocks:
        if block.kind == "heading":
            return block.text if block.level <= 2 else None
    return None


def _field_date(document: MarkdownDocument, year: int | None) -> dt.date | None:
    """A date written as a field: ``Date: ...``, ``Start: ...``, a ``## Date`` section, a row."""
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if block.kind == "heading" and re.fullmatch(r"(?:incident\s+)?date|when", block.text, re.I):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is not None and following.kind != "heading":
                dates = find_dates(following.text, year=year)
                if dates:
                    return dates[0].date
        if block.kind in ("paragraph", "item"):
            for line in block.text.split("\n"):
                if _DATE_FIELD.match(line):
                    dates = find_dates(line, year=year)
                    if dates:
                        return dates[0].date
        if block.kind == "table":
            for row in block.rows:
                if len(row) >= 2 and re.fullmatch(r"(?:incident\s+)?date", row[0].strip(), re.I):
                    dates = find_dates(row[1], year=year)
                    if dates:
                        return dates[0].date
    return None


def _incident_date(
    document: MarkdownDocument, entries: list[TimedEntry], year: int | None
) -> dt.date | None:
    """The incident date (see the module doc for the order)."""
    field_date = _field_date(document, year)
    if field_date is not None:
        return field_date
    title = _title(document)
    timeline_dates = [e.date for e in entries if e.date is not None and not e.date_assumed]
    heading_dates = [
        d.date for b in document.blocks if b.kind == "heading"
        for d in find_dates(b.text, year=year) if d.has_year
    ]  # fmt: skip
    early = min(timeline_dates + heading_dates, default=None)
    if title:
        dates = find_dates(title, year=year)
        if dates:
            chosen = dates[0].date
            if early is not None and chosen - dt.timedelta(days=3) <= early < chosen:
                return early
            return chosen
    prose = [b for b in document.blocks if b.kind in ("paragraph", "item")][:6]
    for block in prose:
        dates = [d for d in find_dates(block.text, year=year) if d.has_year or year]
        if dates:
            chosen = dates[0].date
            if early is not None and chosen - dt.timedelta(days=3) <= early < chosen:
                return early
            return chosen
    if timeline_dates:
        return timeline_dates[0]
    if heading_dates:
        return heading_dates[0]
    fm = document.front_matter.get("date")
    if fm:
        dates = find_dates(fm)
        if dates:
            return dates[0].date
    return None


# --- sections -------------------------------------------------------------------------------


def _sections(
    document: MarkdownDocument,
    entries: list[TimedEntry],
    by_heading: dict[str, list[tuple[int, int]]],
) -> dict[str, bool]:
    """Which reported sections the document has, by heading or by content."""
    present = {key: False for key in REPORTED_SECTIONS}
    for key, spans in by_heading.items():
        for first, last in spans:
            if (
                any(b.kind != "heading" and first < b.start <= last for b in document.blocks)
                or key == "timeline"
            ):
                present[key] = True
    prose = " ".join(b.text for b in document.blocks if b.kind in ("paragraph", "item", "table"))
    prose += " " + " ".join(b.text for b in document.blocks if b.kind == "heading")
    words = sum(
        len(b.text.split()) >= 12 for b in document.blocks if b.kind in ("paragraph", "item")
    )
    if words:
        present["summary"] = True
    timed = [e for e in entries if (e.time is not None or e.date is not None) and not e.prose]
    if len(timed) >= _MIN_TIMELINE_ENTRIES:
        present["timeline"] = True
    elif present["timeline"] and not timed:
        present["timeline"] = any(
            b.kind in ("item", "table")
            for span in by_heading.get("timeline", ())
            for b in document.blocks
            if span[0] < b.start <= span[1]
        )
    for key in ("root_cause", "impact", "detection_response", "action_items", "lessons"):
        if not present[key] and _CONTENT[key].search(prose):
            present[key] = True
    if not present["action_items"]:
        present["action_items"] = any(b.checked is not None for b in document.blocks)
    return present


def _severity(document: MarkdownDocument) -> Severity | None:
    """A severity written as a ``## Severity`` section, a ``Severity: SEV2`` field or a row."""
    blocks = document.blocks
    for index, block in enumerate(blocks):
        value = None
        if block.kind == "heading" and re.fullmatch(r"(?:incident\s+)?severity", block.text, re.I):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is not None and following.kind != "heading":
                value = following.text.split(" - ")[0].split(":")[0]
        elif block.kind in ("paragraph", "item"):
            field_ = re.match(
                r"^(?:incident\s+)?(?:severity|sev)\s*[:=]\s*(.{1,40})", block.text, re.I
            )
            value = field_.group(1) if field_ else None
        elif block.kind == "table":
            for row in block.rows:
                if len(row) >= 2 and re.fullmatch(
                    r"(?:incident\s+)?severity", row[0].strip(), re.I
                ):
                    value = row[1]
        if value:
            found = parse_severity(value)
            if found is not None:
                return found
    if document.front_matter.get("severity"):
        return parse_severity(document.front_matter["severity"])
    return None


def read_contents(text: str, *, date: dt.date | None = None) -> DocumentContents:
    """Title, incident date, reported sections and timeline entries of a written postmortem."""
    document = parse_markdown(text)
    year = date.year if date else first_year(text)
    first, _ = _walk(document, date, year)
    incident = date or _incident_date(document, first, year)
    entries, by_heading = _walk(document, incident, incident.year if incident else year)
    return DocumentContents(
        title=_title(document),
        date=incident,
        severity=_severity(document),
        sections=_sections(document, entries, by_heading),
        entries=entries,
        section_lines=by_heading,
    )


__all__ = [
    "REPORTED_SECTIONS",
    "DocumentContents",
    "TimedEntry",
    "heading_section",
    "read_contents",
    "read_timeline_entries",
    "zone_named",
]

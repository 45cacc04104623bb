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
from assistant.rules.document.entries import TimedEntry, walk_entries
from assistant.rules.document.fields import parse_severity
from assistant.rules.document.markdown import MarkdownDocument, parse_markdown
from assistant.rules.document.section_names import (
    CONTENT_PATTERNS,
    REPORTED_SECTIONS,
    heading_section,
)
from assistant.rules.document.when import find_dates, first_year, zone_named

_DATE_FIELD = re.compile(
    r"^\s*(?:incident\s+)?(?:date|start(?:ed)?|occurred(?:\s+on)?|when|day|date\s+of\s+incident)"
    r"\s*[:|]\s*",
    re.I,
)
_MIN_TIMELINE_ENTRIES = 3


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
        if not present[key] and CONTENT_PATTERNS[key].search(prose):
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
        date = _incident_date(document, walk_entries(document, None, year)[0], year)
    return walk_entries(document, date, date.year if date else None, tz)[0]


def read_contents(text: str, *, date: dt.date | None = None) -> DocumentContents:
    """Title, incident date, reported sections and timeline entries of a written postmortem."""
    document = parse_markdown(text)
    year = date.year if date else first_year(text)
    first, _ = walk_entries(document, date, year)
    incident = date or _incident_date(document, first, year)
    entries, by_heading = walk_entries(document, incident, incident.year if incident else year)
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

"""Read the Timeline section of a written postmortem: rows, milestones and the total duration.

Rows come as tables (any reasonable headers: ``Time | Event``, ``When (PST) | Who | What``) or as
bullets and lines (``- 14:32 UTC - alert fired``, ``**14:32** on-call paged``). Times resolve
against the document's date, a date written on its own line (``**March 12**``) moves later rows
to that day, and a clock that runs backwards past midnight rolls to the next day. Each row cites
its evidence: the ``source:line`` references written in an Evidence column when there are any,
otherwise the document itself at the row's line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from assistant.domain import (
    EventKind,
    EvidenceRef,
    Milestone,
    MilestoneName,
    Milestones,
    Notice,
    TimelineEvent,
)
from assistant.ingest.time.parse import TimestampFinder
from assistant.ingest.time.zones import zone_from_designator
from assistant.rules.document.fields import parse_date, parse_minutes, parse_time
from assistant.rules.document.tables import (
    Block,
    ListItem,
    Table,
    TableRow,
    normalize_label,
    split_blocks,
    split_key_value,
    strip_emphasis,
    unescape_markdown,
)
from assistant.rules.timeline.classify import classify_event

PLACEHOLDER = "_To fill in._"
"""What the rendered template writes in an empty section or field."""

CANONICAL_TIMELINE_HEADER = ("Time (UTC)", "Who", "What", "Evidence", "Context")

_KIND_PREFIX = re.compile(
    r"^(?:\*\*|__)(Trigger|Alert|Detection|Communication|Mitigation|Resolution)"
    r"(?::(?:\*\*|__)|(?:\*\*|__):)\s*",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\s*\((?:x|×)\s*(\d+)\)\s*$|\s*\((\d+)\s*(?:x|×|times|events)\)\s*$", re.I)
_RANGE = re.compile(r"\s+to\s+|\s*[–—]\s*|(?<=\d)\s*-\s*(?=\d{1,2}:\d{2}(?!-))")
_REF = re.compile(r"^(?P<source>.+):(?P<line>[1-9]\d*)$")
_ZONE_IN_HEADER = re.compile(r"\(([^()]+)\)")
_SEPARATORS = " \t-–—:|>"
_ALL_TIMES = re.compile(r"\b(?:all\s+)?times?\b.*\b(in|are)\b", re.IGNORECASE)
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("time", re.compile(r"^(time|when|timestamp|date|clock|hour|at)\b|\btime\b")),
    ("who", re.compile(r"^(who|actor|by|owner|person|role|team|responder|source of action)\b")),
    ("evidence", re.compile(r"^(evidence|source|sources|link|links|ref|refs|reference|proof)\b")),
    ("context", re.compile(r"^(context|notes?|comments?|remarks?|details? and context)\b")),
    ("what", re.compile(r"what|event|description|action|detail|activity|summary|happen|message")),
)
_MILESTONE_NAMES: dict[str, MilestoneName | Literal["start"]] = {
    "impact start": "start",
    "start": "start",
    "t+0 alert": "alert",
    "alert": "alert",
    "detection": "detection",
    "communication": "communication",
    "mitigation": "mitigation",
    "resolution": "resolution",
}


@dataclass
class ReadContext:
    """What the section readers share: where the text came from, its date, and what was lost."""

    source: str
    date: dt.date | None
    tz: dt.tzinfo = dt.UTC
    notices: list[Notice] = field(default_factory=list)
    excerpts: list[str] = field(default_factory=list)

    def ref(self, line: int) -> EvidenceRef:
        """A citation of the document itself at ``line``."""
        return EvidenceRef(source=self.source, line=line)

    def keep(self, text: str, line: int, why: str) -> None:
        """Keep text that fits no field in the appendices and say so."""
        if text.strip():
            self.excerpts.append(text.strip("\n"))
            self.notices.append(
                Notice(message=f"line {line}: {why}; kept under Appendices", source=self.source)
            )


@dataclass
class TimelineRead:
    """Everything the Timeline section held."""

    events: list[TimelineEvent] = field(default_factory=list)
    milestones: dict[str, Milestone] = field(default_factory=dict)
    start: dt.datetime | None = None
    total_minutes: float | None = None
    conflicts: dict[str, list[str]] = field(default_factory=dict)

    def build_milestones(self) -> Milestones:
        """The Milestones model, with conflicts attached to their milestone."""
        chosen: dict[str, Milestone | None] = {}
        for name in ("alert", "detection", "communication", "mitigation", "resolution"):
            milestone = self.milestones.get(name)
            extra = tuple(self.conflicts.get(name, ()))
            if milestone is not None and extra:
                milestone = milestone.model_copy(update={"conflicts": milestone.conflicts + extra})
            chosen[name] = milestone
        return Milestones(start=self.start, **chosen)


def parse_refs(text: str) -> tuple[EvidenceRef, ...]:
    """``notes.txt:12, app.log:3401`` as references; empty when any part is not ``source:line``."""
    refs = []
    for part in text.split(", "):
        match = _REF.match(part.strip())
        if match is None:
            return ()
        refs.append(EvidenceRef(source=match.group("source"), line=int(match.group("line"))))
    return tuple(refs)


def _split_kind(raw_what: str) -> tuple[EventKind | None, str]:
    """The kind named by a ``**Alert:**`` prefix, and the rest of the raw text."""
    match = _KIND_PREFIX.match(raw_what.strip())
    if match is None:
        return None, raw_what.strip()
    kind: EventKind = match.group(1).lower()  # type: ignore[assignment]  # regex alternatives
    return kind, raw_what.strip()[match.end() :]


@dataclass(frozen=True)
class _When:
    """What a Time cell says."""
    time: dt.datetime | None
    end: dt.datetime | None
    count: int
    leftover: str
    """Text of the cell that was not a time (kept in the row's context)."""


def _read_when(cell: str, finder: TimestampFinder) -> _When:
    """Time, end time and count of a Time cell: ``14:05``, ``14:05 to 14:20 (x120)``."""
    text = strip_emphasis(cell)
    count = 1
    counted = _COUNT.search(text)
    if counted:
        count = int(counted.group(1) or counted.group(2))
        text = text[: counted.start()]
    parts = _RANGE.split(text, maxsplit=1)
    start = _find(parts[0], finder)
    end = _find(parts[1], finder) if len(parts) == 2 else None
    if start is None and parts[0].strip().lower() not in ("", "unknown", "?", "-"):
        return _When(None, end, count, cell)
    return _When(start, end, count, "")


def _find(text: str, finder: TimestampFinder) -> dt.datetime | None:
    """The time in ``text``, read with the table's running context."""
    if not text.strip():
        return None
    found = finder.find_timestamp(text)
    return found.time if found else None


def _columns(table: Table) -> dict[str, int]:
    """Column index per field, from the header words; the time column defaults to the first."""
    found: dict[str, int] = {}
    for index, header in enumerate(table.header):
        label = normalize_label(header)
        for name, pattern in _COLUMNS:
            if name not in found and pattern.search(label):
                found[name] = index
                break
    found.setdefault("time", 0)
    if "what" not in found:
        rest = [i for i in range(len(table.header)) if i not in found.values()]
        if rest:
            found["what"] = rest[0]
    return found


def _table_zone(table: Table, default: dt.tzinfo) -> dt.tzinfo:
    """The zone a time column's header names (``Time (PST)``), else ``default``."""
    for header in table.header:
        match = _ZONE_IN_HEADER.search(header)
        if match and "time" in header.lower():
            zone = zone_from_designator(match.group(1))
            if zone is not None:
                return zone
    return default


def _row_event(
    row: TableRow, columns: dict[str, int], table: Table, finder: TimestampFinder,
    ctx: ReadContext, *, canonical: bool,
) -> TimelineEvent | None:
    """The event of one table row (None for an empty row)."""
    when = _read_when(row.cell(columns["time"]), finder)
    raw_what = row.cells[columns["what"]] if columns.get("what", 99) < len(row.cells) else ""
    kind, raw_what = _split_kind(raw_what)
    what = unescape_markdown(raw_what).strip()
    who = row.cell(columns.get("who")) or None
    context_parts = [row.cell(columns.get("context"))] if "context" in columns else []
    evidence_text = row.cell(columns.get("evidence"))
    refs = parse_refs(evidence_text) if evidence_text else ()
    if evidence_text and not refs:
        context_parts.append(f"Evidence: {evidence_text}")
    used = set(columns.values())
    for index, header in enumerate(table.header):
        if index not in used and row.cell(index):
            context_parts.append(f"{header}: {row.cell(index)}")
    if when.leftover:
        context_parts.append(f"Time: {when.leftover}")
    if not what and not any(context_parts) and when.time is None:
        return None
    if kind is None:
        kind = "other" if canonical else classify_event(what, speaker=who)
    context = "\n".join(part for part in context_parts if part) or None
    return TimelineEvent(
        time=when.time, who=who, what=what, kind=kind, evidence=refs or (ctx.ref(row.line),),
        context=context, count=when.count, end_time=when.end,
    )


def _table_events(table: Table, ctx: ReadContext) -> list[TimelineEvent]:
    """Events of a timeline table, with its own zone and running date."""
    canonical = table.header == CANONICAL_TIMELINE_HEADER
    columns = _columns(table)
    finder = TimestampFinder(
        default_tz=_table_zone(table, ctx.tz), default_date=ctx.date, mode="notes"
    )
    events = []
    for row in table.rows:
        event = _row_event(row, columns, table, finder, ctx, canonical=canonical)
        if event is not None:
            events.append(event)
    return events


def _line_event(
    text: str, line: int, finder: TimestampFinder, ctx: ReadContext, *, listed: bool
) -> TimelineEvent | None:
    """The event of a bullet or a line (``14:32 UTC - alert fired``); None for a date line."""
    plain = unescape_markdown(text)
    stamp = finder.find_timestamp(strip_emphasis(plain.split("\n")[0]) + " ")
    found = stamp is not None and stamp.span[0] <= 4
    if not found:
        if parse_date(plain) is not None and len(plain.split()) <= 6:
            return None
        if not listed:
            ctx.keep(plain, line, "timeline text without a time")
            return None
    rest = plain
    if stamp is not None and found:
        head = strip_emphasis(plain.split("\n")[0])
        rest = head[stamp.span[1] :] + plain[len(plain.split("\n")[0]) :]
        rest = re.sub(r"^\s*(?:\*\*|__)\s*", "", rest)
    rest = rest.lstrip(_SEPARATORS).strip()
    kind, rest = _split_kind(rest)
    if not rest:
        return None
    return TimelineEvent(
        time=stamp.time if stamp is not None and found else None,
        what=rest,
        kind=kind or classify_event(rest),
        evidence=(ctx.ref(line),),
    )


def _item_events(items: tuple[ListItem, ...], finder: TimestampFinder, ctx: ReadContext) -> list[
    TimelineEvent
]:
    """Events of a bulleted timeline."""
    events = []
    for item in items:
        event = _line_event(item.text, item.line, finder, ctx, listed=True)
        if event is not None:
            events.append(event)
    return events


def _total(text: str, read: TimelineRead) -> bool:
    """Read a ``Total duration: 75 min`` line; True when the line was one."""
    pair = split_key_value(text)
    if pair is None or normalize_label(pair[0]) not in ("total duration", "total", "duration"):
        return False
    value = unescape_markdown(pair[1])
    read.total_minutes = None if value.strip() == PLACEHOLDER.strip("_") else parse_minutes(
        value.replace("min", " min")
    )
    return True


def read_timeline_body(body: str, first_line: int, ctx: ReadContext, read: TimelineRead) -> None:
    """Add the rows of a Timeline section body (tables, bullets, lines) to ``read``."""
    finder = TimestampFinder(default_tz=ctx.tz, default_date=ctx.date, mode="notes")
    for block in split_blocks(body, first_line=first_line):
        if block.kind == "table" and block.table is not None:
            read.events += _table_events(block.table, ctx)
        elif block.kind == "list":
            read.events += _item_events(block.items, finder, ctx)
        elif block.kind == "paragraph" or block.kind == "code":
            _paragraph_events(block, finder, ctx, read)


def _paragraph_events(
    block: Block, finder: TimestampFinder, ctx: ReadContext, read: TimelineRead
) -> None:
    """Events of timeline lines (or a code block of them), one per line."""
    offset = 1 if block.kind == "code" else 0
    for number, line in enumerate(block.text.split("\n")):
        if not line.strip() or line.strip() == PLACEHOLDER or _total(line, read):
            continue
        if _ALL_TIMES.search(line) and zone_from_designator(line.split()[-1].strip(".)")):
            continue
        event = _line_event(line, block.line + offset + number, finder, ctx, listed=False)
        if event is not None:
            read.events.append(event)


def read_milestones_body(
    body: str, first_line: int, ctx: ReadContext, read: TimelineRead
) -> None:
    """Read the Milestones table (and the total duration line) of the rendered template."""
    for block in split_blocks(body, first_line=first_line):
        if block.kind == "table" and block.table is not None:
            _milestone_rows(block.table, ctx, read)
        elif block.kind == "paragraph":
            for number, line in enumerate(block.text.split("\n")):
                if line.strip() and not _total(line, read):
                    ctx.keep(line, block.line + number, "milestone text not understood")
        elif block.kind != "comment":
            ctx.keep(block.text, block.line, "milestone text not understood")


def _milestone_rows(table: Table, ctx: ReadContext, read: TimelineRead) -> None:
    """Milestones of the template's Milestones table."""
    columns = {normalize_label(h): i for i, h in enumerate(table.header)}
    time_col = next((i for label, i in columns.items() if "time" in label), 1)
    what_col = columns.get("what", 3)
    evidence_col = columns.get("evidence", 4)
    for row in table.rows:
        name = _MILESTONE_NAMES.get(normalize_label(row.cell(0)))
        if name is None:
            ctx.keep(" | ".join(row.cells), row.line, "milestone row not understood")
            continue
        time_text = row.cell(time_col)
        parsed = parse_time(time_text, default_tz=ctx.tz, default_date=ctx.date)
        if name == "start":
            read.start = parsed.time if parsed else None
            continue
        what = row.cell(what_col)
        if time_text in ("", PLACEHOLDER) and not what:
            continue
        refs = parse_refs(row.cell(evidence_col)) or (ctx.ref(row.line),)
        read.milestones[name] = Milestone(
            name=name,
            time=parsed.time if parsed else None,
            what=what,
            evidence=refs,
        )


def read_conflicts_body(body: str, first_line: int, ctx: ReadContext, read: TimelineRead) -> None:
    """Read ``- **Detection:** ...`` conflict notes into ``read.conflicts``."""
    for block in split_blocks(body, first_line=first_line):
        items = block.items if block.kind == "list" else ()
        if block.kind not in ("list", "comment"):
            ctx.keep(block.text, block.line, "milestone conflict not understood")
        for item in items:
            pair = split_key_value(item.text)
            name = _MILESTONE_NAMES.get(normalize_label(pair[0])) if pair else None
            if pair is None or name is None or name == "start":
                ctx.keep(unescape_markdown(item.text), item.line, "conflict names no milestone")
                continue
            read.conflicts.setdefault(str(name), []).append(unescape_markdown(pair[1]))

"""Read action items from the ways people write them.

Pipe rows in the template's order (``HIGH | What | Why | Owner | 2024-03-01 | PENDING``),
Markdown tables with any reasonable headers, bullets and checkboxes, numbered lists, Jira-style
keys, and plain prose sentences. Owner, due date, priority, status and horizon are pulled out of
the text; the rest is the item's ``what``. Headings such as "Immediate (0-7 days)" set the horizon
of the items under them when an item's own date does not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from assistant.domain import ActionItem, Horizon, Status
from assistant.rules.actions.commit import is_imperative
from assistant.rules.actions.duedates import (
    DueReading,
    horizon_for_days,
    horizon_from_words,
    read_due,
)
from assistant.rules.actions.fields import (
    TRACKER_KEY,
    Fields,
    clean_text,
    fields_from_text,
    first_group,
    is_collective,
    normalize_owner,
    read_priority,
    read_status,
)

_HEADER_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("key", re.compile(r"^(#|id|key|ticket|jira|issue|ref|link|tracker|no\.?)$", re.I)),
    ("priority", re.compile(r"^(priority|prio|pri|p|severity|sev|importance|urgency)$", re.I)),
    ("status", re.compile(r"^(status|state|done\??|progress|complete\??)$", re.I)),
    ("owner", re.compile(r"owner|assignee|assigned|who|responsible|dri|lead|team", re.I)),
    ("due", re.compile(r"due|deadline|date|target|eta|when|by|timeline|timeframe", re.I)),
    ("horizon", re.compile(r"^(horizon|term|type|category|timescale|bucket)$", re.I)),
    ("why", re.compile(r"^(why|rationale|reason|purpose|motivation|justification|impact)", re.I)),
    ("what", re.compile(r"what|action|item|task|description|summary|title|fix|remediation", re.I)),
)
_TEMPLATE_ORDER = ("priority", "what", "why", "owner", "due", "status")

_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+•‣◦]|\d{1,3}[.)]|[a-z][.)])\s+(.*)$")
_CHECKBOX = re.compile(r"^\[([ xX✓✔-])\]\s*")
_HEADING = re.compile(
    r"^\s{0,3}(?:#{1,6}\s+(.+?)\s*#*|(?:\*\*|__)(.+?)(?:\*\*|__):?|([^|]{3,60}):)\s*$"
)
_ACTION_SENTENCE = re.compile(
    r"\b(will|to|should|must|need(?:s)?\s+to|going\s+to|plan\s+to|owns?)\b|^[A-Z][a-z]+\s", re.I
)
_INTRO_LINE = re.compile(r":\s*$|^(the following|below are|these are|we agreed)\b", re.I)


@dataclass(frozen=True)
class ParsedActionItem:
    """An action item with the text it was read from and what was assumed about its date."""

    item: ActionItem
    raw: str
    line: int
    due_reading: DueReading
    horizon_source: str | None
    """Where the horizon came from: "due", "relative", "words", "heading" or None."""
    collective_owner: bool = False
    """True when the text gives a collective subject ("we will") instead of an owner."""


def _split_row(line: str) -> list[str]:
    """Cells of a pipe row, without the outer pipes."""
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|"):
        stripped = stripped[:-1]
    return [cell.strip() for cell in stripped.split("|")]


def header_field(cell: str) -> str | None:
    """The ActionItem field a table header names, or None."""
    words = clean_text(cell).lower()
    for field, pattern in _HEADER_FIELDS:
        if pattern.search(words):
            return field
    return None


def _is_header_row(cells: list[str]) -> bool:
    """True when most cells are header words and one of them names the action."""
    fields = [header_field(cell) for cell in cells]
    named = sum(1 for f in fields if f is not None)
    short = all(len(cell.split()) <= 3 for cell in cells)
    return short and named >= max(2, len(cells) - 1) and "what" in fields


def _looks_like_owner(cell: str) -> bool:
    """A short cell that could name a person, role or team."""
    value = clean_text(cell)
    if is_imperative(value) and len(value.split()) == 1:
        return False
    return bool(value) and len(value.split()) <= 4 and not read_due(value, None).phrase


def guess_columns(cells: list[str]) -> list[str | None]:
    """Column fields for a headerless pipe row: the template order, or by cell content."""
    if len(cells) == len(_TEMPLATE_ORDER):
        return list(_TEMPLATE_ORDER)
    fields: list[str | None] = [None] * len(cells)
    texts: list[int] = []
    for index, cell in enumerate(cells):
        if read_priority(cell):
            fields[index] = "priority"
        elif read_status(cell):
            fields[index] = "status"
        elif TRACKER_KEY.fullmatch(clean_text(cell)):
            fields[index] = "key"
        elif clean_text(cell) and read_due(cell, None).phrase and len(cell.split()) <= 4:
            fields[index] = "due"
        elif clean_text(cell):
            texts.append(index)
    if texts:
        longest = max(texts, key=lambda i: len(cells[i]))
        fields[longest] = "what"
        rest = [i for i in texts if i != longest]
        for index in rest:
            if fields[index] is None and "owner" not in fields and _looks_like_owner(cells[index]):
                fields[index] = "owner"
            elif fields[index] is None and "why" not in fields:
                fields[index] = "why"
    return fields


def _fields_from_row(cells: list[str], columns: list[str | None]) -> Fields | None:
    """Fields of one table row given the column meaning; None when the row has no action."""
    values: dict[str, str] = {}
    for cell, field in zip(cells, columns, strict=False):
        if field and clean_text(cell) and field not in values:
            values[field] = cell
    if not clean_text(values.get("what", "")):
        return None
    fields = fields_from_text(values["what"])
    fields.why = clean_text(values["why"]) if "why" in values else fields.why
    if "owner" in values:
        fields.owner = normalize_owner(values["owner"])
    if "due" in values:
        fields.due_text = values["due"]
    if "priority" in values:
        fields.priority = read_priority(values["priority"]) or fields.priority
    if "status" in values:
        fields.status = read_status(values["status"]) or fields.status
    if "key" in values:
        key = TRACKER_KEY.search(values["key"])
        fields.key = key.group(0) if key else fields.key
    fields.horizon_text = values.get("horizon")
    return fields


def build_item(
    fields: Fields, raw: str, line: int, heading_horizon: Horizon | None, anchor: dt.date | None
) -> ParsedActionItem:
    """The ActionItem for ``fields``: resolves the due date and picks the horizon."""
    reading = read_due(fields.due_text, anchor) if fields.due_text else DueReading()
    if reading.phrase is None:
        vague = read_due(raw, anchor)
        reading = vague if vague.vague else reading
    horizon: Horizon | None = None
    source: str | None = None
    if reading.due is not None and anchor is not None:
        horizon, source = horizon_for_days((reading.due - anchor).days), "due"
    elif reading.days is not None:
        horizon, source = horizon_for_days(reading.days), "relative"
    if horizon is None:
        worded = horizon_from_words(fields.horizon_text or "") or horizon_from_words(raw)
        if worded is not None:
            horizon, source = worded, "words"
    if horizon is None and heading_horizon is not None:
        horizon, source = heading_horizon, "heading"
    item = ActionItem(
        what=fields.what,
        why=fields.why or None,
        owner=fields.owner,
        due=reading.due,
        priority=fields.priority,
        status=fields.status or "open",
        horizon=horizon,
        key=fields.key,
    )
    return ParsedActionItem(
        item=item,
        raw=clean_text(raw),
        line=line,
        due_reading=reading,
        horizon_source=source,
        collective_owner=fields.owner is None and is_collective(fields.what),
    )


def _heading_horizon(line: str) -> tuple[bool, Horizon | None]:
    """Whether ``line`` is a heading, and the horizon it names."""
    match = _HEADING.match(line)
    if match is None:
        return False, None
    words = first_group(match)
    if len(words.split()) > 8:
        return False, None
    return True, horizon_from_words(words)


def _sentences(text: str) -> list[str]:
    """Sentences of a prose line that read as actions."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z@])", text.strip())
    return [p for p in parts if len(p.split()) >= 3 and _ACTION_SENTENCE.search(p)]


def _bullet_blocks(lines: list[str], start: int) -> tuple[str, int]:
    """A bullet's text with its indented continuation lines, and the next line index."""
    match = _BULLET.match(lines[start])
    indent = len(match.group(1)) if match else 0
    parts = [match.group(2) if match else lines[start]]
    index = start + 1
    while index < len(lines):
        line = lines[index]
        if not line.strip() or _BULLET.match(line) or _HEADING.match(line) or "|" in line:
            break
        if len(line) - len(line.lstrip()) <= indent:
            break
        parts.append(line.strip())
        index += 1
    return " ".join(parts), index


def read_action_items(text: str, incident_date: dt.date | None) -> list[ParsedActionItem]:
    """Every action item in ``text`` with its raw text, line and date reading."""
    lines = text.splitlines()
    items: list[ParsedActionItem] = []
    heading_horizon: Horizon | None = None
    columns: list[str | None] | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped or _TABLE_SEPARATOR.match(stripped):
            columns = None if not stripped else columns
            index += 1
            continue
        if stripped.count("|") >= 2 or (stripped.startswith("|") and stripped.count("|") >= 1):
            cells = _split_row(stripped)
            if _is_header_row(cells):
                columns = [header_field(cell) for cell in cells]
            else:
                fields = _fields_from_row(cells, columns or guess_columns(cells))
                if fields is not None:
                    built = build_item(fields, stripped, index + 1, heading_horizon, incident_date)
                    items.append(built)
            index += 1
            continue
        columns = None
        is_heading, named = _heading_horizon(line)
        if is_heading and not _BULLET.match(line):
            heading_horizon = named
            index += 1
            continue
        if _BULLET.match(line):
            body, next_index = _bullet_blocks(lines, index)
            items.extend(_items_from_bullet(body, index + 1, heading_horizon, incident_date))
            index = next_index
            continue
        if not _INTRO_LINE.search(stripped):
            for sentence in _sentences(stripped):
                fields = fields_from_text(sentence)
                if fields.what:
                    built = build_item(fields, sentence, index + 1, heading_horizon, incident_date)
                    items.append(built)
        index += 1
    return items


def _items_from_bullet(
    body: str, line: int, heading_horizon: Horizon | None, anchor: dt.date | None
) -> list[ParsedActionItem]:
    """The item of one bullet or checkbox line (none for an empty or label-only bullet)."""
    status: Status | None = None
    checkbox = _CHECKBOX.match(body)
    if checkbox:
        status = "open" if checkbox.group(1) == " " else "done"
        body = body[checkbox.end() :]
    fields = fields_from_text(body)
    if not fields.what:
        return []
    if status is not None and fields.status is None:
        fields.status = status
    parsed = build_item(fields, body, line, heading_horizon, anchor)
    return [parsed]


def parse_action_items(text: str, incident_date: dt.date | None) -> list[ActionItem]:
    """The action items written in ``text``, with relative dates resolved when unambiguous."""
    return [parsed.item for parsed in read_action_items(text, incident_date)]


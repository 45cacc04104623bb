"""Read the Action items section: the template's tables exactly, anything else via the parser.

A table with the template's header (``Priority | What | Why | Owner | Due | Status [| SMART]``)
is read cell by cell, so text comes back unchanged; a row whose cells are not the template's
values, and every other shape (bullets, checkboxes, other tables, prose), goes through
``find_action_items``, which quotes each item's text exactly. Horizon sub-headings of the
template set the horizon exactly.
"""

from __future__ import annotations

import datetime as dt
import re

from assistant.domain import ActionItem, Horizon, SmartScore, Status
from assistant.rules.actions.duedates import horizon_for_days, horizon_from_words
from assistant.rules.actions.find import find_action_items
from assistant.rules.actions.parse import parse_action_items
from assistant.rules.document.fields import parse_date
from assistant.rules.document.parts import Part, body_blocks
from assistant.rules.document.tables import Block, TableRow, normalize_label, unescape_markdown
from assistant.rules.document.timeline import ReadContext

_TRACKER_KEY = re.compile(
    r"\b(?!(?:ISO|UTF|RFC|SHA|CVE|HTTP|TLS|SEV|GPT|UTC|GMT)-)[A-Z][A-Z0-9]{1,9}-\d{1,7}\b"
)
_HORIZON_TITLES: dict[str, Horizon | None] = {
    "immediate 0 7 days": "immediate",
    "short term 1 4 weeks": "short_term",
    "long term 1 3 months": "long_term",
    "horizon not set": None,
}
_ACTION_HEADER = ("Priority", "What", "Why", "Owner", "Due", "Status")
_PRIORITIES: frozenset[str] = frozenset(("P0", "P1", "P2", "P3", "HIGH", "MEDIUM", "LOW"))
_STATUSES: dict[str, Status] = {
    "open": "open", "in progress": "in_progress", "done": "done", "won't do": "wont_do",
}  # fmt: skip
_SMART = re.compile(r"^S([0-2?]) M([0-2?]) A([0-2?]) R([0-2?]) T([0-2?])$")
_ACTIONS_HEADING = "## Action items\n\n"
"""Placed above a section the reader filed under Action items, so every entry in it is read as
an item whatever its own heading says."""
_KEY_PREFIX = re.compile(r"^(?P<key>[A-Z][A-Z0-9]{1,9}-\d{1,7}): (?P<rest>.*)$", re.S)

def _parse_smart(text: str) -> SmartScore | None:
    """The SMART cell (``S2 M1 A2 R2 T0``, ``unassessed``) as a score without reasons."""
    if text == "unassessed":
        return SmartScore(
            specific=None, measurable=None, assignable=None, realistic=None, time_bound=None
        )
    match = _SMART.match(text)
    if match is None:
        return None
    values = [None if g == "?" else int(g) for g in match.groups()]
    return SmartScore(
        specific=values[0], measurable=values[1], assignable=values[2],
        realistic=values[3], time_bound=values[4],
    )


def _strict_item(row: TableRow, horizon: Horizon | None, smart_col: bool) -> ActionItem | None:
    """A row of the template's action table read exactly; None when a cell is not canonical."""
    priority, due_text, status_text = row.cell(0), row.cell(4), row.cell(5)
    if priority and priority not in _PRIORITIES or status_text not in _STATUSES:
        return None
    try:
        due = dt.date.fromisoformat(due_text) if due_text else None
    except ValueError:
        return None
    raw_what = row.cells[1] if len(row.cells) > 1 else ""
    key_match = _KEY_PREFIX.match(raw_what)
    smart = _parse_smart(row.cell(6)) if smart_col else None
    if smart_col and row.cell(6) and smart is None:
        return None
    return ActionItem(
        what=unescape_markdown(key_match.group("rest") if key_match else raw_what).strip(),
        why=row.cell(2) or None,
        owner=row.cell(3) or None,
        due=due,
        priority=priority or None,
        status=_STATUSES[status_text],
        horizon=horizon,
        key=key_match.group("key") if key_match else None,
        smart=smart,
    )


def _section_horizon(heading: str, due: dt.date | None, date: dt.date | None) -> Horizon | None:
    """Horizon named by the template's sub-heading, else from the due date or words."""
    label = normalize_label(heading)
    if label in _HORIZON_TITLES:
        return _HORIZON_TITLES[label]
    if due is not None and date is not None:
        return horizon_for_days((due - date).days)
    return horizon_from_words(heading)


def read_action_section(parts: list[Part], ctx: ReadContext) -> list[ActionItem]:
    """Action items of every part filed under Action items, in order."""
    items: list[ActionItem] = []
    for part in parts:
        loose: list[str] = []
        for block in body_blocks([part]):
            table = block.table
            if table is not None and table.header[:6] == _ACTION_HEADER:
                items += _template_rows(block, part.heading, ctx)
            else:
                loose.append(block.text)
        if loose:
            text = "\n\n".join(loose)
            heading = f"### {part.heading}\n\n" if part.heading else ""
            found = _loose_items(_ACTIONS_HEADING + heading + unescape_markdown(text), ctx.date)
            if not found:
                ctx.keep(unescape_markdown(text), part.body_line, "no action item found in text")
            items += found
    return items


def _loose_items(text: str, date: dt.date | None) -> list[ActionItem]:
    """Items of any shape; a tracker key in a column the parser does not map is kept."""
    lines = text.split("\n")
    items = []
    for parsed in find_action_items(text, date):
        item = parsed.item
        row = lines[parsed.line - 1] if 0 < parsed.line <= len(lines) else ""
        key = _TRACKER_KEY.search(row) if item.key is None and row.count("|") >= 2 else None
        if key is not None:
            item = item.model_copy(update={"key": key.group(0)})
        items.append(item)
    return items


def _template_rows(block: Block, heading: str, ctx: ReadContext) -> list[ActionItem]:
    """Rows of a template-shaped table; a row that is not canonical is parsed loosely."""
    table = block.table
    if table is None:
        return []
    smart_col = len(table.header) > 6 and normalize_label(table.header[6]) == "smart"
    canonical = normalize_label(heading) in _HORIZON_TITLES
    items = []
    header_lines = block.text.split("\n")[:2]
    for row in table.rows:
        due_text = row.cell(4)
        due = parse_date(due_text) if due_text else None
        horizon = _section_horizon(heading, due, ctx.date)
        item = _strict_item(row, horizon, smart_col)
        if item is None:
            row_text = block.text.split("\n")[row.line - block.line]
            found = parse_action_items("\n".join([*header_lines, row_text]), ctx.date)
            if not found:
                ctx.keep(row_text, row.line, "action item row not understood")
                continue
            item = found[0]
            if canonical:
                item = item.model_copy(update={"horizon": horizon})
        items.append(item)
    return items

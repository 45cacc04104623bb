"""Find the action items of a whole written postmortem, wherever and however they are written.

Each block is judged by its form and its place (rules in ``commit.py``): list entries under a
heading that names follow-up work or after a sentence announcing changes, checkboxes, rows of a
table with an action column, labelled ``Action item:`` lines, and sentences that commit to a
change ("we will ...", "we have added ...", an issue-linked fix). In a section whose action items
are a table, only the rows are items: the prose around them explains the table. The item's
``what`` quotes the author's words (``quote.py``); fields come from the table's columns, the
text's edges and its wording (``fields.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from assistant.domain import Horizon, Status
from assistant.rules.actions.blocks import Block, Entry, read_blocks
from assistant.rules.actions.commit import (
    Context,
    announces_changes,
    changes_follow,
    commitment_form,
    heading_context,
    is_imperative,
    is_label,
    is_not_item,
    labelled_item,
    reports_done,
    restored_service,
)
from assistant.rules.actions.duedates import horizon_from_words, read_due
from assistant.rules.actions.fields import (
    TRACKER_KEY,
    Fields,
    fields_from_text,
    normalize_owner,
    read_priority,
    read_status,
)
from assistant.rules.actions.parse import ParsedActionItem, build_item, guess_columns, header_field
from assistant.rules.actions.quote import quote_item

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[`*_(@])")
_COUNTERFACTUAL = re.compile(
    r"\b(should|would|could|might|must)\s+(not\s+)?have\s+(been|\w+(ed|en|wn|ght|ne))\b", re.I
)
_DONE_NOTE = re.compile(
    r"\b(this|it|that)\s+(has\s+been|was|is\s+now|is)\s+(done|completed|fixed|implemented|"
    r"shipped|merged|in\s+place)\b|^_?(done|completed|fixed|shipped|merged)\b",
    re.I,
)
_ISSUE_NUMBER = re.compile(r"(?<![\w/&])#\d{2,7}\b")
_FIELD_SENTENCE = re.compile(
    r"^\W*(owners?|assignee|assigned\s+to|dri|due(\s+date)?|deadline|eta|status|priority|"
    r"target(\s+date)?)\s*\**\s*[:=]",
    re.I,
)
_TIME_HEADER = re.compile(r"^(time|date|when|timestamp|utc|day)\b", re.I)


@dataclass
class _Scope:
    """Where a block sits: its context, the horizon its headings name, and the incident date."""

    context: Context
    horizon: Horizon | None
    date: dt.date | None
    found: list[ParsedActionItem] = field(default_factory=list)


def _fields(text: str, status: Status | None) -> Fields:
    """Fields of one item: the quoted text, then fields from its edges and its wording."""
    quote = quote_item(text)
    fields = fields_from_text(text)
    fields.what = quote.what
    fields.key = quote.key or fields.key
    if quote.labelled:
        labelled = fields_from_text(quote.labelled)
        fields.owner = labelled.owner or fields.owner
        fields.due_text = labelled.due_text or fields.due_text
        fields.status = labelled.status or fields.status
        fields.priority = labelled.priority or fields.priority
    for part in quote.parts:
        value = part.strip(" *_`")
        if read_priority(value):
            fields.priority = fields.priority or read_priority(value)
        elif read_status(value):
            fields.status = fields.status or read_status(value)
        elif TRACKER_KEY.fullmatch(value) or value.startswith("#"):
            fields.key = fields.key or value
        elif read_due(value, None).phrase:
            fields.due_text = fields.due_text or value
        elif fields.owner is None:
            fields.owner = normalize_owner(value)
    link = _ISSUE_NUMBER.search(text)
    fields.key = fields.key or (link.group(0) if link else None)
    fields.status = status or fields.status
    if fields.status is None and reports_done(text):
        fields.status = "done"
    return fields


def _add(scope: _Scope, text: str, line: int, status: Status | None = None) -> None:
    """Record ``text`` as an item unless it is already recorded."""
    fields = _fields(text, status)
    if not fields.what or any(p.item.what == fields.what for p in scope.found):
        return
    if fields.status == "done" and restored_service(text):
        return
    scope.found.append(build_item(fields, text, line, scope.horizon, scope.date))


def _entry_status(entry: Entry, scope: _Scope) -> Status | None:
    """Done from a tick, a "done" note nested under the entry, or a completed-work heading."""
    if entry.checked is not None:
        return "done" if entry.checked else "open"
    notes = [b.text for b in entry.children if b.kind == "paragraph"]
    notes += [e.text for b in entry.children if b.kind == "list" for e in b.entries]
    if any(_DONE_NOTE.search(note) for note in notes):
        return "done"
    return "done" if scope.context == "done" else None


def _strong(text: str, scope: _Scope) -> bool:
    """A commitment clear enough to count outside a commitment section."""
    return commitment_form(text, strong_only=True, future_only=scope.context == "narrative")


def _nested_commitments(entry: Entry, scope: _Scope) -> None:
    """Entries nested under an item that are commitments of their own (an imperative)."""
    for block in entry.children:
        for child in block.entries if block.kind == "list" else []:
            if is_imperative(child.text) and not is_not_item(child.text):
                _add(scope, child.text, child.line, _entry_status(child, scope))
            _nested_commitments(child, scope)


def _list_items(block: Block, scope: _Scope, listed: bool) -> None:
    """Items of a list; ``listed`` when its place says the entries are commitments."""
    for entry in block.entries:
        text = entry.text
        if is_label(text) and entry.children:
            sub = heading_context(text)
            inner = _Scope(sub if sub != "neutral" else scope.context, scope.horizon, scope.date,
                           scope.found)
            _walk(entry.children, inner, listed or sub in ("commit", "done"))
            continue
        label = labelled_item(text)
        if is_label(text) and not entry.children and not label:
            continue
        if label:
            _add(scope, text[label.end() :], entry.line, _entry_status(entry, scope))
        elif is_not_item(text) or _COUNTERFACTUAL.search(text):
            continue
        elif entry.checked is not None or listed or _strong(text, scope):
            _add(scope, text, entry.line, _entry_status(entry, scope))
            _nested_commitments(entry, scope)
        else:
            _walk(entry.children, scope, False)


def _paragraph_items(block: Block, scope: _Scope) -> None:
    """Sentences of a paragraph that commit to a change."""
    label = labelled_item(block.text)
    if label:
        _add(scope, block.text[label.end() :], block.line)
        return
    listed = scope.context in ("commit", "done")
    sentences: list[str] = []
    for sentence in _SENTENCE.split(block.text):
        field = _FIELD_SENTENCE.match(sentence)
        if sentences and field and not _FIELD_SENTENCE.match(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {sentence}"
        else:
            sentences.append(sentence)
    for sentence in sentences:
        if changes_follow(sentence):
            listed = True
            continue
        if is_not_item(sentence) or _COUNTERFACTUAL.search(sentence) or sentence.endswith(":"):
            continue
        narrative = scope.context == "narrative"
        core = quote_item(sentence).what
        if commitment_form(core, strong_only=not listed, future_only=narrative):
            done: Status | None = "done" if scope.context == "done" else None
            _add(scope, sentence, block.line, done)


def _is_action_table(block: Block) -> bool:
    """A table whose header names an action and an owner, status, priority or due column."""
    fields = [header_field(cell) for cell in block.header]
    if block.header and _TIME_HEADER.match(block.header[0]) and "owner" not in fields:
        return False
    return "what" in fields and bool({"owner", "status", "priority", "due", "key"} & set(fields))


def _table_items(block: Block, scope: _Scope) -> None:
    """Rows of an action table, each read by its column names (or by content without a header)."""
    for line, cells in block.rows:
        columns = [header_field(c) for c in block.header] if block.header else guess_columns(cells)
        values: dict[str, str] = {}
        for cell, name in zip(cells, columns, strict=False):
            if name and cell.strip() and name not in values:
                values[name] = cell
        what = values.get("what") or max(cells, key=len, default="")
        if not what.strip() or is_not_item(what):
            continue
        fields = _fields(what, None)
        fields.why = values["why"].strip() if values.get("why") else fields.why
        if "owner" in values:
            fields.owner = normalize_owner(values["owner"])
        fields.status = read_status(values.get("status", "")) or fields.status
        fields.priority = read_priority(values.get("priority", "")) or fields.priority
        fields.due_text = values.get("due") or fields.due_text
        key_cell = values.get("key", "")
        key = TRACKER_KEY.search(key_cell) or re.search(r"#\d+", key_cell)
        fields.key = key.group(0) if key else fields.key
        if not any(p.item.what == fields.what for p in scope.found):
            scope.found.append(build_item(fields, what, line, scope.horizon, scope.date))


def _list_place(previous: Block | None, scope: _Scope) -> tuple[bool, _Scope]:
    """Whether a list's entries are commitments, from the block before it and the section.

    A sentence ending in a colon decides: one that announces changes makes the list items, any
    other ("we monitored:") makes it an enumeration. After a list whose last entry is a label
    ("**Review actions**:") the label decides; after an entry that ends in a colon the list
    details that entry.
    """
    committed = scope.context in ("commit", "done")
    if previous is not None and previous.kind == "paragraph" and previous.text.endswith(":"):
        return announces_changes(previous.text), scope
    if previous is not None and previous.kind == "list" and previous.entries:
        last = previous.entries[-1]
        if is_label(last.text) and not last.children:
            context = heading_context(last.text)
            if context in ("commit", "done"):
                return True, _Scope(context, scope.horizon, scope.date, scope.found)
            return announces_changes(last.text), scope
        if last.text.endswith(":") and not last.children:
            return False, scope
    return committed, scope


def _walk(blocks: list[Block], scope: _Scope, listed: bool) -> None:
    """Items of the blocks of one section (or of one labelled list entry)."""
    tables = [b for b in blocks if b.kind == "table" and _is_action_table(b)]
    if tables and scope.context in ("commit", "done"):
        for table in tables:
            _table_items(table, scope)
        return
    previous: Block | None = None
    for block in blocks:
        committed = scope.context in ("commit", "done")
        if block.kind == "table" and (block in tables or (committed and not block.header)):
            _table_items(block, scope)
        elif block.kind == "list":
            place, inner = _list_place(previous, scope)
            _list_items(block, inner, listed or place)
        elif block.kind == "paragraph":
            if is_label(block.text) and heading_context(block.text) in ("commit", "done"):
                scope = _Scope(heading_context(block.text), scope.horizon, scope.date, scope.found)
            elif not block.text.endswith(":"):
                _paragraph_items(block, scope)
        previous = block


def _sections(blocks: list[Block]) -> list[tuple[list[Block], list[Block]]]:
    """Blocks split at headings: (the heading chain, the blocks under the last heading)."""
    chain: list[Block] = []
    sections: list[tuple[list[Block], list[Block]]] = [([], [])]
    for block in blocks:
        if block.kind == "heading":
            chain = [h for h in chain if h.level < block.level] + [block]
            sections.append((list(chain), []))
        else:
            sections[-1][1].append(block)
    return sections


def _chain_context(chain: list[Block]) -> Context:
    """The nearest heading that says something decides; commitment headings win over parents."""
    contexts = [heading_context(h.text) for h in reversed(chain)]
    return next((c for c in contexts if c != "neutral"), "neutral")


def find_action_items(text: str, incident_date: dt.date | None) -> list[ParsedActionItem]:
    """Every action item written in the postmortem ``text``, in document order."""
    found: list[ParsedActionItem] = []
    for chain, blocks in _sections(read_blocks(text)):
        horizon = next((horizon_from_words(h.text) for h in reversed(chain)
                        if horizon_from_words(h.text)), None)
        scope = _Scope(_chain_context(chain), horizon, incident_date, found)
        _walk(blocks, scope, False)
    return sorted(found, key=lambda p: p.line)


def item_from_text(
    text: str, line: int, incident_date: dt.date | None, status: Status | None = None
) -> ParsedActionItem:
    """One item read from ``text`` with the same field rules as any found item."""
    return build_item(_fields(text, status), text, line, None, incident_date)


def _entry_texts(block: Block) -> list[tuple[int, str]]:
    """(line, text) of a list's entries and of the paragraphs and lists nested in them."""
    texts: list[tuple[int, str]] = []
    for entry in block.entries:
        texts.append((entry.line, entry.text))
        for child in entry.children:
            texts += [(child.line, child.text)] if child.kind == "paragraph" else []
            texts += _entry_texts(child) if child.kind == "list" else []
    return texts


def block_texts(text: str) -> list[tuple[int, str]]:
    """(line, text) of every paragraph and list entry of ``text``, in document order."""
    texts: list[tuple[int, str]] = []
    for block in read_blocks(text):
        if block.kind == "paragraph":
            texts.append((block.line, block.text))
        elif block.kind == "list":
            texts += _entry_texts(block)
    return texts

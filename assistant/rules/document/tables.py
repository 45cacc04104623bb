"""Generic pieces of Markdown as people write it: tables, pipe rows, bullets, key-value lines.

The postmortem reader (``document.py``) walks a section body as a list of ``Block``s (paragraphs,
lists, tables, fenced code) and reads fields out of them. Parsing is structural first and
unescaping last: a cell or a value is split out of the raw text, then ``unescape_markdown`` turns
CommonMark backslash escapes and ``<br>`` back into plain text. That order is what lets the
renderer escape user text so it can never become structure, and lets this module read it back
unchanged.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Literal

_PUNCTUATION = frozenset(string.punctuation)
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SEPARATOR_CELL = re.compile(r"^\s*:?-{1,}:?\s*$")
_LIST_MARKER = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+•]|\d{1,9}[.)])(?:\s+|$)(?P<rest>.*)$")
_CHECKBOX = re.compile(r"^\[(?P<mark>[ xX])\]\s+")
_FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_COMMENT = re.compile(r"^\s*<!--.*?-->\s*$")
_KEY_VALUE_BOLD = re.compile(
    r"^(?:\*\*|__)(?P<key>[^*_:\n]{1,60}?)(?::(?:\*\*|__)|(?:\*\*|__)\s*:)\s*(?P<value>.*)$",
    re.DOTALL,
)
_KEY_VALUE_PLAIN = re.compile(
    r"^(?P<key>[A-Za-z][A-Za-z0-9 #/&()'.\-]{0,40}?)\s*:\s+(?P<value>\S.*)$", re.DOTALL
)
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s")

BlockKind = Literal["paragraph", "list", "table", "code", "comment"]


def unescape_markdown(text: str) -> str:
    """Plain text of inline Markdown: ``\\X`` -> ``X`` (ASCII punctuation), ``<br>`` -> newline.

    One left-to-right pass, so an escaped ``\\<br>`` stays literal text.
    """
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _PUNCTUATION:
            out.append(text[index + 1])
            index += 2
            continue
        if char == "<":
            match = _BREAK.match(text, index)
            if match:
                out.append("\n")
                index = match.end()
                continue
        out.append(char)
        index += 1
    return "".join(out)


def strip_emphasis(text: str) -> str:
    """Text without surrounding ``**``/``__``/``*``/``_``/backticks (``**P1**`` -> ``P1``)."""
    value = text.strip()
    changed = True
    while changed and len(value) >= 2:
        changed = False
        for mark in ("**", "__", "`", "*", "_"):
            if value.startswith(mark) and value.endswith(mark) and len(value) > 2 * len(mark):
                value = value[len(mark) : -len(mark)].strip()
                changed = True
                break
    return value


def split_pipe_row(line: str) -> list[str] | None:
    """Raw cells of a pipe-table row (escapes kept), or None when the line is not a row.

    The outer pipes are optional; ``\\|`` inside a cell is not a separator. Cells are stripped.
    """
    stripped = line.strip()
    if "|" not in stripped or _HEADING_LINE.match(line):
        return None
    cells: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(stripped):
        char = stripped[index]
        if char == "\\" and index + 1 < len(stripped):
            current.append(stripped[index : index + 2])
            index += 2
            continue
        if char == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current))
    if stripped.startswith("|"):
        cells = cells[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        cells = cells[:-1]
    if len(cells) < 2 and not stripped.startswith("|"):
        return None
    return [cell.strip() for cell in cells]


def is_separator_row(cells: list[str]) -> bool:
    """True for the ``|---|:---:|`` line under a table header."""
    return bool(cells) and all(_SEPARATOR_CELL.match(cell) for cell in cells)


@dataclass(frozen=True)
class TableRow:
    """One body row: raw cells (escapes kept; unescape each with ``unescape_markdown``)."""

    cells: tuple[str, ...]
    line: int
    """1-based line of the row in the whole document."""

    def cell(self, index: int | None) -> str:
        """The unescaped text of cell ``index`` ("" when absent)."""
        if index is None or index >= len(self.cells):
            return ""
        return unescape_markdown(self.cells[index]).strip()


@dataclass(frozen=True)
class Table:
    """A pipe table: header cells (plain text) and its rows."""

    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    line: int
    """1-based line of the header row."""


@dataclass(frozen=True)
class ListItem:
    """One list item with its continuation lines (raw Markdown, indentation removed)."""

    text: str
    line: int
    indent: int
    ordered: bool
    checked: bool | None = None
    """True/False for a ``- [x]``/``- [ ]`` checkbox, None otherwise."""


@dataclass(frozen=True)
class Block:
    """A run of lines of one kind inside a section body."""

    kind: BlockKind
    text: str
    """The raw lines of the block (a code block: its content without the fences)."""
    line: int
    """1-based line of the first line of the block in the whole document."""
    items: tuple[ListItem, ...] = ()
    table: Table | None = None
    info: str = ""
    """The info string of a fenced code block (``text``, ``log`` ...)."""


def _is_table_start(lines: list[str], index: int) -> bool:
    """True when a header row and its separator start at ``index``."""
    cells = split_pipe_row(lines[index])
    if cells is None or index + 1 >= len(lines):
        return False
    separator = split_pipe_row(lines[index + 1])
    return separator is not None and is_separator_row(separator)


def _table_at(lines: list[str], index: int, first_line: int) -> tuple[Table, int]:
    """The table starting at ``index`` and the index just past it."""
    header = split_pipe_row(lines[index]) or []
    rows: list[TableRow] = []
    position = index + 2
    while position < len(lines):
        cells = split_pipe_row(lines[position])
        if cells is None or not lines[position].strip():
            break
        rows.append(TableRow(tuple(cells), first_line + position))
        position += 1
    plain = tuple(strip_emphasis(unescape_markdown(cell)) for cell in header)
    return Table(plain, tuple(rows), first_line + index), position


def _is_pipe_rows(lines: list[str], index: int) -> bool:
    """Pipe rows without a header separator (``HIGH | fix | ... | PENDING``)."""
    stripped = lines[index].strip()
    cells = split_pipe_row(lines[index])
    return cells is not None and len(cells) >= 3 and not stripped.startswith(">")


def _content_indent(line: str) -> int:
    """Column where a list item's text starts (for its continuation lines)."""
    match = _LIST_MARKER.match(line)
    if match is None:
        return 0
    rest = match.group("rest")
    return len(line) - len(rest) if rest else len(match.group("indent")) + 2


def _list_at(lines: list[str], index: int, first_line: int) -> tuple[tuple[ListItem, ...], int]:
    """The list starting at ``lines[index]`` and the index just past it."""
    items: list[ListItem] = []
    position = index
    while position < len(lines):
        match = _LIST_MARKER.match(lines[position])
        if match is None:
            break
        indent = len(match.group("indent"))
        content = _content_indent(lines[position])
        parts = [match.group("rest")]
        start = position
        position += 1
        while position < len(lines):
            line = lines[position]
            if not line.strip():
                following = lines[position + 1] if position + 1 < len(lines) else ""
                deeper = len(following) - len(following.lstrip()) > indent
                if following.strip() and deeper and not _LIST_MARKER.match(following):
                    parts.append("")
                    position += 1
                    continue
                break
            if _LIST_MARKER.match(line) or _FENCE.match(line) or _HEADING_LINE.match(line):
                break
            if split_pipe_row(line) is not None and line.lstrip().startswith("|"):
                break
            leading = len(line) - len(line.lstrip())
            parts.append(line[min(leading, content) :] if leading else line)
            position += 1
        text = "\n".join(parts)
        checked = None
        box = _CHECKBOX.match(text)
        if box:
            checked = box.group("mark") != " "
            text = text[box.end() :]
        ordered = match.group("marker")[0].isdigit()
        items.append(ListItem(text, first_line + start, indent, ordered, checked))
        while position < len(lines) and not lines[position].strip():
            following = lines[position + 1] if position + 1 < len(lines) else ""
            if not _LIST_MARKER.match(following):
                return tuple(items), position
            position += 1
    return tuple(items), position


def _fence_at(lines: list[str], index: int) -> tuple[str, str, int]:
    """Content and info string of the fenced block at ``index``, and the index past it."""
    opening = _FENCE.match(lines[index])
    fence = opening.group("fence") if opening else "```"
    info = opening.group("info").strip() if opening else ""
    position = index + 1
    body: list[str] = []
    while position < len(lines):
        closing = _FENCE.match(lines[position])
        if closing and closing.group("fence")[0] == fence[0] and len(closing.group("fence")) >= len(
            fence
        ) and not closing.group("info").strip():
            return "\n".join(body), info, position + 1
        body.append(lines[position])
        position += 1
    return "\n".join(body), info, position


def _starts_block(lines: list[str], index: int) -> bool:
    """True when ``lines[index]`` ends a paragraph by starting another block."""
    line = lines[index]
    return bool(
        not line.strip()
        or _FENCE.match(line)
        or _COMMENT.match(line)
        or _LIST_MARKER.match(line)
        or _is_table_start(lines, index)
    )


def split_blocks(text: str, *, first_line: int = 1) -> list[Block]:
    """The blocks of a section body in order; ``first_line`` is the body's line in the document."""
    lines = text.split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        number = first_line + index
        if not line.strip():
            index += 1
        elif _COMMENT.match(line):
            blocks.append(Block("comment", line.strip(), number))
            index += 1
        elif _FENCE.match(line):
            body, info, index = _fence_at(lines, index)
            blocks.append(Block("code", body, number, info=info))
        elif _is_table_start(lines, index):
            table, end = _table_at(lines, index, first_line)
            blocks.append(Block("table", "\n".join(lines[index:end]), number, table=table))
            index = end
        elif _LIST_MARKER.match(line):
            items, end = _list_at(lines, index, first_line)
            blocks.append(Block("list", "\n".join(lines[index:end]).rstrip("\n"), number, items))
            index = end
        else:
            end = index + 1
            while end < len(lines) and not _starts_block(lines, end):
                end += 1
            blocks.append(Block("paragraph", "\n".join(lines[index:end]), number))
            index = end
    return blocks


def has_pipe_rows(text: str) -> bool:
    """True when a paragraph is made of headerless pipe rows (one item per row)."""
    lines = [line for line in text.split("\n") if line.strip()]
    return bool(lines) and all(_is_pipe_rows(lines, i) for i in range(len(lines)))


def split_key_value(text: str) -> tuple[str, str] | None:
    """``(key, value)`` of ``**Key:** value``, ``**Key**: value`` or ``Key: value`` (raw value).

    The key comes back as plain text; the value keeps its Markdown (unescape it when done). A
    plain ``Key: value`` needs a short key that starts with a letter, so prose with a colon in
    the middle of a sentence is not taken for a field.
    """
    match = _KEY_VALUE_BOLD.match(text.strip())
    if match is None:
        match = _KEY_VALUE_PLAIN.match(text.strip())
        if match is None or len(match.group("key").split()) > 5:
            return None
    key = unescape_markdown(match.group("key")).strip()
    return key, match.group("value").strip()


def normalize_label(text: str) -> str:
    """A label or header cell reduced to lower-case words (``**Time (UTC)**`` -> ``time utc``)."""
    words = re.sub(r"[^a-z0-9+#]+", " ", strip_emphasis(text).lower())
    return " ".join(words.split())

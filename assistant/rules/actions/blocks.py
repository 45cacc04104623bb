"""The blocks of a Markdown document as the action-item finder needs them.

``markdown-it-py`` does the parsing (CommonMark plus tables), so soft-wrapped lines join into one
paragraph, lists nest, and every block keeps the line it starts on. A block's ``text`` is its
inline source with line breaks turned into spaces: an item quoted from it is the author's text,
word for word. Pipe rows written without a header separator (which CommonMark reads as a
paragraph) come back as a table without a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

BlockKind = Literal["heading", "paragraph", "list", "table"]

_PARSER = MarkdownIt("commonmark").enable("table")
_CHECKBOX = re.compile(r"^\[([ xX✓✔-])\]\s+")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n(?:---|\.\.\.)\n", re.S)


@dataclass
class Entry:
    """One list item: its own first paragraph, a checkbox state, and the blocks nested in it."""

    text: str
    line: int
    checked: bool | None = None
    """True for ``[x]``, False for ``[ ]``, None without a checkbox."""
    children: list[Block] = field(default_factory=list)


@dataclass
class Block:
    """A heading, paragraph, list or table, with the line (1-based) it starts on."""

    kind: BlockKind
    line: int
    text: str = ""
    level: int = 0
    """Heading level (1-6); 0 for other blocks."""
    entries: list[Entry] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    """Table rows as (line, cells)."""


def _flat(content: str) -> str:
    """Inline source on one line: wrapped lines joined by a space."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", content).strip()


def _line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def _pipe_rows(text: str, line: int) -> Block | None:
    """A paragraph made only of pipe rows, read as a table without a header."""
    lines = [raw.strip() for raw in text.split("\n") if raw.strip()]
    if not lines or not all(raw.count("|") >= 2 for raw in lines):
        return None
    rows = [
        (line + i, [c.strip() for c in raw.strip("|").split("|")]) for i, raw in enumerate(lines)
    ]
    return Block("table", line, rows=rows)


def _table(tokens: list[Token], start: int) -> tuple[Block, int]:
    """The table opened at ``tokens[start]`` and the index after it."""
    block = Block("table", _line(tokens[start]))
    index, row_line, in_head = start + 1, 0, False
    row: list[str] = []
    while tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            row, row_line = [], _line(token)
        elif token.type == "inline":
            row.append(_flat(token.content))
        elif token.type == "tr_close":
            if in_head:
                block.header = row
            else:
                block.rows.append((row_line, row))
        index += 1
    return block, index + 1


def _entry(tokens: list[Token], start: int) -> tuple[Entry, int]:
    """The list item opened at ``tokens[start]`` and the index after it."""
    entry = Entry(text="", line=_line(tokens[start]))
    blocks, index = _blocks(tokens, start + 1, "list_item_close", pipes=False)
    if blocks and blocks[0].kind == "paragraph":
        first = blocks.pop(0)
        entry.text, entry.line = first.text, first.line
    box = _CHECKBOX.match(entry.text)
    if box:
        entry.checked = box.group(1) != " "
        entry.text = entry.text[box.end() :]
    entry.children = blocks
    return entry, index


def _blocks(
    tokens: list[Token], start: int, stop: str | None, *, pipes: bool = True
) -> tuple[list[Block], int]:
    """Blocks from ``tokens[start]`` up to the closing token ``stop``.

    ``pipes``: read a paragraph of pipe rows as a table (not inside a list item, where the
    pipes separate an item's fields).
    """
    blocks: list[Block] = []
    index = start
    while index < len(tokens) and tokens[index].type != stop:
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1])
            blocks.append(Block("heading", _line(token), _flat(tokens[index + 1].content), level))
            index += 3
        elif token.type == "paragraph_open":
            content = tokens[index + 1].content
            rows = _pipe_rows(content, _line(token)) if pipes else None
            blocks.append(rows or Block("paragraph", _line(token), _flat(content)))
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            block = Block("list", _line(token))
            index += 1
            while tokens[index].type == "list_item_open":
                entry, index = _entry(tokens, index)
                block.entries.append(entry)
            blocks.append(block)
            index += 1
        elif token.type == "table_open":
            block, index = _table(tokens, index)
            blocks.append(block)
        else:
            index += 1
    return blocks, index + 1


def read_blocks(text: str) -> list[Block]:
    """The top-level blocks of ``text`` (front matter skipped, line numbers kept)."""
    front = _FRONT_MATTER.match(text)
    if front:
        text = "\n" * front.group(0).count("\n") + text[front.end() :]
    blocks, _ = _blocks(_PARSER.parse(text), 0, None)
    return blocks

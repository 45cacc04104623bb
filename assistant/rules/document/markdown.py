"""The one Markdown reader of the rules: blocks of a document with their text and source lines.

``markdown-it-py`` (CommonMark, tables, front matter) does the parsing, so headings are found in
both ATX (``## Timeline``) and setext (``Timeline`` over ``----``) form, code fences hide their
content, and a paragraph or a list item that is hard-wrapped over several lines is one block whose
``text`` has the lines joined by spaces. Every block keeps the 1-based lines it came from
(``start``..``end``), so findings still point at the right line of the file, and ``offset`` (the
character offset of its first line in the original text).

Inline markup is dropped from ``text`` (``**14:32** rolled back`` -> ``14:32 rolled back``, a link
keeps its words), which is what the section, date and timeline rules read. ``sentences_of`` gives
sentences with offsets into the original text, for rules that point at a passage (the blame lint).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

BlockKind = Literal["heading", "paragraph", "item", "table", "code", "html", "front_matter"]

_CHECKBOX = re.compile(r"^\[(?P<mark>[ xX])\]\s+")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[*_`]*[A-Z0-9])")
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|ca|cf|Mr|Mrs|Ms|Dr|St|No|Inc|Ltd|Co)\.|\b[A-Z]\.)$"
)


@dataclass(frozen=True)
class Block:
    """One structural piece of a Markdown document, with its place in the source."""

    kind: BlockKind
    text: str
    """Plain text: inline markup dropped, soft-wrapped lines joined by one space; a table's
    rows joined by newlines with cells separated by `` | ``."""
    start: int
    """1-based first source line."""
    end: int
    """1-based last source line (inclusive)."""
    offset: int
    """Character offset of the start of line ``start`` in the original text."""
    level: int = 0
    """Heading level (1-6) or list depth (1 for a top-level item)."""
    rows: tuple[tuple[str, ...], ...] = ()
    """A table's rows, header first, as plain cell texts."""
    row_lines: tuple[int, ...] = ()
    """1-based source line of each of ``rows``."""
    checked: bool | None = None
    """A task-list item's box: True ticked, False empty, None when there is none."""
    ordered: bool = False
    """True for an item of a numbered list."""
    info: str = ""
    """A code fence's info string."""
    lines: tuple[str, ...] = field(default=(), repr=False)
    """The raw source lines of the block."""


@dataclass(frozen=True)
class MarkdownDocument:
    """A parsed document: its blocks in order and the front matter's simple fields."""

    text: str
    blocks: tuple[Block, ...]
    front_matter: dict[str, str]
    line_offsets: tuple[int, ...]
    """Character offset of the start of each line (index 0 = line 1)."""

    def headings(self) -> list[Block]:
        """The heading blocks, in order."""
        return [b for b in self.blocks if b.kind == "heading"]


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def _inline_text(token: Token) -> str:
    """Plain text of an inline token: markup dropped, soft breaks as spaces."""
    out: list[str] = []
    for child in token.children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
        elif kind == "html_inline":
            if _BREAK_TAG.fullmatch(child.content.strip()):
                out.append("\n")
        elif kind == "image":
            out.append(child.content)
    text = "".join(out)
    return _SPACES.sub(" ", text).strip()


def _front_matter(content: str) -> dict[str, str]:
    """``key: value`` lines of a YAML front matter (values as written, quotes removed)."""
    fields: dict[str, str] = {}
    for line in content.splitlines():
        match = re.match(r"^([A-Za-z_][\w -]{0,40}):\s*(.*?)\s*$", line)
        if match and match.group(2):
            fields[match.group(1).strip().lower()] = match.group(2).strip("'\"")
    return fields


def _line_offsets(text: str) -> tuple[int, ...]:
    offsets = [0]
    for match in re.finditer("\n", text):
        offsets.append(match.end())
    return tuple(offsets)


@lru_cache(maxsize=8)
def parse_markdown(text: str) -> MarkdownDocument:
    """The blocks of ``text`` in document order (cached: several rules read one document)."""
    tokens = _parser().parse(text)
    lines = text.splitlines()
    offsets = _line_offsets(text)
    blocks: list[Block] = []
    front: dict[str, str] = {}
    depth = 0
    ordered: list[bool] = []
    item_open: list[int] = []  # index in blocks of the open item's block, -1 before its text
    index = 0

    def make(kind: BlockKind, text_: str, span: list[int] | None, **extra: object) -> Block:
        first, last = (span[0], max(span[1] - 1, span[0])) if span else (0, 0)
        return Block(
            kind=kind,
            text=text_,
            start=first + 1,
            end=last + 1,
            offset=offsets[first] if first < len(offsets) else len(text),
            lines=tuple(lines[first : last + 1]),
            **extra,  # type: ignore[arg-type]
        )

    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "front_matter":
            front = _front_matter(token.content)
            blocks.append(make("front_matter", token.content.strip(), token.map))
        elif kind == "heading_open":
            inline = tokens[index + 1]
            blocks.append(make("heading", _inline_text(inline), token.map,
                               level=int(token.tag[1])))  # fmt: skip
            index += 2
        elif kind in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            ordered.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            ordered.pop()
        elif kind == "list_item_open":
            item_open.append(-1)
            span = token.map
            blocks.append(make("item", "", span, level=depth, ordered=ordered[-1]))
            item_open[-1] = len(blocks) - 1
        elif kind == "list_item_close":
            item_open.pop()
        elif kind == "paragraph_open":
            inline = tokens[index + 1]
            text_ = _inline_text(inline)
            if item_open and item_open[-1] >= 0:
                _fill_item(blocks, item_open[-1], text_, inline.map)
            else:
                blocks.append(make("paragraph", text_, inline.map))
            index += 2
        elif kind in ("fence", "code_block"):
            blocks.append(make("code", token.content.rstrip("\n"), token.map,
                               info=token.info.strip()))  # fmt: skip
        elif kind == "html_block":
            blocks.append(make("html", token.content.strip(), token.map))
        elif kind == "table_open":
            index = _table(tokens, index, blocks, make)
        index += 1
    return MarkdownDocument(text, tuple(blocks), front, offsets)


def _fill_item(blocks: list[Block], at: int, text: str, span: list[int] | None) -> None:
    """Give a list item the text of its paragraphs (the first one carries the checkbox)."""
    item = blocks[at]
    if not item.text:
        checked: bool | None = None
        box = _CHECKBOX.match(text)
        if box:
            checked = box.group("mark") != " "
            text = text[box.end() :]
        blocks[at] = _replace(item, text=text, checked=checked)
    elif span is not None and span[0] + 1 <= item.end:
        blocks[at] = _replace(item, text=f"{item.text}\n{text}")


def _replace(block: Block, **changes: object) -> Block:
    values = {name: getattr(block, name) for name in Block.__dataclass_fields__}
    values.update(changes)
    return Block(**values)


def _table(tokens: list[Token], index: int, blocks: list[Block], make: object) -> int:
    """Read a table's rows; returns the index of its closing token."""
    opening = tokens[index]
    rows: list[tuple[str, ...]] = []
    row_lines: list[int] = []
    cells: list[str] = []
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            cells = []
            row_lines.append((token.map[0] + 1) if token.map else 0)
        elif token.type == "inline":
            cells.append(_inline_text(token).replace("\n", " "))
        elif token.type == "tr_close":
            rows.append(tuple(cells))
        index += 1
    text = "\n".join(" | ".join(row) for row in rows)
    builder = make  # a closure of parse_markdown
    blocks.append(
        builder(  # type: ignore[operator]
            "table", text, opening.map, rows=tuple(rows), row_lines=tuple(row_lines)
        )
    )
    return index


def block_source(document: MarkdownDocument, block: Block) -> tuple[int, int]:
    """Start and end character offsets of a block's lines in the original text."""
    end_line = min(block.end, len(document.line_offsets))
    end = (
        document.line_offsets[end_line] - 1
        if end_line < len(document.line_offsets)
        else len(document.text)
    )
    return block.offset, max(end, block.offset)


_MARKER = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d{1,9}[.)])\s+)?(?:\[[ xX]\]\s+)?(?:#{1,6}\s+)?")


def sentences_of(text: str) -> list[tuple[int, int, str]]:
    """Sentences of a Markdown text as ``(start, end, sentence)``, offsets into ``text``.

    A sentence never crosses a block (heading, paragraph, list item, table row) and is never
    split by a hard-wrapped line: the wrapped lines are one paragraph. The sentence's text is the
    source between ``start`` and ``end`` with its line breaks (and any list marker at a line
    start) turned into single spaces. Code blocks and front matter give no sentences.
    """
    document = parse_markdown(text)
    found: list[tuple[int, int, str]] = []
    for block in document.blocks:
        if block.kind in ("code", "html", "front_matter"):
            continue
        if block.kind == "table":
            for line in block.row_lines:
                if 1 <= line <= len(document.line_offsets):
                    start = document.line_offsets[line - 1]
                    end = text.find("\n", start)
                    end = len(text) if end < 0 else end
                    found += _split_span(text, start, end)
            continue
        start, end = block_source(document, block)
        if block.kind == "item":
            end = _item_own_end(document, block, end)
        found += _split_span(text, start, end)
    return found


def _item_own_end(document: MarkdownDocument, block: Block, end: int) -> int:
    """Where a list item's own text ends: before its first nested block."""
    for other in document.blocks:
        if other.start > block.start and other.start <= block.end and other is not block:
            return max(block.offset, document.line_offsets[other.start - 1] - 1)
    return end


def _split_span(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Sentences of ``text[start:end]`` (a block's source), with offsets into ``text``."""
    out: list[tuple[int, int, str]] = []
    span = text[start:end]
    # skip the marker at the beginning of the block
    marker = _MARKER.match(span)
    cursor = marker.end() if marker else 0
    pieces: list[tuple[int, int]] = []
    last = cursor
    for match in _SENTENCE_END.finditer(span, cursor):
        before = span[last : match.start()]
        if _ABBREVIATIONS.search(before):
            continue
        pieces.append((last, match.start()))
        last = match.end()
    pieces.append((last, len(span)))
    for a, b in pieces:
        raw = span[a:b]
        stripped = raw.rstrip()
        lead = len(raw) - len(raw.lstrip())
        a += lead
        b = a + len(stripped.strip())
        if b <= a:
            continue
        sentence = " ".join(
            _MARKER.sub("", part, count=1) if i else part
            for i, part in enumerate(text[start + a : start + b].split("\n"))
        )
        sentence = _SPACES.sub(" ", sentence).strip()
        if sentence:
            out.append((start + a, start + b, sentence))
    return out

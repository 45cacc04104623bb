"""Markdown-aware text preparation for the blamelessness check.

Two jobs, both offset-preserving so findings point into the original text:

- ``mask_unlinted`` blanks out what must never be flagged: fenced and indented code blocks,
  inline code, HTML comments, quoted log excerpts, raw log lines, and lines silenced with
  ``<!-- postmortem-lint: ignore -->`` or a ``postmortem-lint: disable-next-line`` comment on the
  line before (``disable`` / ``enable`` pairs silence a whole region).
- ``split_sentences`` cuts the masked text into sentences (and table cells), so rules judge a
  subject and its verb inside one sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

IGNORE_LINE = "postmortem-lint: ignore"
DISABLE_NEXT_LINE = "postmortem-lint: disable-next-line"
DISABLE_REGION = "postmortem-lint: disable"
ENABLE_REGION = "postmortem-lint: enable"

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_LIST_ITEM = re.compile(r"^\s{0,3}([-*+]|\d{1,3}[.)])\s+")
_LOG_LEVEL = r"(?:ERROR|ERR|WARN|WARNING|INFO|DEBUG|TRACE|FATAL|CRITICAL|CRIT|NOTICE|PANIC)"
_LOG_LINE = re.compile(
    r"^\s*(?:"
    # timestamp first, then a log level or a bracketed/colon'd component somewhere on the line
    r"\[?(?:\d{4}-\d{2}-\d{2}[T ]?)?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?\]?"
    r"\s+.*\b" + _LOG_LEVEL + r"\b"
    r"|\[?" + _LOG_LEVEL + r"\]?[\s:\[]"  # a log level first
    r"|\$ "  # a shell prompt
    r"|\w+=\S+(?:\s+\w+=\S+){2,}"  # logfmt key=value pairs
    r")"
)
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "etc", "vs", "mr", "mrs", "ms", "dr", "approx", "no", "fig", "cf", "al", "st",
     "inc", "corp", "ltd", "co", "jr", "sr", "p.m", "a.m", "u.s", "u.k"}
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_NOT_NEWLINE = re.compile(r"[^\n]")
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s)|[.!?]+[\"')\]]*$")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the (masked) text and where it sits in the original."""

    start: int
    end: int
    text: str
    previous_cell: str | None = None
    """For the first sentence of a table cell: the cell to its left (a timeline's "Who")."""


def _blank(chars: list[str], start: int, end: int) -> None:
    """Replace ``chars[start:end]`` by spaces, keeping line breaks (offsets never move)."""
    chars[start:end] = _NOT_NEWLINE.sub(" ", "".join(chars[start:end]))


def _line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, ``end`` excluding the line break."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _is_log_line(line: str) -> bool:
    """True for a line that reads like machine output rather than prose."""
    return bool(_LOG_LINE.match(line))


def _silenced_lines(lines: list[str]) -> set[int]:
    """Indexes of lines silenced by an ignore, disable-next-line or disable/enable comment."""
    silenced: set[int] = set()
    disabled = False
    for index, line in enumerate(lines):
        lowered = line.lower()
        if DISABLE_NEXT_LINE in lowered:
            silenced.update((index, index + 1))
            continue
        if ENABLE_REGION in lowered:
            disabled = False
            silenced.add(index)
            continue
        if DISABLE_REGION in lowered:
            disabled = True
        if disabled or IGNORE_LINE in lowered:
            silenced.add(index)
    return silenced


def _code_block_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside fenced or indented code blocks (fence lines included)."""
    code: set[int] = set()
    fence: str | None = None
    in_list = False
    previous_blank = True
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is not None:
            code.add(index)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            code.add(index)
            previous_blank = False
            continue
        stripped = line.strip()
        if not stripped:
            previous_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if _LIST_ITEM.match(line):
            in_list = True
        elif not indented and previous_blank:
            in_list = False
        prior_code = index > 0 and (index - 1) in code
        if indented and not in_list and (previous_blank or prior_code):
            code.add(index)
        previous_blank = False
    return code


def mask_unlinted(text: str) -> str:
    """``text`` with everything that must not be linted replaced by spaces (same length)."""
    chars = list(text)
    lines = text.split("\n")
    spans = _line_spans(text)
    skip = _silenced_lines(lines) | _code_block_lines(lines)
    for index, (start, end) in enumerate(spans):
        line = lines[index]
        quoted = line.lstrip().startswith(">")
        body = line.lstrip().lstrip(">").lstrip() if quoted else line
        if index in skip or _is_log_line(body):
            _blank(chars, start, end)
    masked = "".join(chars)
    for match in _HTML_COMMENT.finditer(masked):
        _blank(chars, match.start(), match.end())
    masked = "".join(chars)
    for match in _INLINE_CODE.finditer(masked):
        _blank(chars, match.start(), match.end())
    return "".join(chars)


def blank_ranges(text: str, ranges: list[tuple[int, int]], fill: str) -> str:
    """``text`` with each (start, end) range overwritten by ``fill`` characters (same length)."""
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        for i in range(start, end):
            if chars[i] not in "\n ":
                chars[i] = fill
    return "".join(chars)


def _segments(text: str) -> list[tuple[int, int, str | None]]:
    """Blocks of prose: paragraphs, list items, headings, table cells and quote lines.

    A table cell comes with the text of the cell to its left.
    """
    segments: list[tuple[int, int, str | None]] = []
    current: tuple[int, int, str | None] | None = None
    for start, end in _line_spans(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            if current:
                segments.append(current)
            current = None
            continue
        if "|" in stripped and stripped.startswith("|"):
            if current:
                segments.append(current)
            current = None
            cell_start = start
            previous: str | None = None
            for match in re.finditer(r"\|", line):
                segments.append((cell_start, start + match.start(), previous))
                previous = text[cell_start : start + match.start()].strip() or None
                cell_start = start + match.end()
            segments.append((cell_start, end, previous))
            continue
        if stripped.startswith("#"):  # a heading is a segment of its own line
            if current:
                segments.append(current)
            segments.append((start, end, None))
            current = None
            continue
        if current is None or _LIST_ITEM.match(line) or stripped.startswith(">"):
            if current:
                segments.append(current)
            current = (start, end, None)
        else:
            current = (current[0], end, None)
    if current:
        segments.append(current)
    return segments


def _ends_with_abbreviation(text: str, dot: int) -> bool:
    """True if the period at ``dot`` closes an abbreviation such as "e.g." or "vs."."""
    word = _LAST_WORD.search(text, max(0, dot - 12), dot)
    return word is not None and word.group(1).lower().rstrip(".") in _ABBREVIATIONS


def split_sentences(masked: str) -> list[Sentence]:
    """Sentences of the masked text, with offsets; blank pieces are dropped."""
    sentences: list[Sentence] = []
    for seg_start, seg_end, previous_cell in _segments(masked):
        segment = masked[seg_start:seg_end]
        piece_start = 0
        for match in _SENTENCE_END.finditer(segment):
            if match.group(0).startswith(".") and _ends_with_abbreviation(segment, match.start()):
                continue
            cell = previous_cell if piece_start == 0 else None
            _add_sentence(sentences, masked, seg_start + piece_start, seg_start + match.end(), cell)
            piece_start = match.end()
        cell = previous_cell if piece_start == 0 else None
        _add_sentence(sentences, masked, seg_start + piece_start, seg_end, cell)
    return sentences


def _add_sentence(
    out: list[Sentence], masked: str, start: int, end: int, previous_cell: str | None
) -> None:
    """Append the trimmed sentence ``masked[start:end]`` unless it is blank."""
    piece = masked[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = start + lead
    out.append(Sentence(begin, begin + len(stripped), stripped, previous_cell))

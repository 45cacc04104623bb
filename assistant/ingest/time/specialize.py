"""Compile the timestamp layout one file writes into a narrow, fast pattern.

The layouts in ``formats`` accept every variant of a shape (any separator, optional seconds,
fraction and zone), which costs time on each of millions of lines. One file writes one
variant: ``2015-07-29 17:41:44,747`` every time. ``specialize`` turns the spans a file's lines
gave into that variant, digit for digit and separator for separator, with the same group names
so the parser reads it the same way; a line it does not fit goes back to the general layout.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from assistant.ingest.time.formats import TimeFormat

_NEEDED = ("base", "tail", "f")
"""Groups the parser reads from every match, present (maybe empty) in any pattern built."""
_CONTAINERS = frozenset(("base", "tail"))
_LETTER_GROUPS = {"b": r"[A-Za-z]+", "p": r"[AaPp]\.?[Mm]\.?"}
_SHAPED_LINES = 50
"""Lines the variant is read from: a file repeats it, so the first few tell."""
_MIN_SHARE = 0.5
"""The variant must be written on at least this share of the lines the layout matched."""


def specialize(fmt: TimeFormat, column: int, lines: Iterable[str]) -> TimeFormat | None:
    """A pattern for the variant of ``fmt`` most of ``lines`` write, or None if none dominates.

    ``column`` is the field the timestamp starts in, as ``layout.infer_layout`` found it.
    """
    shapes: Counter[str] = Counter()
    matched = 0
    for line in lines:
        match = fmt.anchored.match(line)
        if match is None:
            continue
        matched += 1
        if matched > _SHAPED_LINES:
            break
        shape = _shape(match, line, column)
        if shape is not None:
            shapes[shape] += 1
    if not shapes:
        return None
    shape, count = shapes.most_common(1)[0]
    if count < _MIN_SHARE * min(matched, _SHAPED_LINES):
        return None
    pattern = re.compile(shape)
    return TimeFormat(
        name=fmt.name,
        search=pattern,
        anchored=pattern,
        line_start_only=True,
        has_date=fmt.has_date,
        has_year=fmt.has_year,
        epoch=fmt.epoch,
        key_groups=fmt.key_groups,
        shape=fmt.shape,
    )


def _shape(match: re.Match[str], line: str, column: int) -> str | None:
    """The pattern of exactly this match's variant, fields before it included."""
    start, end = match.start("base"), match.end()
    names = [n for n in match.re.groupindex if match.start(n) >= 0]
    marks: list[tuple[int, int, str]] = []  # (position, order, text): opens after closes
    leaves: list[tuple[int, int, str]] = []
    for name in names:
        first, last = match.span(name)
        if name in _CONTAINERS:
            marks.append((first, 1, f"(?P<{name}>"))
            marks.append((last, 2 if first == last else 0, ")"))
        else:
            leaves.append((first, last, name))
    leaves.sort()
    for (_, last, _), (first, _, _) in zip(leaves, leaves[1:], strict=False):
        if first < last:
            return None  # nested leaf groups: not a flat layout
    out = [_prefix(line, start, column)]
    position = start
    for first, last, name in leaves:
        out.append(_between(line, position, first, marks))
        apart = _digit_free(line, first - 1) and _digit_free(line, last)
        out.append(f"(?P<{name}>{_leaf(name, line[first:last], apart)})")
        position = last
    out.append(_between(line, position, end, marks))
    out.extend(f"(?P<{name}>)" for name in _NEEDED if name not in names)
    if end and line[end - 1].isdigit():
        out.append(r"(?!\d)")
    return "".join(out)


def _prefix(line: str, start: int, column: int) -> str:
    """What comes before the timestamp: ``column`` fields, then the text glued to it."""
    glued_from = start
    while glued_from > 0 and not line[glued_from - 1].isspace():
        glued_from -= 1
    fields = rf"\s*(?:\S+\s+){{{column}}}" if column else r"\s*"
    return fields + _generalise(line[glued_from:start])


def _between(line: str, first: int, last: int, marks: list[tuple[int, int, str]]) -> str:
    """Literal text from ``first`` to ``last`` with the container groups opened and closed."""
    out: list[str] = []
    position = first
    for at, _, text in sorted(m for m in marks if first <= m[0] <= last):
        out.append(_generalise(line[position:at]))
        out.append(text)
        position = at
    out.append(_generalise(line[position:last]))
    for at, _, text in [m for m in marks if first <= m[0] <= last]:
        marks.remove((at, _, text))
    return "".join(out)


def _digit_free(line: str, at: int) -> bool:
    """True when position ``at`` of ``line`` is outside it or not a digit."""
    return not 0 <= at < len(line) or not line[at].isdigit()


def _leaf(name: str, text: str, apart: bool) -> str:
    """The pattern of one field as written: digits by count, or 1-2 for a day, month, hour,
    minute or second that stands between non-digits (``Feb  9`` and ``Feb 10`` alike)."""
    if name in _LETTER_GROUPS:
        return _LETTER_GROUPS[name]
    if text.isdigit():
        if apart and name in ("d", "H", "m", "M", "S", "a", "b2") and len(text) <= 2:
            return r"\d{1,2}"
        return rf"\d{{{len(text)}}}"
    return _generalise(text)


def _generalise(text: str) -> str:
    """Letters and digits of literal text as classes, spaces as runs, the rest as written."""
    out: list[str] = []
    for run in re.finditer(r"[A-Za-z]+|\d+| +|.", text, re.DOTALL):
        piece = run.group()
        if piece[0].isalpha():
            out.append("[A-Za-z]+")
        elif piece[0].isdigit():
            out.append(r"\d+")
        elif piece[0] == " ":
            out.append(" +")
        else:
            out.append(re.escape(piece))
    return "".join(out)

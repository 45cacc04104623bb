"""Markdown building blocks: escaping user text, tables, lists, and time and figure formats.

Shared by the postmortem and review renderers. User text never becomes Markdown structure:
backslashes and ``<`` are always escaped, a leading punctuation character of every line is escaped
(so ``# x`` or ``- x`` stays text), and inside table cells ``|`` is escaped and newlines become
``<br>``. Every escape is a CommonMark backslash escape, so the rendered page shows the text
unchanged, and ``assistant.rules.document.tables.unescape_markdown`` reads it back exactly.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Sequence

from assistant.domain import SMART_LETTERS, Notice, SmartScore, WhyStep

TO_FILL = "_To fill in._"
"""What an empty section or field says, instead of invented content."""
_PUNCTUATION = frozenset(string.punctuation)
_ORDERED_MARKER = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")  # "3. x" is a list; "45.2 min" is not
_COLON_HEADING = re.compile(r"^[A-Z][A-Za-z0-9 &/'()\-]{2,60}:\s*$")

# --- escaping -------------------------------------------------------------------------------


def escape_chars(text: str, specials: str) -> str:
    """``text`` with a backslash before every character of ``specials``."""
    return "".join("\\" + ch if ch in specials else ch for ch in text)


def escape_line(line: str, *, specials: str = "\\<") -> str:
    """One line of user text, escaped so that Markdown cannot read it as structure.

    Every backslash and ``<`` (and each character of ``specials``) is escaped; so is a leading
    punctuation character (``#``, ``-``, ``*``, ``|``, ``>`` ...), the dot of a leading ordered
    list marker, and the colon of a line that would read as a ``Heading:`` line.
    """
    escaped = escape_chars(line, specials)
    stripped = escaped.lstrip(" ")
    indent = escaped[: len(escaped) - len(stripped)]
    if stripped and stripped[0] in _PUNCTUATION and stripped[0] != "\\":
        stripped = "\\" + stripped
    else:
        stripped = _ORDERED_MARKER.sub(r"\1\\\2", stripped, count=1)
    if _COLON_HEADING.match(stripped):
        stripped = stripped.rstrip()[:-1] + "\\:"
    return indent + stripped


_KEY_SHAPE = re.compile(r"^\s*[A-Za-z][A-Za-z0-9 #/&()'.\-]{0,40}?\s*(?=:\s)")


def guard_label(escaped: str) -> str:
    """Escape the colon of a leading ``Label: text`` so a reader keeps it as plain text."""
    match = _KEY_SHAPE.match(escaped)
    if match is None or len(match.group(0).split()) > 5:
        return escaped
    return escaped[: match.end()] + "\\" + escaped[match.end() :]


def escape_block(text: str, *, indent: str = "") -> str:
    """Multi-line user text; lines after the first get ``indent`` (for list continuation)."""
    lines = [escape_line(line) for line in text.strip("\n").split("\n")]
    return lines[0] + "".join("\n" + (indent + line if line else "") for line in lines[1:])


def escape_cell(text: str | None) -> str:
    """A table cell: pipes escaped, newlines as ``<br>``, never breaking the table."""
    if not text:
        return ""
    lines = [escape_line(line.strip(), specials="\\<|") for line in text.strip().split("\n")]
    return "<br>".join(lines)


def cell_join(lines: Iterable[str]) -> str:
    """Escaped cell lines joined with ``<br>`` (already escaped pieces)."""
    return "<br>".join(lines)


# --- small formatters -----------------------------------------------------------------------


def format_minutes(value: float | None) -> str:
    """``75`` for 75.0, ``7.5`` for 7.5; the inverse of ``float()``."""
    if value is None:
        return TO_FILL
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def to_utc(value: dt.datetime) -> dt.datetime:
    """The time in UTC."""
    return value.astimezone(dt.UTC)


def format_clock(value: dt.datetime | None, *, with_date: bool) -> str:
    """A time in UTC: ``14:05`` or ``2024-03-12 14:05`` (seconds only when not zero)."""
    if value is None:
        return "unknown"
    utc = to_utc(value)
    clock = utc.strftime("%H:%M:%S" if utc.second else "%H:%M")
    return f"{utc:%Y-%m-%d} {clock}" if with_date else clock


def format_smart(score: SmartScore | None) -> str:
    """``S2 M1 A2 R2 T0``; ``?`` for an unassessed letter, ``unassessed`` when all are."""
    if score is None:
        return ""
    values = [getattr(score, name) for _, name in SMART_LETTERS]
    if all(v is None for v in values):
        return "unassessed"
    return " ".join(
        f"{letter}{'?' if v is None else v}"
        for (letter, _), v in zip(SMART_LETTERS, values, strict=True)
    )


def format_evidence(refs: Iterable[tuple[str, int]]) -> str:
    """``notes.txt:12, app.log:3401`` (escaped for a cell)."""
    return ", ".join(f"{escape_cell(source)}:{line}" for source, line in refs)


def category_label(category: str) -> str:
    """``human_error`` -> ``Human error``."""
    return category.replace("_", " ").capitalize()


def bullet_lines(items: Sequence[str]) -> list[str]:
    """Markdown bullets of user text, or the to-fill placeholder."""
    if not items:
        return [TO_FILL]
    return [f"- {escape_block(item, indent='  ')}" for item in items]


def field_line(label: str, value: str | None) -> str:
    """A ``- **Label:** value`` line with escaped multi-line value."""
    shown = escape_block(value, indent="  ") if value else TO_FILL
    return f"- **{label}:** {shown}"


def table_lines(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A pipe table; cells must already be escaped."""
    return [_row(header), "|" + "---|" * len(header), *(_row(row) for row in rows)]


def _row(cells: Sequence[str]) -> str:
    """One table row; an empty cell is a single space."""
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def why_lines(whys: Sequence[WhyStep]) -> list[str]:
    """A numbered Why/Answer list; hypotheses marked ``(hypothesis)``."""
    if not whys:
        return [TO_FILL]
    lines = []
    for number, step in enumerate(whys, start=1):
        answer = escape_block(step.answer, indent="   ")
        if answer.endswith(" (hypothesis)"):  # literal text, not our mark
            answer = answer[: -len("(hypothesis)")] + "\\(hypothesis)"
        mark = " (hypothesis)" if step.hypothesis else ""
        lines.append(f"{number}. **Why:** {escape_block(step.question, indent='   ')}")
        lines.append(f"   **Answer:** {answer}{mark}")
    return lines


def notice_line(notice: Notice) -> str:
    """``- **source:** message`` (or ``- message``) for the warnings list."""
    message = escape_block(notice.message, indent="  ")
    if notice.source:
        return f"- **{escape_chars(notice.source, chr(92) + '<*')}:** {message}"
    return f"- {message}"


_NOTICE_LINE = re.compile(r"^line (\d+): ")
_NOTICE_QUOTED = re.compile(r"'[^']{1,80}'")


def collapse_notices(notices: Sequence[Notice], *, markdown: bool = False) -> list[str]:
    """One line per kind of notice, with a count and where it was seen, in first-seen order.

    ``line 47: timeline text without a time; kept under Appendices`` said at lines 47, 52 and 60
    becomes ``timeline text without a time; kept under Appendices (3×: lines 47, 52, 60)``;
    quoted names (``section 'Q&A' matches no ...``) are listed the same way. With ``markdown``
    each line is a ``- **source:** message`` bullet, escaped.
    """
    kinds: dict[tuple[str, str], tuple[list[str], list[str], list[str]]] = {}
    for notice in notices:
        message = notice.message
        where = _NOTICE_LINE.match(message)
        if where:
            message = message[where.end() :]
        quoted = _NOTICE_QUOTED.findall(message)
        message = _NOTICE_QUOTED.sub("…", message)
        firsts, lines_seen, names = kinds.setdefault((notice.source or "", message), ([], [], []))
        firsts.append(notice.message)
        if where:
            lines_seen.append(where.group(1))
        names += quoted
    out = []
    for (source, message), (firsts, lines_seen, names) in kinds.items():
        if len(firsts) == 1:
            text = firsts[0]
        else:
            text = _collapsed(message, len(firsts), lines_seen, names)
        if markdown:
            out.append(notice_line(Notice(message=text, source=source or None)))
        else:
            out.append(f"{source}: {text}" if source else text)
    return out


def _collapsed(message: str, count: int, lines_seen: list[str], names: list[str]) -> str:
    """``message (N×: names; lines ...)``."""
    detail = []
    if names:
        detail.append(", ".join(names[:6]) + (", …" if len(names) > 6 else ""))
    if lines_seen:
        more = ", …" if len(lines_seen) > 8 else ""
        detail.append("lines " + ", ".join(lines_seen[:8]) + more)
    return f"{message} ({count}×{': ' + '; '.join(detail) if detail else ''})"

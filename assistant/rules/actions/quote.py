"""An item's text as written, with its field groups read off the edges.

The ``what`` of an item is always a contiguous span of the author's text: words are never
dropped from its middle. Fields written around it are read and cut only at the edges: a leading
tracker key (``OPS-12: ...``, ``#1234 -``), a dash or pipe field list (``KEY — text — team —
next week — P2``), a trailing parenthesised group (``(P1, @dana, done)``) and labelled fields
after the text (``Owner: Dana. Due: 2024-05-01.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.rules.actions.duedates import read_due
from assistant.rules.actions.fields import TRACKER_KEY, read_priority, read_status

_LEADING_KEY = re.compile(
    r"^\s*(?:\[?(?P<key>[A-Z][A-Z0-9]{1,9}-\d{1,7})\]?(?:\([^)]*\))?|\[?(?P<num>#\d{1,7})\]?"
    r"(?:\([^)]*\))?)\s*(?:[:—–|]|-\s)\s*"
)
_LEADING_LABEL = re.compile(
    r"^\s*\**\s*(owners?|assignee|assigned\s+to|dri)\s*\**\s*[:=]\s*(?P<value>[^.;,]{1,40}?)"
    r"(?:[.;,]|\s+[-—–|]\s+)\s*",
    re.I,
)
_LEADING_STATUS = re.compile(
    r"^\s*(?:(?P<tick>✅|✔️?|☑️?)\s*|(?P<mark>\*\*|__)?(?P<word>done|completed|fixed|shipped|"
    r"merged|open|todo|to\s+do|in\s+progress|wip|blocked|planned)(?P=mark)?\s*[:—–-]\s+)",
    re.I,
)
_FIELD_SPLIT = re.compile(r"\s+[—–|]\s+|\s+-{1,2}\s+")
_TRAILING_GROUP = re.compile(r"\s*[\[(]([^()\[\]]{1,80})[)\]]\s*\.?\s*$")
_FIELD_LABEL = re.compile(
    r"(?:^|(?<=[\s.;,(\[|]))\**\s*(owners?|assignee|assigned\s+to|dri|due(?:\s+date)?|deadline|"
    r"eta|status|priority|target(?:\s+date)?|team)\s*\**\s*[:=]",
    re.I,
)
_TRAILING_FIELD = re.compile(
    r"[\s,;]+(?P<field>@[\w.-]+|\[?P[0-4]\]?|\(#\d{2,7}\)|#\d{2,7}(?!\))|"
    r"(?:due|by|eta|deadline)\s*:?\s*(?P<date>[\w ,/-]{1,24}?))\s*\.?\s*$",
    re.I,
)
_HANDLE = re.compile(r"^@[\w.-]+$")
_TEAM = re.compile(
    r"^(the\s+)?[\w/&.-]+(\s+[\w/&.-]+){0,3}\s+(team|squad|guild|on-?call|sre)$", re.I
)
_TICKS = re.compile(r"\s*(✅|✔️?|☑️?)\s*$")


@dataclass
class Quote:
    """The item text and the field values found at its edges, raw."""

    what: str
    key: str | None = None
    parts: list[str] = field(default_factory=list)
    """Field values cut from the edges (team, date, priority, status, handle), as written."""
    labelled: str = ""
    """The labelled-field tail (``Owner: Dana. Due: Friday.``) as written."""


def is_field_value(part: str) -> bool:
    """A short value that is a date, priority, status, handle, key or team, not an action."""
    value = part.strip(" *_`.")
    if not value or len(value.split()) > 5:
        return False
    if read_priority(value) or read_status(value) or _HANDLE.match(value) or _TEAM.match(value):
        return True
    if TRACKER_KEY.fullmatch(value) or re.fullmatch(r"#\d{1,7}", value):
        return True
    reading = read_due(value, None)
    return reading.phrase is not None and len(reading.phrase) >= len(value) - 3


def _dash_fields(text: str, quote: Quote) -> str:
    """The action part of a dash or pipe field list; the other parts become field values."""
    parts = [p for p in _FIELD_SPLIT.split(text) if p.strip()]
    if len(parts) < 2:
        return text
    fields = [p for p in parts if is_field_value(p) or TRACKER_KEY.fullmatch(p.strip())]
    if len(parts) >= 3 and len(fields) >= len(parts) - 1:
        longest = max((p for p in parts if p not in fields), key=len, default=None)
        if longest is not None:
            quote.parts += [p.strip() for p in parts if p is not longest]
            return longest
    if len(parts) == 2 and is_field_value(parts[1]):
        quote.parts.append(parts[1].strip())
        return parts[0]
    return text


def _trailing_group(text: str, quote: Quote) -> str:
    """Text without a trailing ``(P1, @dana, done)`` group whose every part is a field."""
    match = _TRAILING_GROUP.search(text)
    if match is None or match.start() == 0:
        return text
    parts = [p for p in re.split(r"\s*[,;/]\s*", match.group(1)) if p.strip()]
    if parts and all(is_field_value(p) for p in parts):
        quote.parts += [p.strip() for p in parts]
        return text[: match.start()]
    return text


def _trailing_fields(text: str, quote: Quote) -> str:
    """Text without a run of bare fields at its end ("... @dana due 2024-04-10")."""
    for _ in range(4):
        match = _TRAILING_FIELD.search(text)
        if match is None or len(text[: match.start()].split()) < 2:
            break
        date = match.group("date")
        if date is not None and not read_due(date, None).phrase:
            break
        quote.parts.append(date.strip() if date is not None else match.group("field"))
        text = text[: match.start()]
    return text


def quote_item(text: str) -> Quote:
    """The item's own words from ``text`` and the raw fields around them."""
    quote = Quote(what=text)
    rest = _TICKS.sub("", text)
    status = _LEADING_STATUS.match(rest)
    if status and status.end() < len(rest):
        quote.parts.append("done" if status.group("tick") else status.group("word"))
        rest = rest[status.end() :]
    lead = _LEADING_KEY.match(rest)
    if lead and lead.end() < len(rest):
        quote.key = lead.group("key") or lead.group("num")
        rest = rest[lead.end() :]
    owner = _LEADING_LABEL.match(rest)
    if owner and owner.end() < len(rest):
        quote.labelled = owner.group(0)
        rest = rest[owner.end() :]
    label = _FIELD_LABEL.search(rest)
    if label and label.start() > 0 and len(rest[: label.start()].split()) >= 2:
        quote.labelled = f"{quote.labelled} {rest[label.start() :]}".strip()
        rest = rest[: label.start()].rstrip(" ([")
    rest = _dash_fields(rest, quote)
    rest = _trailing_group(rest, quote)
    rest = _trailing_fields(rest, quote)
    what = rest.strip(" \t—–|;,").rstrip(" -")
    quote.what = what if len(what.split()) >= 1 else text.strip()
    return quote

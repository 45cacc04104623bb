"""Fields of one action item read from its free text: key, owner, priority, status, due phrase.

``fields_from_text`` pulls the metadata people write around an action (``OPS-123``, ``@maria``,
``(owner: SRE)``, ``Platform team will ...``, ``[P1]``, ``DONE``, ``due 2024-03-01``) out of the
text; what is left, tidied, is the action itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain import Priority, Status
from assistant.rules.actions.commit import is_imperative
from assistant.rules.actions.duedates import read_due
from assistant.rules.severity import SEVERITY_PRIORITIES

_EMPTY_CELL = {"", "-", "--", "—", "n/a", "na", "none", "null", "unassigned", "nobody"}
_PLACEHOLDER_OWNERS = {"tbd", "tbc", "tba", "to be decided", "to be determined", "?", "??"}

_PRIORITY_WORDS: dict[str, Priority] = {
    **SEVERITY_PRIORITIES, "critical": "HIGH", "crit": "HIGH", "urgent": "HIGH",
    "blocker": "HIGH", "highest": "HIGH", "high": "HIGH", "hi": "HIGH", "medium": "MEDIUM",
    "med": "MEDIUM", "normal": "MEDIUM", "moderate": "MEDIUM", "low": "LOW", "lowest": "LOW",
    "minor": "LOW",
}  # fmt: skip
_STATUS_WORDS: dict[str, Status] = {
    "open": "open", "todo": "open", "to do": "open", "to-do": "open", "pending": "open",
    "not started": "open", "new": "open", "planned": "open", "backlog": "open",
    "proposed": "open", "in progress": "in_progress", "in-progress": "in_progress",
    "in_progress": "in_progress", "wip": "in_progress", "doing": "in_progress",
    "started": "in_progress", "ongoing": "in_progress", "in review": "in_progress",
    "blocked": "in_progress", "done": "done", "complete": "done", "completed": "done",
    "closed": "done", "fixed": "done", "resolved": "done", "shipped": "done", "merged": "done",
    "won't do": "wont_do", "wont do": "wont_do", "wontfix": "wont_do", "won't fix": "wont_do",
    "wont_do": "wont_do", "cancelled": "wont_do", "canceled": "wont_do", "dropped": "wont_do",
    "rejected": "wont_do", "✅": "done", "✔": "done", "☑": "done",
}  # fmt: skip


TRACKER_KEY = re.compile(
    r"\b(?!(?:ISO|UTF|RFC|SHA|CVE|HTTP|TLS|AES|RSA|IPV|MD|SEV|GPT)-)[A-Z][A-Z0-9]{1,9}-\d{1,6}\b"
)
_MENTION = re.compile(r"(?<![\w.])@([A-Za-z][\w.-]*[\w])")
_OWNER_LABEL = re.compile(
    r"[(\[,;]?\s*\b(?:owner|owners|assignee|assigned\s+to|dri|responsible)\s*[:=]\s*"
    r"([^,;)\]\n]+?)\s*(?=[,;)\]]|$|\s+[-–—|]\s|\s+(?:due|by|eta|deadline|status|priority)\b)"
    r"[)\]]?",
    re.IGNORECASE,
)
_OWNER_WORDED = re.compile(
    r"\b(?:owned\s+by|assigned\s+to)\s+((?:the\s+)?[\w-]+(?:\s+[\w-]+)?(?:\s+team)?)", re.I
)
_TEAM_PAREN = re.compile(
    r"\(((?:the\s+)?[\w/&-]+(?:\s+[\w/&-]+){0,2}\s+(?:team|squad|guild|on-?call|lead|manager|sre))\)"
    r"|\((sre|dba|ops|devops|infra|platform|security|on-?call|qa|support|networking)\)",
    re.IGNORECASE,
)
_SUBJECT_OWNER = re.compile(
    r"^(?:the\s+)?((?:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)|(?:[\w/&-]+\s+){0,2}(?:team|squad|on-?call)"
    r"|SRE|SREs|DBA|DBAs|Ops|DevOps|Infra|Platform|Security|QA|Support|Networking)"
    r"\s+(?:to|will|should|must|needs\s+to|is\s+going\s+to|owns)\s+(?=\w)",
)
_PLACEHOLDER_PAREN = re.compile(r"(?<=[(\[,])\s*(TBD|TBC|TBA)\s*(?=[,)\]])")
_IMPERATIVE = re.compile(
    r"(add|move|migrate|make|create|set|get|ask|have|let|help|bring|switch|send|tell|train)\b",
    re.IGNORECASE,
)
_COLLECTIVE = {"we", "us", "team", "everyone", "all", "someone", "somebody", "anyone", "they"}
_PRIORITY_TEXT = re.compile(
    r"\[(P[0-4]|HIGH|MEDIUM|MED|LOW|CRITICAL)\]|\((P[0-4]|high|medium|low|critical)"
    r"(?:\s+priority)?\)|\bpriority\s*[:=]?\s*(P[0-4]|high|medium|low|critical)\b"
    r"|\b(high|medium|low)[\s-]priority\b|\b(?-i:(P[0-3]))\b|\b(?-i:(HIGH|MEDIUM|LOW|CRITICAL))\b\s*[:|-]?",
    re.IGNORECASE,
)
_STATUS_TEXT = re.compile(
    r"\b(?i:status)\s*[:=]\s*([\w' -]+?)(?=[,;)\]]|\.?\s*$)"
    r"|\[(DONE|TODO|WIP|OPEN|BLOCKED|IN PROGRESS)\]"
    r"|\((done|todo|wip|open|blocked|in progress|completed)\)"
    r"|\b(DONE|TODO|WIP|IN PROGRESS|COMPLETED|WONTFIX|CANCELLED|BLOCKED)\b|(✅|✔)",
)
_DUE_LEAD_IN = re.compile(
    r"\b(?:by|before|until|no\s+later\s+than|on|due(?:\s+date)?|deadline|eta|target(?:\s+date)?)"
    r"\s*[:=]?\s*$",
    re.IGNORECASE,
)
_WHY_LABEL = re.compile(r"\b(?:why|rationale|reason)\s*:\s*(.+?)(?=\s*[;)\]]|$)", re.IGNORECASE)

@dataclass
class Fields:
    """Fields found in one item's text, before the ActionItem is built."""

    what: str
    why: str | None = None
    owner: str | None = None
    due_text: str | None = None
    priority: Priority | None = None
    status: Status | None = None
    key: str | None = None
    horizon_text: str | None = None


def clean_text(text: str) -> str:
    """Strip Markdown emphasis, links and stray punctuation around a cell or phrase."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"(\*\*|__|`|~~)", "", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" \t-–—:;,.|")


def normalize_owner(text: str | None) -> str | None:
    """An owner as written, "TBD" for placeholders, None when the cell is empty."""
    if text is None:
        return None
    value = re.sub(r"^the\s+", "", clean_text(text).lstrip("@"), flags=re.IGNORECASE)
    if value.lower() in _EMPTY_CELL:
        return None
    if value.lower() in _PLACEHOLDER_OWNERS:
        return "TBD"
    return value


def read_priority(text: str) -> Priority | None:
    """A priority word or code (P1, HIGH, critical) as the domain's vocabulary."""
    return _PRIORITY_WORDS.get(clean_text(text).lower().replace(" priority", ""))


def read_status(text: str) -> Status | None:
    """A status word (PENDING, WIP, Done, won't fix, a tick) as the domain's vocabulary."""
    return _STATUS_WORDS.get(clean_text(text).lower()) or _STATUS_WORDS.get(text.strip())



def take(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str] | None, str]:
    """The first match of ``pattern`` and the text with that match removed."""
    match = pattern.search(text)
    if match is None:
        return None, text
    return match, text[: match.start()] + " " + text[match.end() :]


def first_group(match: re.Match[str]) -> str:
    """The first group of a match that took part in it."""
    return next(g for g in match.groups() if g is not None)


def fields_from_text(text: str) -> Fields:
    """Owner, due, priority, status, key and why read from free text; the rest is the action."""
    rest = text
    fields = Fields(what="")
    match, rest = take(TRACKER_KEY, rest)
    fields.key = match.group(0) if match else None
    match, rest = take(_WHY_LABEL, rest)
    fields.why = clean_text(match.group(1)) if match else None
    match, rest = take(_OWNER_LABEL, rest)
    if match:
        fields.owner = normalize_owner(match.group(1))
    mentions = _MENTION.findall(rest)
    if mentions and fields.owner is None:
        fields.owner = ", ".join(dict.fromkeys(mentions))
        rest = _MENTION.sub(lambda m: m.group(1) if m.start() < 3 else " ", rest)
    if fields.owner is None:
        fields.owner, rest = _owner_from_phrasing(rest)
    match, rest = take(_STATUS_TEXT, rest)
    if match:
        fields.status = read_status(first_group(match))
    match, rest = take(_PRIORITY_TEXT, rest)
    if match:
        fields.priority = read_priority(first_group(match))
    reading = read_due(rest, None)
    if reading.phrase and not reading.vague:
        fields.due_text = reading.phrase
        rest = _remove_due(rest, reading.phrase)
    fields.what = _tidy_what(rest)
    return fields


def _tidy_what(text: str) -> str:
    """The action text left once metadata is removed: no empty brackets or dangling commas."""
    text = re.sub(r"\s+([,;)\]])", r"\1", text)
    text = re.sub(r"[,;]+\s*(?=[)\]]|$)", "", text)
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    if text.count("(") < text.count(")"):
        text = text[::-1].replace(")", "", text.count(")") - text.count("("))[::-1]
    if text.count("(") > text.count(")"):
        text = text.replace("(", "", text.count("(") - text.count(")"))
    return clean_text(text)


def _owner_from_phrasing(text: str) -> tuple[str | None, str]:
    """An owner given by wording: "owned by X", "(SRE team)", "Platform team will ..."."""
    match, rest = take(_PLACEHOLDER_PAREN, text)
    if match:
        return "TBD", rest
    match, rest = take(_OWNER_WORDED, text)
    if match:
        return normalize_owner(match.group(1)), rest
    match, rest = take(_TEAM_PAREN, text)
    if match:
        return normalize_owner(first_group(match)), rest
    match = _SUBJECT_OWNER.match(text.strip())
    subject = match.group(1) if match else ""
    verb = _IMPERATIVE.match(subject) or is_imperative(subject)
    if subject and subject.lower() not in _COLLECTIVE and not verb:
        return normalize_owner(subject), text
    return None, text


def _remove_due(text: str, phrase: str) -> str:
    """Text without the due phrase and its "by"/"due:" lead-in."""
    index = text.find(phrase)
    if index < 0:
        return text
    before = text[:index]
    for _ in range(2):
        before = _DUE_LEAD_IN.sub("", before)
    return before + " " + text[index + len(phrase) :]


def is_collective(text: str) -> bool:
    """True when the item's subject is a collective ("We will", "Team to", "Everyone should")."""
    first = re.match(r"\s*(?:the\s+)?(\w+)", text.lower())
    return bool(first and first.group(1) in _COLLECTIVE)



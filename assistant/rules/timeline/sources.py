"""What produced a source (people or systems), and the log level a machine line carries.

People's lines (notes, chat) are never collapsed or dropped; systems' lines (logs, alert
exports) are grouped by template and filtered. When the caller does not say which a source is,
its name or its first lines tell: ``app.log`` is a log, ``notes.md`` notes, and a source whose
lines mostly carry log levels, HTTP request lines or ``key=value`` pairs is a log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

SourceKind = Literal["notes", "chat", "log", "alerts"]
"""What produced a source: people (notes, chat) or systems (logs, alert exports)."""

HUMAN_SOURCES: frozenset[SourceKind] = frozenset({"notes", "chat"})

Severity = Literal["error", "warning", "info"]

_LEVEL = re.compile(
    r"\b(?:FATAL|CRITICAL|CRIT|SEVERE|ERROR|ERR|EMERG|EMERGENCY|PANIC|ALERT)\b"
    r"|\blevel\"?\s*[=:]\s*\"?(?:fatal|critical|crit|severe|error|err|emerg|panic)\b"
    r"|\bseverity\"?\s*[=:]\s*\"?(?:fatal|critical|error|err)\b",
)
_WARN = re.compile(
    r"\bWARN(?:ING)?\b|\blevel\"?\s*[=:]\s*\"?warn(?:ing)?\b|\bseverity\"?\s*[=:]\s*\"?warn",
)


def log_severity(text: str) -> Severity:
    """``error`` or ``warning`` when the line carries that log level, otherwise ``info``.

    Reads the level token (``ERROR``, ``[WARN]``, ``level=error``, ``"level":"error"``), not
    the word "error" in a message: "0 errors" is not an error line.
    """
    if _LEVEL.search(text):
        return "error"
    if _WARN.search(text):
        return "warning"
    return "info"


_LOG_EXTENSIONS = (".log", ".jsonl", ".ndjson", ".out", ".err", ".gz", ".syslog", ".access")
_ALERT_EXTENSIONS = (".csv",)
_NOTES_EXTENSIONS = (".md", ".markdown")
_MACHINE_LINE = re.compile(
    r"\b(?:INFO|DEBUG|TRACE|WARN|WARNING|ERROR|FATAL|CRITICAL|NOTICE)\b|\blevel\"?\s*[=:]"
    r"|\b(?:GET|POST|PUT|DELETE|PATCH|HEAD) /\S* HTTP/|\w+=\S+ \w+=\S+"
)


def infer_source_kind(source: str, *, text: str, speaker: str | None) -> SourceKind:
    """A best guess of what produced a source, from its name and one of its lines.

    See ``source_kind_from_name`` and ``source_kind_from_lines``; callers who can look at more
    lines (``build_timeline`` looks at the first 25) guess better, and callers who know pass
    the kind explicitly.
    """
    return source_kind_from_name(source) or source_kind_from_lines([(text, speaker)])


def source_kind_from_name(source: str) -> SourceKind | None:
    """The kind a file name tells (``app.log``, ``alerts.csv``, ``notes.md``), or None.

    A ``.json`` or ``.txt`` name tells nothing: Slack exports and JSON-lines logs share the one,
    pasted notes and logs the other.
    """
    name = source.lower()
    if name.endswith(_LOG_EXTENSIONS) or re.search(r"\.log\.\d+$", name):
        return "log"
    if name.endswith(_ALERT_EXTENSIONS):
        return "alerts"
    if name.endswith(_NOTES_EXTENSIONS):
        return "notes"
    return None


def source_kind_from_lines(lines: Iterable[tuple[str, str | None]]) -> SourceKind:
    """The kind most of a source's (text, speaker) lines look like.

    A line with a log level, an HTTP request line or ``key=value`` pairs looks like a log; a
    line with a speaker looks like chat; anything else like a person's notes. A bot posting in
    a chat (PagerDuty in the incident channel) does not make the channel an alert source.
    """
    total = machine = spoken = 0
    for text, speaker in lines:
        total += 1
        machine += _MACHINE_LINE.search(text) is not None
        spoken += bool(speaker)
    if total and machine * 2 > total:
        return "log"
    return "chat" if total and spoken * 2 > total else "notes"

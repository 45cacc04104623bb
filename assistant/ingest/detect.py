"""Guess what kind of input a file is from its name and first lines; the user may override.

Kinds: ``notes`` (free notes, chat transcripts, Markdown postmortems), ``log`` (one event per
line, a timestamp at the start), ``jsonl`` (one JSON object per line), ``slack`` (a Slack export:
a channel folder of per-day files or one file of messages) and ``alerts`` (incident-tool exports
as JSON or CSV, recognised by a time column and a summary column).
"""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, date

from assistant.ingest.kinds import KINDS, Kind
from assistant.ingest.time.layout import infer_layout
from assistant.ingest.time.parse import TimestampFinder

__all__ = ["KINDS", "Kind", "detect_kind", "starts_like_json"]

_NOTES_SUFFIXES = (".md", ".markdown", ".rst")
_LOG_SUFFIXES = (".log", ".out", ".err", ".syslog")
_SLACK_MESSAGE = re.compile(r'"ts"\s*:\s*"\d{9,10}\.\d+"')
_SAMPLE_LINES = 50
_JSON_START = re.compile(r'\{\s*(?:"|\}|$)|\[\s*(?:[{\["\]]|$)', re.MULTILINE)
"""An object or an array of objects, strings or arrays; not ``[14:32]`` or ``[Sun Dec 04``."""
_LOG_RATIO = 0.6

TIME_COLUMNS = (
    "createdat", "created", "createdon", "timestamp", "time", "triggeredat", "starttime",
    "startedat", "startsat", "datetime", "eventtime", "occurredat", "openedat", "date",
    "incidentstart", "firedat", "ts", "at",
)  # fmt: skip
"""Normalised names (lower case, letters and digits only) of time columns, best first."""
SUMMARY_COLUMNS = (
    "summary", "title", "description", "message", "alertname", "name", "subject", "details",
    "text", "event", "incidenttitle", "msg",
)  # fmt: skip
"""Normalised names of summary columns, best first."""


def normalise_column(name: str) -> str:
    """A column name reduced for matching: ``"Created At"`` -> ``"createdat"``."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def has_alert_columns(columns: list[str]) -> bool:
    """True when the columns include both a time and a summary column."""
    names = {normalise_column(c) for c in columns}
    return bool(names & set(TIME_COLUMNS)) and bool(names & set(SUMMARY_COLUMNS))


def detect_kind(name: str, head: str, *, is_dir: bool = False) -> Kind:
    """The kind of an input from its file name and the first part of its text."""
    if is_dir:
        return "slack"
    lower = name.lower()
    stripped = head.lstrip()
    if _JSON_START.match(stripped):
        return _json_kind(stripped)
    if lower.endswith((".csv", ".tsv")) or _csv_header_is_alerts(head):
        return "alerts" if _csv_header_is_alerts(head) else "notes"
    if lower.endswith(_NOTES_SUFFIXES):
        return "notes"
    if lower.endswith(_LOG_SUFFIXES):
        return "log"
    return "log" if _log_ratio(head) >= _LOG_RATIO or _has_layout(head) else "notes"


def starts_like_json(text: str) -> bool:
    """True when the text opens like a JSON document (an object or an array of them)."""
    return _JSON_START.match(text.lstrip()) is not None


def _json_kind(stripped: str) -> Kind:
    first = stripped.split("\n", 1)[0].strip()
    if first.startswith("{"):
        try:
            json.loads(first)
        except json.JSONDecodeError:
            pass  # an object spread over many lines: a whole-file JSON document
        else:
            return "jsonl"
    return "slack" if _SLACK_MESSAGE.search(stripped[:20000]) else "alerts"


def _csv_header_is_alerts(head: str) -> bool:
    first = head.split("\n", 1)[0]
    if first.count(",") < 1 and first.count("\t") < 1:
        return False
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    columns = next(csv.reader([first], delimiter=delimiter), [])
    return has_alert_columns(columns)


def _has_layout(head: str) -> bool:
    """True when most of the first lines write a time in one layout, wherever on the line
    (an epoch in a middle column, a time after a date written apart)."""
    finder = TimestampFinder(default_tz=UTC, default_date=date(2000, 1, 1), mode="log")
    layout = infer_layout(head.splitlines()[: _SAMPLE_LINES * 2], finder)
    return layout is not None and layout.matched >= _LOG_RATIO * layout.sampled


def _log_ratio(head: str) -> float:
    """Share of the first non-blank lines that start with a dated timestamp."""
    # Any date will do here: only whether a dated timestamp is present matters.
    finder = TimestampFinder(default_tz=UTC, default_date=date(2000, 1, 1), mode="log")
    lines = [line for line in head.splitlines()[: _SAMPLE_LINES * 2] if line.strip()]
    lines = lines[:_SAMPLE_LINES]
    if not lines:
        return 0.0
    timed = 0
    for line in lines:
        found = finder.find_timestamp(line)
        if found is not None and found.span[0] <= 2 and "date" not in found.assumed:
            timed += 1
    return timed / len(lines)

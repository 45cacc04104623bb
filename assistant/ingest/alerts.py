"""Incident-tool exports (PagerDuty, Opsgenie, Alertmanager, status pages ...) as JSON or CSV.

Such exports differ in names but share a shape: a list of entries, each with a time column and
a summary column, often a type or status (``trigger_log_entry``, ``resolved``) and an actor or
service. Columns are found by normalised name (see ``detect``), nested objects by their
``summary``/``name``. The status goes in front of the summary (``resolve: High error rate``)
because it says what the entry means. JSON may be a list of entries or an object holding one
(``{"log_entries": [...]}``); CSV is streamed row by row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from assistant.domain import Evidence
from assistant.ingest.detect import SUMMARY_COLUMNS, TIME_COLUMNS
from assistant.ingest.jsonvalues import field, iter_json_entries, label, time_from_value
from assistant.ingest.time.parse import TimestampFinder

STATUS_COLUMNS = ("type", "eventtype", "event_type", "status", "action", "state", "kind")
ACTOR_COLUMNS = (
    "agent", "service", "source", "assignee", "assignedto", "responder", "user", "owner",
    "createdby", "integration", "team", "host", "monitor", "channel",
)  # fmt: skip
_NESTED_SUMMARY = ("annotations", "labels", "incident", "alert", "details")


def _status(record: Mapping[str, Any]) -> str | None:
    found = field(record, STATUS_COLUMNS)
    value = label(found[1]) if found else None
    if value is None:
        return None
    return value.removesuffix("_log_entry").replace("_", " ")


def _summary(record: Mapping[str, Any]) -> str | None:
    found = field(record, SUMMARY_COLUMNS)
    if found is not None:
        return label(found[1])
    for key in _NESTED_SUMMARY:
        nested = record.get(key)
        if isinstance(nested, Mapping):
            inner = field(nested, SUMMARY_COLUMNS)
            if inner is not None:
                return label(inner[1])
    return None


def alert_evidence(
    record: Mapping[str, Any], source: str, line: int, finder: TimestampFinder
) -> Evidence:
    """The Evidence of one alert or incident entry."""
    found = field(record, TIME_COLUMNS)
    parsed = time_from_value(found[1], finder) if found else None
    summary = _summary(record) or ""
    status = _status(record)
    if status and status.lower() not in summary.lower():
        summary = f"{status}: {summary}" if summary else status
    actor = field(record, ACTOR_COLUMNS)
    return Evidence(
        source=source,
        line=line,
        time=parsed.time if parsed else None,
        time_assumed=parsed.assumed if parsed else (),
        speaker=label(actor[1]) if actor else None,
        text=summary,
    )


def read_alerts_json(text: str, source: str, finder: TimestampFinder) -> Iterator[Evidence]:
    """Evidence for each entry of a JSON export; the line is where the entry starts."""
    for line, entry in iter_json_entries(text, source):
        if isinstance(entry, Mapping):
            yield alert_evidence(entry, source, line, finder)


def read_alerts_csv(
    lines: Iterable[tuple[int, str]], source: str, finder: TimestampFinder
) -> Iterator[Evidence]:
    """Evidence for each row of a CSV or TSV export, streamed; the line is where the row starts."""
    numbered = iter(lines)
    first = next(numbered, None)
    if first is None:
        return
    delimiter = "\t" if first[1].count("\t") > first[1].count(",") else ","
    header = next(csv.reader([first[1]], delimiter=delimiter))
    starts: list[int] = []

    def raw() -> Iterator[str]:
        for number, line in numbered:
            starts.append(number)
            yield line + "\n"  # keeps line breaks inside quoted cells

    reader = csv.DictReader(raw(), fieldnames=header, delimiter=delimiter)
    for row in reader:
        start = starts[0] if starts else first[0] + 1
        starts.clear()
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        yield alert_evidence(row, source, start, finder)

"""JSON-lines logs: one object per line with a time field and a message field.

The time is read from the first of ``time``, ``timestamp``, ``ts``, ``@timestamp``,
``datetime`` ... (epoch or string); the message from ``msg``, ``message``, ``log`` ...; the
speaker from a logger, service or host field. A level field is kept in front of the message
(``ERROR db timeout``) because it matters for the timeline. Lines that are not JSON objects
are read as plain log lines; a line that starts like an object but does not parse is an error.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from assistant.domain import Evidence
from assistant.errors import InputError
from assistant.ingest.jsonvalues import field, label, time_from_value
from assistant.ingest.logs import log_evidence
from assistant.ingest.time.parse import TimestampFinder

TIME_FIELDS = (
    "time", "timestamp", "ts", "datetime", "date", "t", "eventtime", "timelocal", "asctime",
    "createdat", "loggedat", "timemillis", "timestampms",
)  # fmt: skip
MESSAGE_FIELDS = ("msg", "message", "log", "text", "event", "body", "summary", "err", "error")
SPEAKER_FIELDS = (
    "logger", "loggername", "name", "service", "servicename", "app", "component", "host",
    "hostname", "source", "user", "caller",
)  # fmt: skip
LEVEL_FIELDS = ("level", "severity", "lvl", "loglevel", "levelname")


def record_text(record: Mapping[str, Any], used: set[str]) -> str:
    """The message of a record, with its level in front; other fields as JSON if no message."""
    found = field(record, MESSAGE_FIELDS)
    level = field(record, LEVEL_FIELDS)
    if found is not None:
        used.add(found[0])
        message = found[1] if isinstance(found[1], str) else json.dumps(found[1])
    else:
        rest = {k: v for k, v in record.items() if k not in used}
        message = json.dumps(rest, ensure_ascii=False, sort_keys=True)
    if level is not None and isinstance(level[1], str | int):
        return f"{str(level[1]).upper()} {message}".strip()
    return message.strip()


def json_evidence(
    record: Mapping[str, Any], source: str, number: int, finder: TimestampFinder
) -> Evidence:
    """The Evidence of one JSON record: its time, speaker and message."""
    used: set[str] = set()
    found_time = field(record, TIME_FIELDS)
    parsed = None
    if found_time is not None:
        used.add(found_time[0])
        parsed = time_from_value(found_time[1], finder)
    speaker_field = field(record, SPEAKER_FIELDS)
    speaker = label(speaker_field[1]) if speaker_field else None
    if speaker_field is not None:
        used.add(speaker_field[0])
    return Evidence(
        source=source,
        line=number,
        time=parsed.time if parsed else None,
        time_assumed=parsed.assumed if parsed else (),
        speaker=speaker,
        text=record_text(record, used),
    )


def read_json_lines(
    lines: Iterable[tuple[int, str]], source: str, finder: TimestampFinder
) -> Iterator[Evidence]:
    """Evidence for every non-blank line of a JSON-lines log, in file order."""
    for number, line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("{"):
            yield log_evidence(source, number, line, finder.find_timestamp(line))
            continue
        try:
            record = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(source, f"malformed JSON at line {number}: {exc.msg}") from exc
        yield json_evidence(record, source, number, finder)

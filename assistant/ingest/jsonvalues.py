"""Reading times, texts and names out of JSON records and CSV rows (logs, alerts, chat).

Field names vary by tool, so fields are looked up by a normalised name (``"Created At"`` ->
``createdat``) from a list of candidates, best first. A time may be a string in any layout the
time parser knows, or epoch seconds, milliseconds, microseconds or nanoseconds (told apart by
size), as a number or a numeric string.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from assistant.errors import InputError
from assistant.ingest.time.fields import ParsedTime
from assistant.ingest.time.parse import TimestampFinder

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NUMERIC = re.compile(r"^\d{9,19}(?:\.\d+)?$")
_WHITESPACE = re.compile(r"\s*")


def field(record: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str, Any] | None:
    """The first present, non-empty field among normalised ``names``: (original key, value)."""
    index = {re.sub(r"[^a-z0-9@]", "", key.lower()).lstrip("@"): key for key in record}
    for name in names:
        key = index.get(name)
        if key is not None and record[key] not in (None, "", [], {}):
            return key, record[key]
    return None


def label(value: Any) -> str | None:
    """A short readable name for a value: nested objects give their summary, name or email."""
    if isinstance(value, Mapping):
        for key in ("summary", "name", "real_name", "display_name", "email", "id"):
            if isinstance(value.get(key), str) and value[key]:
                return str(value[key])
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def epoch_time(number: float) -> datetime | None:
    """An epoch number as an aware UTC datetime, its unit told by size; None when implausible."""
    seconds = float(number)
    for divisor in (1, 1e3, 1e6, 1e9):
        candidate = seconds / divisor
        if 1e8 <= candidate < 5e9:  # 1973 .. 2128
            return _EPOCH + timedelta(microseconds=round(candidate * 1e6))
    return None


def time_from_value(value: Any, finder: TimestampFinder) -> ParsedTime | None:
    """The time a JSON or CSV value holds, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        when = epoch_time(value)
        return ParsedTime(when, (), (0, 0)) if when else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _NUMERIC.match(text):
        when = epoch_time(float(text))
        return ParsedTime(when, (), (0, len(text))) if when else None
    return finder.find_timestamp(text)


def iter_json_array(text: str, source: str) -> Iterator[tuple[int, Any]]:
    """(1-based line where it starts, value) for each element of a top-level JSON array.

    A document that is an object yields the object itself once, at its line. Decoding errors
    raise ``InputError(source, "malformed JSON at line N: ...")``.
    """
    decoder = json.JSONDecoder()
    position = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]  # \s* always matches
    if not text.startswith("[", position):
        value = _decode(decoder, text, position, source)[0]
        yield text.count("\n", 0, position) + 1, value
        return
    line, counted = 1, 0
    position += 1
    while True:
        position = _WHITESPACE.match(text, position).end()  # type: ignore[union-attr]
        if text.startswith("]", position):
            return
        line += text.count("\n", counted, position)
        counted = position
        value, position = _decode(decoder, text, position, source)
        yield line, value
        position = _WHITESPACE.match(text, position).end()  # type: ignore[union-attr]
        if text.startswith(",", position):
            position += 1
        elif not text.startswith("]", position):
            _raise_at(text, position, source, "expected ',' or ']'")


def iter_json_entries(text: str, source: str) -> Iterator[tuple[int, Any]]:
    """(line, entry) for each entry of a JSON export, streamed from its text.

    The entries are the elements of a top-level array, or of the first field of a top-level
    object whose value is a list of objects (``{"log_entries": [...]}``, ``{"messages": ...}``);
    any other document is one entry.
    """
    for line, document in iter_json_array(text, source):
        key = _list_field(document)
        if key is None:
            yield line, document
            continue
        found = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
        if found is None:  # the key was written with escapes; lines of entries are approximate
            for entry in document[key]:
                yield line, entry
            continue
        start = found.end() - 1
        offset = text.count("\n", 0, start)
        for inner_line, entry in iter_json_array(text[start:], source):
            yield offset + inner_line, entry


def _list_field(document: Any) -> str | None:
    if not isinstance(document, Mapping):
        return None
    for key, value in document.items():
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            return str(key)
    return None


def _decode(decoder: json.JSONDecoder, text: str, position: int, source: str) -> tuple[Any, int]:
    try:
        return decoder.raw_decode(text, position)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"malformed JSON at line {exc.lineno}: {exc.msg}") from exc


def _raise_at(text: str, position: int, source: str, reason: str) -> None:
    line = text.count("\n", 0, position) + 1
    raise InputError(source, f"malformed JSON at line {line}: {reason}")

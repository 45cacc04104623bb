"""Entry points of ingestion: files or pasted text in, a stream of Evidence out.

``read_sources`` reads each path by its kind (detected from the name and first lines, or given),
one Evidence per input line or message, in each source's own order, with bounded memory for
line-oriented inputs (logs, notes, JSON lines, CSV). Whole-document JSON (Slack exports, alert
exports) is read whole, as a JSON document must be. Warnings (invalid UTF-8, empty file, no time
found) go to ``on_warning``; unusable input raises ``InputError`` naming the file.

The date that bare clocks and year-less dates are placed on comes, in order, from ``date`` (the
user's ``--date``), the first date written in the first 64 KB of the input, and for files the
day the file was last modified (how syslog tools place year-less lines).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, tzinfo
from datetime import date as Date
from pathlib import Path

from assistant.domain import Evidence, Notice
from assistant.errors import InputError
from assistant.ingest.alerts import read_alerts_csv, read_alerts_json
from assistant.ingest.detect import KINDS, Kind, detect_kind, starts_like_json
from assistant.ingest.jsonlines import read_json_lines
from assistant.ingest.logs import read_log_lines
from assistant.ingest.notes import NotesReader
from assistant.ingest.slack import read_slack, read_slack_file
from assistant.ingest.textlines import Warn, iter_lines, number_lines, sniff, split_text
from assistant.ingest.time.formats import TimeFormat
from assistant.ingest.time.layout import infer_layout
from assistant.ingest.time.parse import Mode, Relearn, TimestampFinder

PASTED_SOURCES = ("-", "pasted")
Explain = Callable[[str, str], None]
"""Receives (source, how it is read): the kind and, for logs, the inferred timestamp layout."""
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d])")


def _ignore(_notice: Notice) -> None:
    """Default warning sink: drop it."""


def _quiet(_source: str, _how: str) -> None:
    """Default explanation sink: drop it."""


def read_sources(
    paths: Sequence[Path],
    *,
    tz: tzinfo,
    date: Date | None,
    kind: str | None = None,
    on_warning: Callable[[Notice], None] | None = None,
    explain: Explain | None = None,
) -> Iterator[Evidence]:
    """Evidence of every input line or message of ``paths``, source after source.

    ``explain`` is told how each source is read (its kind and, for a log, the timestamp
    layout inferred from its first lines).
    """
    warn = on_warning or _ignore
    for path in paths:
        stream = read_path(Path(path), tz=tz, date=date, kind=kind, warn=warn, explain=explain)
        yield from _count_times(stream, warn)


def read_path(
    path: Path,
    *,
    tz: tzinfo,
    date: Date | None,
    kind: str | None,
    warn: Warn,
    explain: Explain | None = None,
) -> Iterator[Evidence]:
    """Evidence of one file or Slack channel folder.

    Checks the file and picks its reader now, and returns that reader's stream rather than
    passing it through one more generator: a log of millions of lines feels every level.
    """
    source = str(path)
    if not path.exists():
        raise InputError(source, "no such file")
    if path.is_dir():
        if (kind or "slack") != "slack":
            raise InputError(source, "is a directory; only a Slack channel folder is read whole")
        (explain or _quiet)(source, "slack channel folder")
        return read_slack(path, source)
    head = sniff(path, source)
    if not head.strip():
        warn(Notice(message=f"{source}: empty file, nothing to read", source=source))
        return iter(())
    chosen = _choose_kind(kind, path.name, head, source)
    if chosen in ("slack", "alerts") and starts_like_json(head):
        (explain or _quiet)(source, f"{chosen} JSON document")
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        return _read_json_document(chosen, text, source, tz, date or _first_date(head))
    day = date or _first_date(head)
    not_after = None
    if day is None:  # place year-less lines on or before the day the file was last written
        day = not_after = _modified(path, tz)
    lines = iter_lines(path, source, warn)
    return _read_lines(
        chosen, lines, source, head, tz, day, warn, not_after=not_after, explain=explain
    )


def read_text(
    text: str,
    source: str = "pasted",
    *,
    tz: tzinfo,
    date: Date | None,
    kind: str | None = None,
    on_warning: Callable[[Notice], None] | None = None,
    explain: Explain | None = None,
) -> Iterator[Evidence]:
    """Evidence of every line or message of pasted text (source ``"-"`` or ``"pasted"``)."""
    warn = on_warning or _ignore
    chosen = _choose_kind(kind, source, text[:65536], source)
    day = date or _first_date(text)
    if chosen in ("slack", "alerts") and starts_like_json(text):
        stream = _read_json_document(chosen, text, source, tz, day)
    else:
        if day is None and _CLOCK.search(text):
            warn(
                Notice(
                    message=f"{source}: no date in the text and none given; times such as "
                    "14:32 stay without a time (pass --date)",
                    source=source,
                )
            )
        lines = number_lines(split_text(text), source, warn)
        stream = _read_lines(chosen, lines, source, text[:65536], tz, day, warn, explain=explain)
    yield from _count_times(stream, warn)


def _choose_kind(kind: str | None, name: str, head: str, source: str) -> Kind:
    if kind is None:
        return detect_kind(name, head)
    for known in KINDS:
        if kind == known:
            return known
    raise InputError(source, f"unknown input kind {kind!r}; expected one of {', '.join(KINDS)}")


def _finder(
    tz: tzinfo, day: Date | None, mode: Mode, not_after: Date | None = None
) -> TimestampFinder:
    return TimestampFinder(default_tz=tz, default_date=day, mode=mode, not_after=not_after)


def _read_lines(
    kind: Kind,
    lines: Iterable[tuple[int, str]],
    source: str,
    head: str,
    tz: tzinfo,
    day: Date | None,
    warn: Warn,
    *,
    not_after: Date | None = None,
    explain: Explain | None = None,
) -> Iterator[Evidence]:
    tell = explain or _quiet
    layout = None
    if kind == "log":
        layout = infer_layout(head.splitlines(), _finder(tz, day or Date(2000, 1, 1), "log"))
    if kind == "log" and layout is None and not _has_time(head, tz, day):
        warn(
            Notice(
                message=f"{source}: no timestamps found at the start; read as notes", source=source
            )
        )
        kind = "notes"
    if kind == "log":
        finder = _finder(tz, day, "log", not_after)
        if layout is None:
            tell(source, "log; no timestamp layout holds on most lines, each line is searched")
        else:
            finder.use_layout(layout.fmt, layout.fast, _relearner(source, tz, tell))
            tell(source, f"log; timestamps {layout.describe()}")
        return read_log_lines(lines, source, finder)
    tell(source, kind)
    if kind == "jsonl":
        return read_json_lines(lines, source, _finder(tz, day, "log", not_after))
    if kind == "alerts":
        return read_alerts_csv(lines, source, _finder(tz, day, "notes", not_after))
    if kind == "slack":
        raise InputError(source, "not a Slack export: expected a JSON list of messages")
    return NotesReader(source, _finder(tz, day, "notes", not_after)).read(lines)


def _relearner(source: str, tz: tzinfo, tell: Explain) -> Relearn:
    """Infers the layout again from lines the current one missed, and says so."""

    def relearn(lines: list[str]) -> tuple[TimeFormat, TimeFormat | None] | None:
        layout = infer_layout(lines, _finder(tz, Date(2000, 1, 1), "log"))
        if layout is None:
            return None
        tell(source, f"layout changes; later timestamps {layout.describe()}")
        return layout.fmt, layout.fast

    return relearn


def _read_json_document(
    kind: Kind, text: str, source: str, tz: tzinfo, day: Date | None
) -> Iterator[Evidence]:
    if kind == "slack":
        return read_slack_file(text, source, {})
    return read_alerts_json(text, source, _finder(tz, day, "notes"))


def _has_time(head: str, tz: tzinfo, day: Date | None) -> bool:
    finder = _finder(tz, day or Date(2000, 1, 1), "log")
    return any(finder.find_timestamp(line) for line in head.splitlines()[:200])


def _first_date(text: str) -> Date | None:
    """The first date written in ``text`` (a full timestamp or a date on its own), if any."""
    finder = TimestampFinder(default_tz=UTC, default_date=None, mode="notes")
    for line in text.splitlines()[:2000]:
        finder.find_timestamp(line)
        if finder.context_date is not None:
            return finder.context_date
    return None


def _modified(path: Path, tz: tzinfo) -> Date | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz).date()
    except (OSError, OverflowError, ValueError):
        return None


def _count_times(stream: Iterator[Evidence], warn: Warn) -> Iterator[Evidence]:
    """Pass the stream through, warning at its end when no record carried a time.

    Once a record carries a time there is nothing left to check, so the rest is passed on
    without looking at it.
    """
    source: str | None = None
    for evidence in stream:
        source = evidence.source
        yield evidence
        if evidence.time is not None:
            yield from stream
            return
    if source is not None:
        warn(
            Notice(
                message=f"{source}: no parsable time found; lines kept in order without times",
                source=source,
            )
        )

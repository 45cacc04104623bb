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
from typing import Any

from assistant.domain import Evidence, Notice
from assistant.errors import InputError
from assistant.ingest.alerts import read_alerts_csv, read_alerts_json
from assistant.ingest.detect import KINDS, Kind, detect_kind, starts_like_json
from assistant.ingest.jsonlines import read_json_lines
from assistant.ingest.logs import log_json_lines, read_log_lines
from assistant.ingest.notes import NotesReader
from assistant.ingest.records import EvidenceJson
from assistant.ingest.slack import read_slack, read_slack_file
from assistant.ingest.textlines import Warn, iter_lines, number_lines, sniff, split_text
from assistant.ingest.time.formats import TimeFormat
from assistant.ingest.time.layout import Layout, infer_layout
from assistant.ingest.time.parse import Mode, Relearn, TimestampFinder
from assistant.ingest.written import (
    MAX_DOCUMENT_CHARS,
    EntriesOf,
    looks_like_postmortem,
    retime_written,
)

PASTED_SOURCES = ("-", "pasted")
LogReader = Callable[[Iterable[tuple[int, str]], str, TimestampFinder], Iterator[Any]]
"""Reads a log's numbered lines into records (Evidence, or their JSON lines)."""
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
    written: EntriesOf | None = None,
) -> Iterator[Evidence]:
    """Evidence of every input line or message of ``paths``, source after source.

    ``explain`` is told how each source is read (its kind and, for a log, the timestamp
    layout inferred from its first lines). ``written`` reads the timeline of a written
    postmortem given as notes, so its entries carry the times the document states.
    """
    warn = on_warning or _ignore
    for path in paths:
        stream = read_path(
            Path(path), tz=tz, date=date, kind=kind, warn=warn, explain=explain, written=written
        )
        yield from _count_times(stream, warn)


def read_sources_json(
    paths: Sequence[Path],
    *,
    tz: tzinfo,
    date: Date | None,
    kind: str | None = None,
    on_warning: Callable[[Notice], None] | None = None,
    explain: Explain | None = None,
) -> Iterator[str]:
    """The ``ingest`` JSON line of every record ``read_sources`` gives, in the same order.

    Logs are written straight from their lines, without building Evidence; other kinds are
    read as Evidence and encoded.
    """
    warn = on_warning or _ignore
    encode = EvidenceJson()
    for path in paths:
        stream = read_path(
            Path(path), tz=tz, date=date, kind=kind, warn=warn, explain=explain,
            read_log=log_json_lines,
        )
        records = (r if isinstance(r, str) else encode(r) for r in stream)
        yield from _count_json_times(records, str(path), warn)


def read_path(
    path: Path,
    *,
    tz: tzinfo,
    date: Date | None,
    kind: str | None,
    warn: Warn,
    explain: Explain | None = None,
    read_log: LogReader = read_log_lines,
    written: EntriesOf | None = None,
) -> Iterator[Evidence]:
    """Evidence of one file or Slack channel folder (``read_log`` reads log files).

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
    stream = _read_lines(
        chosen, lines, source, head, tz, day, warn, not_after=not_after, explain=explain,
        read_log=read_log,
    )
    if written is not None and chosen == "notes" and looks_like_postmortem(head):
        size = path.stat().st_size  # a written postmortem: its timeline entries carry times
        if size <= MAX_DOCUMENT_CHARS:
            text = path.read_text(encoding="utf-8-sig", errors="replace")
            return retime_written(stream, text, tz=tz, date=date, entries_of=written)
    return stream


def read_text(
    text: str,
    source: str = "pasted",
    *,
    tz: tzinfo,
    date: Date | None,
    kind: str | None = None,
    on_warning: Callable[[Notice], None] | None = None,
    explain: Explain | None = None,
    written: EntriesOf | None = None,
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
        if (written is not None and chosen == "notes" and len(text) <= MAX_DOCUMENT_CHARS
                and looks_like_postmortem(text)):
            stream = retime_written(stream, text, tz=tz, date=date, entries_of=written)
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
    read_log: LogReader = read_log_lines,
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
            finder.use_layout(layout.fmt, layout.fast, _relearner(source, tz, layout, tell))
            tell(source, f"log; timestamps {layout.describe()}")
        return read_log(lines, source, finder)
    tell(source, kind)
    if kind == "jsonl":
        return read_json_lines(lines, source, _finder(tz, day, "log", not_after))
    if kind == "alerts":
        return read_alerts_csv(lines, source, _finder(tz, day, "notes", not_after))
    if kind == "slack":
        raise InputError(source, "not a Slack export: expected a JSON list of messages")
    return NotesReader(source, _finder(tz, day, "notes", not_after)).read(lines)


def _relearner(source: str, tz: tzinfo, first: Layout, tell: Explain) -> Relearn:
    """Finds the layout of lines the current one missed: a layout this file used before
    when it fits them, else one inferred from them; says which."""
    known = [first]

    def relearn(lines: list[str]) -> tuple[TimeFormat, TimeFormat | None] | None:
        for old in known:
            fits = sum(old.fmt.anchored.match(line) is not None for line in lines)
            if fits >= 0.9 * len(lines):
                tell(source, f"layout changes back; later timestamps {old.describe()}")
                return old.fmt, old.fast
        new = infer_layout(lines, _finder(tz, Date(2000, 1, 1), "log"))
        if new is None:
            return None
        known.append(new)
        tell(source, f"layout changes; later timestamps {new.describe()}")
        return new.fmt, new.fast

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


def _no_time_notice(source: str) -> Notice:
    return Notice(
        message=f"{source}: no parsable time found; lines kept in order without times",
        source=source,
    )


def _count_json_times(stream: Iterator[str], source: str, warn: Warn) -> Iterator[str]:
    """``_count_times`` for JSON lines: an untimed record has ``"time": null``."""
    seen = False
    for record in stream:
        seen = True
        yield record
        if ', "time": null, ' not in record:
            yield from stream
            return
    if seen:
        warn(_no_time_notice(source))


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
        warn(_no_time_notice(source))

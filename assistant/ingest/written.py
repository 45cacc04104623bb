"""A written postmortem given to ``draft`` as input: its timeline entries become timed evidence.

The notes reader reads a Markdown postmortem line by line; this hook then gives each line that
the document reader reads as a timeline entry the entry's time. The document reader is a rule
(``rules/document/contents.py``: ``read_timeline_entries``), so the service passes it in as
``entries_of``; ingest imports no rules. It knows
in every shape the document reader knows (tables with any time column, one heading per event,
date lines over bare clocks, bold prefixes, ``All times in IST`` notes), with dates carried from
headings and earlier rows and zones as stated. Lines it does not read as entries pass unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date as Date
from datetime import datetime, tzinfo
from typing import Protocol

from assistant.domain import Evidence, TimeAssumption

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S|^\s*(?:=+|-+)\s*$", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)
MAX_DOCUMENT_CHARS = 2_000_000
"""Larger inputs are not read as one document (they are read line by line as notes only)."""


class WrittenEntry(Protocol):
    """One timeline entry a document reader found: its line, time and how that time was read."""

    @property
    def line(self) -> int: ...
    @property
    def time(self) -> datetime | None: ...
    @property
    def text(self) -> str: ...
    @property
    def zone_stated(self) -> bool: ...
    @property
    def date_assumed(self) -> bool: ...


EntriesOf = Callable[[str, Date | None, tzinfo], Iterable[WrittenEntry]]
"""Reads a written document's timeline entries: (text, incident date, zone) -> entries."""


def looks_like_postmortem(text: str) -> bool:
    """True for a Markdown document with headings or front matter (not a chat or a log)."""
    head = text[:65536]
    return len(_HEADING.findall(head)) >= 2 or bool(_FRONT_MATTER.match(head))


def retime_written(
    stream: Iterator[Evidence], text: str, *, tz: tzinfo, date: Date | None, entries_of: EntriesOf
) -> Iterator[Evidence]:
    """``stream`` with the times of the document's timeline entries put on their lines."""
    entries = {e.line: e for e in entries_of(text, date, tz) if e.time}
    for evidence in stream:
        entry = entries.get(evidence.line)
        if entry is None or entry.time is None or (
            evidence.time == entry.time and evidence.text.strip()
        ):
            yield evidence  # the notes reader read it the same: keep its reading whole
            continue
        assumed: tuple[TimeAssumption, ...] = ()
        if not entry.zone_stated:
            assumed += ("tz",)
        if entry.date_assumed:
            assumed += ("date",)
        yield evidence.model_copy(
            update={
                "time": entry.time,
                "time_assumed": assumed,
                "text": entry.text or evidence.text,
            }
        )

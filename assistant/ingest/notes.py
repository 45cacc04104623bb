"""Free notes and chat transcripts pasted as text, Markdown postmortems included.

Shapes understood, per line:

- ``14:32 alice: seeing 500s``, ``[2:32 PM] Alice Smith: ...``, ``[14:32] <alice> ...`` (IRC),
  ``2/15/24, 2:32 PM - Alice: ...`` (phone chat exports): time, then speaker, then message.
- ``Alice Smith  2:32 PM`` alone on a line (a copied Slack or Teams view): a header whose speaker
  and time apply to the message lines below it, until the next header or timed line.
- ``2024-02-15 14:32 UTC - paged``, Markdown bullets ``- **14:32** rolled back``, timeline tables
  ``| 14:32 | SRE on call | paged |`` (a ``Who``/``Owner`` column becomes the speaker).
- a time further into the line (``rolled back at 14:40``) dates the whole line.
- lines without a time keep time None (never made up) and follow the timed line before them;
  a date alone on a line (``## 2024-02-15``) dates the bare clocks below it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from assistant.domain import Evidence, TimeAssumption
from assistant.ingest.records import trusted_evidence
from assistant.ingest.time.formats import strip_weekday
from assistant.ingest.time.parse import ParsedTime, TimestampFinder

_DECORATION = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+•]|\d{1,3}[.)])\s+)?(?:\[[ xX]\]\s+)?")
_LEADING_TIME_MAX = 3
"""A timestamp starting at most this many characters after the decoration leads the line."""
_SPEAKER = re.compile(
    r"^(?:<(?P<irc>[^>\s]{1,40})>\s*(?P<irc_msg>.*)"
    r"|(?P<name>@?[A-Za-z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}|@?[a-z][\w.-]*)\s*:\s+(?P<msg>.+))$"
)
_HEADER_NAME = re.compile(r"^@?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}$|^@?[a-z][\w.-]{1,30}$")
_NOT_SPEAKERS = frozenset(
    [
        "status",
        "update",
        "note",
        "notes",
        "action",
        "impact",
        "alert",
        "alerts",
        "resolved",
        "resolution",
        "mitigation",
        "cause",
        "root",
        "summary",
        "deploy",
        "deployed",
        "detection",
        "detected",
        "trigger",
        "result",
        "error",
        "warning",
        "info",
        "fix",
        "todo",
        "customer",
        "customers",
        "comms",
        "communication",
        "timeline",
        "issue",
        "problem",
        "question",
        "answer",
        "eta",
        "next",
    ]
)
_WHO_HEADERS = frozenset(
    ["who", "actor", "owner", "person", "speaker", "author", "by", "responder"]
)
_MARKUP = "*_`~"


@dataclass
class _Header:
    """Speaker and time of a chat header line, applied to the message lines under it."""

    speaker: str
    time: datetime
    assumed: tuple[TimeAssumption, ...]


def _strip_markup(text: str) -> str:
    return text.strip().strip(_MARKUP).strip()


def _split_speaker(text: str) -> tuple[str | None, str]:
    """(speaker, message) for ``alice: msg`` / ``Alice Smith: msg`` / ``<alice> msg``."""
    match = _SPEAKER.match(text)
    if match is None:
        return None, text
    if match.group("irc") is not None:
        return match.group("irc"), match.group("irc_msg").strip()
    name = match.group("name")
    if name.lower().lstrip("@") in _NOT_SPEAKERS or name.split()[0].lower() in _NOT_SPEAKERS:
        return None, text
    return name, match.group("msg").strip()


class NotesReader:
    """Turns the lines of one notes source into Evidence, carrying chat and table context."""

    def __init__(self, source: str, finder: TimestampFinder) -> None:
        self._source = source
        self._finder = finder
        self._header: _Header | None = None
        self._who_column: int | None = None

    def read(self, lines: Iterable[tuple[int, str]]) -> Iterator[Evidence]:
        """Evidence for every non-blank line, in order; a chat header alone gives none."""
        for number, line in lines:
            if not line.strip():
                continue
            evidence = self._table_row(number, line) if line.lstrip().startswith("|") else None
            evidence = evidence or self._line(number, line)
            if evidence.text or self._header is None:
                yield evidence

    def _evidence(
        self, number: int, text: str, found: ParsedTime | None, speaker: str | None
    ) -> Evidence:
        if found is None:
            return trusted_evidence(self._source, number, None, (), speaker, text)
        return trusted_evidence(self._source, number, found.time, found.assumed, speaker, text)

    def _line(self, number: int, line: str) -> Evidence:
        decoration = _DECORATION.match(line)
        body = line[decoration.end() if decoration else 0 :].rstrip()
        found = self._finder.find_timestamp(body)
        if found is None:
            return self._untimed(number, body)
        self._header = None
        start, end = found.span
        before = strip_weekday(body[:start]).strip(" \t[(<" + _MARKUP)
        after = body[end:].strip().lstrip("])>" + _MARKUP).strip()
        if start <= _LEADING_TIME_MAX and not before:
            return self._leading(number, after, found)
        if not after and _HEADER_NAME.match(before.rstrip(" ,-")):
            speaker = before.rstrip(" ,-")
            self._header = _Header(speaker, found.time, found.assumed)
            return self._evidence(number, "", found, speaker)
        if start <= _LEADING_TIME_MAX + 12 and not any(c.isalpha() for c in before):
            return self._leading(number, after, found)
        return self._evidence(number, _strip_markup(body), found, None)

    def _leading(self, number: int, after: str, found: ParsedTime) -> Evidence:
        message = after.lstrip("-–—:|, ").strip()
        speaker, message = _split_speaker(message)
        return self._evidence(number, _strip_markup(message), found, speaker)

    def _untimed(self, number: int, body: str) -> Evidence:
        header = self._header
        text = _strip_markup(body)
        if header is not None:
            return trusted_evidence(
                self._source, number, header.time, header.assumed, header.speaker, text
            )
        return self._evidence(number, text, None, None)

    def _table_row(self, number: int, line: str) -> Evidence | None:
        """A Markdown table row: the time cell dates it, a Who column names the speaker."""
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if all(set(cell) <= set("-: ") for cell in cells):
            return self._evidence(number, line.strip(), None, None)
        lowered = [_strip_markup(cell).lower() for cell in cells]
        if any(cell in _WHO_HEADERS for cell in lowered) and not any(
            self._finder.find_timestamp(cell) for cell in cells[:1]
        ):
            self._who_column = next(i for i, cell in enumerate(lowered) if cell in _WHO_HEADERS)
            return self._evidence(number, line.strip(), None, None)
        for index, cell in enumerate(cells):
            found = self._finder.find_timestamp(_strip_markup(cell))
            if found is None:
                continue
            self._header = None
            who = self._who_column
            speaker = (
                _strip_markup(cells[who]) or None if who is not None and who < len(cells) else None
            )
            rest = [
                _strip_markup(c) for i, c in enumerate(cells) if i not in (index, who) and c.strip()
            ]
            return self._evidence(number, " | ".join(rest), found, speaker)
        return None

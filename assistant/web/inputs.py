"""The Draft tab's inputs as the services want them, and its evidence shown again afterwards.

Pasted notes and uploaded files become ``service`` sources, each under a short unique name the
user recognises; temporary upload paths are replaced by those names in messages and in the
finished document, so nothing shown or downloaded carries the server's temp folders. When a
timeline row is picked, :func:`evidence_excerpt` shows the lines it cites with some context.
The typed inputs are also kept in the browser's storage, so a reload does not lose them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from assistant import service
from assistant.domain import EvidenceRef, Postmortem
from assistant.errors import InputError
from assistant.ingest.time.zones import ZONE_HINT, parse_zone_name

PASTED_NAME = "pasted notes"
"""The source name of the pasted text, as cited in the timeline's evidence."""

CONTEXT_LINES = 2
"""Lines shown before and after each cited evidence line."""

SAVED_LIMIT = 500_000
"""Characters of pasted text kept in the browser's storage (its quota is a few MB)."""


def parse_date(text: str | None) -> dt.date | None:
    """The incident date typed by the user (``YYYY-MM-DD``), None when blank."""
    if not text or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InputError(f"Incident date {text.strip()!r}", "use YYYY-MM-DD, e.g. 2024-02-15"
                         ) from exc


def parse_zone(text: str | None) -> dt.tzinfo:
    """The time zone of times that carry none (an IANA name; blank means UTC)."""
    name = (text or "").strip()
    try:
        return parse_zone_name(name)
    except ValueError as exc:
        raise InputError(f"Time zone {name!r}", ZONE_HINT) from exc


@dataclass
class Sources:
    """What a draft reads, and how to show its lines again when a timeline row is picked."""

    items: list[service.Source] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    """Temporary upload path -> the file name the user knows."""
    files: dict[str, Path] = field(default_factory=dict)
    """Label -> file, for showing evidence lines."""
    pasted: dict[str, str] = field(default_factory=dict)
    """Label -> pasted text."""


def collect_sources(notes: str | None, files: Sequence[str] | None) -> Sources:
    """Pasted notes and uploaded files as service sources, each under a unique short name."""
    sources = Sources()
    if notes and notes.strip():
        sources.items.append(service.PastedText(PASTED_NAME, notes))
        sources.pasted[PASTED_NAME] = notes
    for raw in files or []:
        path = Path(raw)
        label = path.name
        number = 2
        while label in sources.files or label == PASTED_NAME:
            label = f"{path.stem} ({number}){path.suffix}"
            number += 1
        sources.items.append(path)
        sources.labels[str(path)] = label
        sources.files[label] = path
    return sources


def relabel(text: str, labels: dict[str, str]) -> str:
    """``text`` with every temporary upload path replaced by the file's own name."""
    for full, short in labels.items():
        text = text.replace(full, short)
    return text


def relabel_document(pm: Postmortem, labels: dict[str, str]) -> Postmortem:
    """The document with upload paths replaced by file names wherever they appear."""
    raw = pm.model_dump_json()
    for full, short in labels.items():
        raw = raw.replace(json.dumps(full)[1:-1], json.dumps(short)[1:-1])
    return Postmortem.model_validate_json(raw)


def _lines_around(lines: Iterator[str], line: int) -> list[tuple[int, str]]:
    """Numbered lines from ``CONTEXT_LINES`` before ``line`` to as many after it."""
    first = max(1, line - CONTEXT_LINES)
    window = islice(lines, first - 1, line + CONTEXT_LINES)
    return [(first + offset, text.rstrip("\n")) for offset, text in enumerate(window)]


def evidence_excerpt(sources: Sources, refs: Sequence[EvidenceRef]) -> str:
    """The cited lines (marked ``>``) with a little context, as Markdown code blocks."""
    blocks = []
    for ref in refs:
        if ref.source in sources.pasted:
            found = _lines_around(iter(sources.pasted[ref.source].splitlines()), ref.line)
        elif ref.source in sources.files:
            with sources.files[ref.source].open(encoding="utf-8", errors="replace") as handle:
                found = _lines_around(iter(handle), ref.line)
        else:
            blocks.append(f"`{ref.source}:{ref.line}`: source not available")
            continue
        body = "\n".join(
            f"{'>' if number == ref.line else ' '} {number:>6} | {text}" for number, text in found
        )
        blocks.append(f"**{ref.source}:{ref.line}**\n```text\n{body.replace('```', '` ``')}\n```")
    return "\n\n".join(blocks) if blocks else "No evidence cited."


def save_inputs(notes: str | None, date: str | None, tz: str | None, review: str | None
                ) -> dict[str, str]:
    """The typed inputs as kept in the browser's storage, long texts cut to ``SAVED_LIMIT``."""
    return {"notes": (notes or "")[:SAVED_LIMIT], "date": date or "",
            "tz": tz or "UTC", "review": (review or "")[:SAVED_LIMIT]}


def restore_inputs(stored: dict[str, str] | None) -> tuple[str, str, str, str]:
    """Notes, date, time zone and review draft from the browser's storage (blank when none)."""
    data = stored or {}
    return (data.get("notes", ""), data.get("date", ""), data.get("tz") or "UTC",
            data.get("review", ""))

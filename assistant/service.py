"""The use cases, as the user names them: ingest, lint, draft, review.

The CLI, the app and the evals call these and nothing below them. Rules always run; a model, when
given, only improves what the rules produced, and its failures leave the rules result standing.
Model-backed chains are imported inside the functions that use them, so the rules-only commands
(``lint``, ``ingest``) start without importing langchain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.domain import Evidence, Notice
from assistant.ingest.reader import read_sources, read_text


@dataclass(frozen=True)
class PastedText:
    """Text given directly (standard input or a text box) rather than as a file."""

    name: str
    text: str


Source = Path | PastedText
WarningSink = Callable[[Notice], None]


@dataclass(frozen=True)
class IngestOptions:
    """How to read inputs: the zone and date of times that lack them, and a forced kind."""

    tz: dt.tzinfo = dt.UTC
    date: dt.date | None = None
    kind: str | None = None


def ingest(
    sources: Sequence[Source],
    options: IngestOptions = IngestOptions(),
    *,
    on_warning: WarningSink | None = None,
) -> Iterator[Evidence]:
    """Evidence of every input line or message, source after source, streamed."""
    for source in sources:
        if isinstance(source, PastedText):
            yield from read_text(
                source.text, source.name, tz=options.tz, date=options.date, kind=options.kind,
                on_warning=on_warning,
            )
        else:
            yield from read_sources(
                [source], tz=options.tz, date=options.date, kind=options.kind,
                on_warning=on_warning,
            )

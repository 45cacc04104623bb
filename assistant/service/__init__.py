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
from typing import TYPE_CHECKING

from assistant.domain import (
    Evidence,
    Notice,
    Postmortem,
)
from assistant.errors import InputError
from assistant.ingest.merge import merge_by_time
from assistant.ingest.reader import read_sources, read_text
from assistant.rules.blame.config import (
    LintConfig,
)
from assistant.rules.document.contents import TimedEntry, read_timeline_entries
from assistant.rules.timeline.build import Timeline, build_timeline
from assistant.service.review import (
    ReviewOptions,
    Rewritten,
    apply_suggestions,
    find_lint_config,
    lint,
    load_lint_config,
    review,
    rewrite,
    unified_diff,
)

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


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
    explain: Callable[[str, str], None] | None = None,
) -> Iterator[Evidence]:
    """Evidence of every input line or message, source after source, streamed.

    ``explain`` is told, per source, how it is read (kind and inferred timestamp layout).
    """
    for source in sources:
        if isinstance(source, PastedText):
            yield from read_text(
                source.text, source.name, tz=options.tz, date=options.date, kind=options.kind,
                on_warning=on_warning, explain=explain, written=_written_timeline,
            )
        else:
            yield from read_sources(
                [source], tz=options.tz, date=options.date, kind=options.kind,
                on_warning=on_warning, explain=explain, written=_written_timeline,
            )


def _written_timeline(
    text: str, date: dt.date | None, tz: dt.tzinfo
) -> list[TimedEntry]:
    """The timeline entries of a written postmortem given as input (the document reader's)."""
    return read_timeline_entries(text, date=date, tz=tz)


ProgressSink = Callable[[str], None]

if TYPE_CHECKING:
    from assistant.chains.draft import DraftSettings
    from assistant.rules.draft.document import DraftStats


def draft(
    sources: Sequence[Source],
    options: IngestOptions = IngestOptions(),
    *,
    model: BaseChatModel | None = None,
    on_warning: WarningSink | None = None,
    on_progress: ProgressSink | None = None,
    settings: DraftSettings | None = None,
) -> Postmortem:
    """A first draft of the whole template from notes, chat exports and logs.

    Rules always run and give a complete, plainer document; a model, when given, rewrites and
    fills sections through checked chains (see ``draft_with_stats``). Sections nobody can
    fill stay empty (rendered "to fill in"), never invented.
    """
    document, _stats = draft_with_stats(
        sources, options, model=model, on_warning=on_warning, on_progress=on_progress,
        settings=settings,
    )
    return document


def draft_with_stats(
    sources: Sequence[Source],
    options: IngestOptions = IngestOptions(),
    *,
    model: BaseChatModel | None = None,
    on_warning: WarningSink | None = None,
    on_progress: ProgressSink | None = None,
    settings: DraftSettings | None = None,
) -> tuple[Postmortem, DraftStats]:
    """``draft`` and its figures: lines read, model calls, prompt and completion tokens.

    Inputs are streamed and merged by time, so a multi-gigabyte log is read in bounded memory
    without a model. With a model the evidence lines are also kept for packing and grounding
    (plain log chatter only up to ``_KEEP_ALL_LINES``). ``on_progress`` gets a short step name
    as each step starts and as each model chain ends.
    """
    from assistant.rules.draft.document import DraftStats, draft_document

    if not sources:
        raise InputError("-", "no input given: pass notes, chat exports or logs")
    notices: list[Notice] = []

    def keep(notice: Notice) -> None:
        notices.append(notice)
        if on_warning is not None:
            on_warning(notice)

    progress = on_progress or (lambda _step: None)
    progress("reading inputs")
    streams = [ingest([source], options, on_warning=keep) for source in sources]
    kept: list[Evidence] = []
    merged = merge_by_time(streams, on_warning=keep)
    timeline = build_timeline(_keeping(merged, kept) if model is not None else merged)
    progress("building the timeline")
    if timeline.lines_read == 0:
        raise InputError(_source_names(sources), "nothing to read: the inputs are empty")
    for notice in timeline.warnings:
        keep(notice)
    if model is not None and timeline.lines_read > len(kept):
        keep(Notice(message=f"{timeline.lines_read - len(kept):,} routine log lines past the "
                    f"first {_KEEP_ALL_LINES:,} were not kept for the model", source="model"))
    progress("drafting from rules")
    document = draft_document(timeline, incident_date=options.date, warnings=notices)
    stats = DraftStats(lines_read=timeline.lines_read, timeline_rows=len(document.timeline))
    if model is not None:
        document, stats = _draft_with_model(document, timeline, kept, model, settings, progress)
    if on_warning is not None:
        for notice in document.warnings[len(notices):]:
            on_warning(notice)
    progress("done")
    return document, stats


_KEEP_ALL_LINES = 200_000
"""With a model, every evidence line is kept up to this many; past it only lines that matter."""


def _keeping(stream: Iterator[Evidence], kept: list[Evidence]) -> Iterator[Evidence]:
    """Pass ``stream`` through, appending its lines to ``kept`` (bounded past the limit)."""
    from assistant.rules.timeline.classify import log_line_matters

    for evidence in stream:
        if len(kept) < _KEEP_ALL_LINES or log_line_matters(evidence.text):
            kept.append(evidence)
        yield evidence


def _draft_with_model(
    rules: Postmortem,
    timeline: Timeline,
    evidence: list[Evidence],
    model: BaseChatModel,
    settings: DraftSettings | None,
    progress: ProgressSink,
) -> tuple[Postmortem, DraftStats]:
    """The rules draft improved by the model's checked chains, and the draft's figures."""
    from assistant.chains.draft import DraftSettings, improve_draft
    from assistant.rules.draft.document import DraftStats

    result = improve_draft(
        rules, timeline, evidence, model=model, settings=settings or DraftSettings(),
        on_progress=progress,
    )
    stats = DraftStats(
        lines_read=timeline.lines_read,
        timeline_rows=len(result.document.timeline),
        model_calls=result.model_calls,
        prompt_tokens=result.prompt_tokens,
        completion_tokens=result.completion_tokens,
        input_tokens=result.input_tokens,
        evidence_tokens=result.evidence_tokens,
        evidence_lines=result.evidence_lines,
        calls_by_task=result.calls_by_task,
    )
    return result.document, stats


def _source_names(sources: Sequence[Source]) -> str:
    return ", ".join(s.name if isinstance(s, PastedText) else str(s) for s in sources)


__all__ = [
    "IngestOptions",
    "LintConfig",
    "PastedText",
    "ReviewOptions",
    "Rewritten",
    "Source",
    "apply_suggestions",
    "draft",
    "draft_with_stats",
    "find_lint_config",
    "ingest",
    "lint",
    "load_lint_config",
    "review",
    "rewrite",
    "unified_diff",
]

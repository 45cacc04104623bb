"""The use cases, as the user names them: ingest, lint, draft, review.

The CLI, the app and the evals call these and nothing below them. Rules always run; a model, when
given, only improves what the rules produced, and its failures leave the rules result standing.
Model-backed chains are imported inside the functions that use them, so the rules-only commands
(``lint``, ``ingest``) start without importing langchain.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.domain import (
    ActionItemReview,
    Evidence,
    Finding,
    Notice,
    Origin,
    Postmortem,
    Review,
)
from assistant.errors import AssistantError, InputError
from assistant.ingest.merge import merge_by_time
from assistant.ingest.reader import read_sources, read_text
from assistant.rules.blame.config import (
    CONFIG_NAME,
    PYPROJECT,
    TOOL_KEY,
    LintConfig,
    parse_lint_config,
)
from assistant.rules.blame.find import find_blame
from assistant.rules.document.contents import TimedEntry, read_timeline_entries
from assistant.rules.document.headings import section_text, split_sections
from assistant.rules.review.review import review_document
from assistant.rules.timeline.build import Timeline, build_timeline

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


@dataclass(frozen=True)
class ReviewOptions:
    """How to review: the incident date for relative due dates, lint config, the draft's name."""

    date: dt.date | None = None
    config: LintConfig | None = None
    source: str = "-"
    max_model_items: int = 8
    """At most this many action items are sent to the model for a rewrite (one call each)."""


def _has_tool_table(pyproject: Path) -> bool:
    """True when ``pyproject`` has a ``[tool.postmortem-lint]`` table."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return TOOL_KEY in data.get("tool", {})


def find_lint_config(start: Path) -> Path | None:
    """The nearest ``.postmortem-lint.toml``, or ``pyproject.toml`` with our table, upwards.

    ``start`` may be a file or a directory. In each directory the dedicated file wins over
    ``pyproject.toml``. The search stops at the first directory holding ``.git`` (the
    repository root), so a config outside the project is never picked up by accident.
    """
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        dedicated = folder / CONFIG_NAME
        if dedicated.is_file():
            return dedicated
        pyproject = folder / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            return None
    return None


def load_lint_config(path: str | Path | None, near: Path) -> LintConfig | None:
    """The lint config file ``path``, else the nearest one above ``near``; None when none."""
    file = Path(path) if path else find_lint_config(near)
    if file is None:
        return None
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(file), getattr(exc, "strerror", None) or str(exc)) from exc
    return parse_lint_config(text, str(file))


def lint(text: str, config: LintConfig | None = None) -> list[Finding]:
    """Blamelessness findings of ``text``: rules only, no model, fast."""
    return find_blame(text, config)


def review(
    text: str,
    options: ReviewOptions = ReviewOptions(),
    *,
    model: BaseChatModel | None = None,
) -> Review:
    """The review of a draft: rules always; a model deepens the whys and rewrites weak items."""
    rules = review_document(
        text, incident_date=options.date, config=options.config, source=options.source
    )
    if model is None:
        return rules
    return _improve_review(rules, text, options, model)


def _skipped(step: str, exc: AssistantError) -> Notice:
    return Notice.model_step_skipped(step, exc)


def _improve_review(
    rules: Review, text: str, options: ReviewOptions, model: BaseChatModel
) -> Review:
    """``rules`` with model-proposed whys and action-item rewrites that pass the checks."""
    from assistant.chains.action_rewrite import rewrite_action_item
    from assistant.chains.whys import deepen_whys

    warnings = list(rules.warnings)
    provenance = dict(rules.provenance)
    whys = rules.whys
    if whys.chain and (whys.stops_at_human_error or whys.stops_at_proximate_cause):
        summary = section_text(split_sections(text), "summary")[:4000]
        try:
            proposed = deepen_whys(list(whys.chain), summary, model=model)
        except AssistantError as exc:
            warnings.append(_skipped("deepen_whys", exc))
        else:
            whys = whys.model_copy(update={"proposed_whys": tuple(proposed), "origin": "model"})
            provenance["whys"] = "model"
    items: list[ActionItemReview] = []
    sent = 0
    for entry in rules.action_items:
        total = entry.smart.total
        if total is None or total >= 10 or sent >= options.max_model_items:
            items.append(entry)
            continue
        sent += 1
        try:
            suggestion = rewrite_action_item(entry.item, entry.smart, model=model)
        except AssistantError as exc:
            warnings.append(_skipped("rewrite_action_item", exc))
            items.append(entry)
            continue
        items.append(entry.model_copy(update={"suggestion": suggestion}))
        provenance["action_items"] = "model"
    if sent == options.max_model_items and len(rules.action_items) > sent:
        warnings.append(Notice(message=f"only the first {sent} weak action items were sent to "
                               "the model; the rest keep their rules suggestion"))
    return rules.model_copy(
        update={"whys": whys, "action_items": items, "warnings": warnings,
                "provenance": provenance}
    )


@dataclass(frozen=True)
class Rewritten:
    """A draft with its blameful passages rewritten, and how each rewrite came about."""

    text: str
    origin: Origin
    """``model`` when at least one model rewrite was accepted, else ``rules``."""
    notices: tuple[Notice, ...] = ()
    proposals: tuple[tuple[str, str | None], ...] = ()
    """With a model: each flagged passage and the model's rewrite of it as proposed (None when
    it gave none), accepted or not, so an eval can judge the model and not only the result."""


def rewrite(
    text: str,
    findings: Sequence[Finding],
    *,
    model: BaseChatModel | None = None,
    config: LintConfig | None = None,
) -> Rewritten:
    """``text`` with every flagged passage rewritten: by the model where its rewrite passes the
    checks (lints clean, keeps every fact, adds none), else by the rules' suggestion."""
    if not findings:
        return Rewritten(text, "rules")
    offline = apply_suggestions(text, list(findings))
    if model is None:
        return Rewritten(offline, "rules")
    from assistant.chains.blameless import rewrite_blameless

    try:
        outcome = rewrite_blameless(text, list(findings), model=model, config=config)
    except AssistantError as exc:
        return Rewritten(offline, "rules", (_skipped("rewrite_blameless", exc),))
    result, notices, accepted = text, [], 0
    proposals = tuple((p.original, p.proposed) for p in outcome.passages)
    for passage in sorted(outcome.passages, key=lambda p: p.start, reverse=True):
        if passage.accepted:
            accepted += 1
        else:
            notices.append(Notice(message="model rewrite refused, rules rewrite used "
                                  f"({passage.reason})", source="rewrite_blameless"))
        replacement = passage.text if passage.accepted else passage.suggestion
        if replacement is None:  # the rules give advice only: the passage stays as written
            replacement = passage.original
        result = result[: passage.start] + replacement + result[passage.end :]
    return Rewritten(
        result, "model" if accepted else "rules", tuple(reversed(notices)), proposals
    )


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


def apply_suggestions(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with the suggestions of ``findings`` applied (one, some or all of a lint)."""
    from assistant.rules.blame.rewrite import apply_suggestions as apply

    return apply(text, findings)


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of two versions of the document ``name`` ("" when they are equal)."""
    from assistant.rules.blame.rewrite import unified_diff as diff

    return diff(before, after, name)


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

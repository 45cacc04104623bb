"""Run the eval cases through the services and score them: ``run_suite`` and ``run_case``.

Each case drafts a postmortem from its inputs and/or reviews its ``postmortem.md`` with the
same services the CLI and the app use, then scores the result against its gold answers. Modes:

- ``scripted``: every case replays its own ``responses/`` (CI; no network);
- ``scripted:<dir>``: replays ``<dir>/<case id>/`` instead;
- ``offline``: rules alone, no model;
- ``openai:<model>``: a real model (``OPENAI_API_KEY``; ``OPENAI_BASE_URL`` for other servers).

Cases run concurrently in a bounded thread pool; results are sorted by case id, so under the
scripted model a run is deterministic apart from its timings.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from assistant import service
from assistant.domain import Evidence, Notice, Postmortem, Review
from assistant.errors import AssistantError, ConfigError
from assistant.evals import metrics
from assistant.evals.cases import Case, discover_cases, generated_inputs
from assistant.evals.replay import MeteredChatModel, ModelCall, check_replay
from assistant.rules.blame.find import find_blame
from assistant.rules.blame.rewrite import apply_suggestions

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings

ModelFactory = Callable[[Case], "BaseChatModel | None"]
ProgressCallback = Callable[[int, int, str], None]
DEFAULT_WORKERS = 4


class CallRecord(BaseModel):
    """One model call of a case, as reported."""

    model_config = ConfigDict(extra="forbid")

    task: str
    fingerprint: str
    prompt_tokens: int
    completion_tokens: int
    valid: bool | None
    error: str | None = None


class CaseResult(BaseModel):
    """What one case produced and how it scored."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    scenario: str
    parts: list[str] = Field(description="'draft', 'review' or both.")
    status: str = Field(description="'ok', or 'error' when the case could not run.")
    error: str | None = None
    metrics: dict[str, float | None] = Field(default_factory=dict)
    calls: list[CallRecord] = Field(default_factory=list)
    stale: list[str] = Field(default_factory=list, description="Answers no request used.")
    missing: list[str] = Field(default_factory=list, description="Requests with no answer.")
    notes: list[str] = Field(default_factory=list, description="Warnings the services gave.")


class SuiteResult(BaseModel):
    """A whole run: mode, per-case results (by id), suite figures and the wall time."""

    model_config = ConfigDict(extra="forbid")

    mode: str
    cases: list[CaseResult]
    aggregate: dict[str, float | None]
    wall_s: float
    workers: int

    def replay_problems(self) -> list[str]:
        """Stale and missing scripted answers, one line each, naming the case."""
        lines = [f"{c.id}: stale answer {s} (its request changed or is no longer sent)"
                 for c in self.cases for s in c.stale]
        lines += [f"{c.id}: no answer for request {m}" for c in self.cases for m in c.missing]
        return lines

    def errors(self) -> list[str]:
        """Cases that could not run, one line each."""
        return [f"{c.id}: {c.error}" for c in self.cases if c.status != "ok"]


def model_factory(
    mode: str, *, record: bool = False, settings: Settings | None = None
) -> tuple[ModelFactory, bool]:
    """The per-case model maker for ``mode``, and whether it replays scripted answers."""
    cleaned = mode.strip()
    if cleaned == "offline":
        if record:
            raise ConfigError("--record needs a real model: use --model openai:<name>")
        return (lambda _case: None), False
    if cleaned == "scripted" or cleaned.startswith("scripted:"):
        if record:
            raise ConfigError("--record needs a real model, not the scripted one")
        root = Path(cleaned.partition(":")[2]) if ":" in cleaned else None
        if root is not None and not root.is_dir():
            raise ConfigError(f"scripted model: {root} is not a directory")
        return _scripted_factory(root), True
    return _real_factory(cleaned, record, settings), False


def _scripted_factory(root: Path | None) -> ModelFactory:
    from assistant.models.scripted import ScriptedChatModel

    def make(case: Case) -> BaseChatModel:
        folder = case.responses_dir if root is None else root / case.id
        return ScriptedChatModel.from_dir(folder, strict=True)

    return make


def _real_factory(spec: str, record: bool, settings: Settings | None) -> ModelFactory:
    from assistant.models.registry import build_chat_model
    from assistant.models.scripted import RecordingChatModel
    from assistant.settings import load_settings

    chosen = settings if settings is not None else load_settings(model=spec)
    shared = build_chat_model(spec, chosen)
    if shared is None:
        return lambda _case: None
    real = shared

    def make(case: Case) -> BaseChatModel:
        return RecordingChatModel(real, case.responses_dir) if record else real

    return make


def run_suite(
    mode: str,
    cases_dir: Path | None = None,
    *,
    case_ids: Sequence[str] | None = None,
    on_progress: ProgressCallback | None = None,
    record: bool = False,
    workers: int | None = None,
    settings: Settings | None = None,
) -> SuiteResult:
    """Run every case (or ``case_ids``) under ``cases_dir`` in ``mode`` and score them.

    ``on_progress(done, total, case_id)`` is called as each case finishes. Raises
    ``ConfigError`` for a bad mode and ``InputError`` for an unreadable case.
    """
    cases = discover_cases(cases_dir, case_ids)
    factory, scripted = model_factory(mode, record=record, settings=settings)
    pool_size = max(1, min(workers or default_workers(), len(cases) or 1))
    started = time.perf_counter()
    results: list[CaseResult] = []
    with ThreadPoolExecutor(max_workers=pool_size, thread_name_prefix="eval") as pool:
        futures = {pool.submit(run_case, case, factory(case), scripted=scripted): case
                   for case in cases}
        for done, future in enumerate(as_completed(futures), 1):
            results.append(future.result())
            if on_progress is not None:
                on_progress(done, len(cases), futures[future].id)
    results.sort(key=lambda result: result.id)
    return SuiteResult(
        mode=mode.strip(),
        cases=results,
        aggregate=metrics.aggregate([r.metrics for r in results if r.status == "ok"]),
        wall_s=round(time.perf_counter() - started, 3),
        workers=pool_size,
    )


def run_case(
    case: Case, model: BaseChatModel | None, *, scripted: bool = False,
    play_faults: bool | None = None,
) -> CaseResult:
    """Draft and/or review one case with ``model`` (None: rules only) and score the outcome.

    ``scripted`` says the model replays the case's answers: faults in ``responses/`` are played
    (unless ``play_faults`` says otherwise), unused answers are reported as stale, and a draft
    the case has no scripted answers for runs with rules only. Failures of the case
    (unreadable input, a bug) are reported in the result, not raised, so one broken case does
    not hide the others.
    """
    faults = scripted if play_faults is None else play_faults
    metered = (
        MeteredChatModel(inner=model, faults_dir=case.responses_dir if faults else None)
        if model is not None
        else None
    )
    started = time.perf_counter()
    notes: list[str] = []
    scores: dict[str, float | None] = {}
    try:
        if case.has_draft:
            with_model = metered if case.expected.scripted_draft or not scripted else None
            if with_model is None and metered is not None:
                notes.append("draft: no scripted draft answers yet (scripted_draft: false); "
                             "rules only")
            scores.update(_draft_scores(case, with_model, notes))
        if case.has_review:
            scores.update(_review_scores(case, metered, notes))
    except Exception as exc:  # a case that cannot run is reported, never hides the others
        return _failed(case, f"{type(exc).__name__}: {exc}", metered)
    calls = metered.calls if metered is not None else []
    scores.update(_model_scores(case, calls))
    scores["latency_s"] = round(time.perf_counter() - started, 3)
    check = check_replay(case.responses_dir, calls) if faults else None
    return CaseResult(
        id=case.id,
        title=case.expected.title,
        scenario=case.expected.scenario,
        parts=_parts(case),
        status="ok",
        metrics={name: scores.get(name) for name in metrics.METRICS},
        calls=[_record(call) for call in calls],
        stale=list(check.stale) if check else [],
        missing=list(check.missing) if check else [],
        notes=notes,
    )


def _parts(case: Case) -> list[str]:
    return [part for part, has in (("draft", case.has_draft), ("review", case.has_review)) if has]


def _failed(case: Case, error: str, metered: MeteredChatModel | None) -> CaseResult:
    calls = metered.calls if metered is not None else []
    return CaseResult(
        id=case.id, title=case.expected.title, scenario=case.expected.scenario,
        parts=_parts(case), status="error", error=error, calls=[_record(c) for c in calls],
    )


def _record(call: ModelCall) -> CallRecord:
    return CallRecord(
        task=call.task, fingerprint=call.fingerprint, prompt_tokens=call.prompt_tokens,
        completion_tokens=call.completion_tokens, valid=call.valid, error=call.error,
    )


@contextmanager
def _draft_sources(case: Case) -> Iterator[list[service.Source]]:
    """The case's inputs as pasted texts named by file name, generated ones included.

    Pasted texts keep source names free of the checkout's location, so the requests a model
    receives (and their fingerprints) are the same on every machine.
    """
    with tempfile.TemporaryDirectory(prefix=f"eval-{case.id}-") as scratch:
        files = sorted(p for p in case.inputs_dir.glob("*") if p.is_file())
        files += generated_inputs(case, Path(scratch))
        yield [
            service.PastedText(path.name, path.read_text(encoding="utf-8", errors="replace"))
            for path in files
        ]


def _draft_accepts_model() -> bool:
    return "model" in inspect.signature(service.draft).parameters


def _draft(case: Case, sources: Sequence[service.Source], model: BaseChatModel | None,
           notes: list[str]) -> Postmortem:
    options = service.IngestOptions(tz=case.zone, date=case.expected.date)

    def keep(notice: Notice) -> None:
        notes.append(f"draft: {notice.message}")

    if model is not None and _draft_accepts_model():
        call: Any = service.draft
        document: Postmortem = call(sources, options, model=model, on_warning=keep)
        return document
    if model is not None:
        notes.append("draft: the draft service takes no model yet; rules only")
    return service.draft(sources, options, on_warning=keep)


def _evidence_index(
    sources: Sequence[service.Source], case: Case, wanted: set[tuple[str, int]]
) -> dict[tuple[str, int], Evidence]:
    """The ingested records of the cited lines only (a huge log is streamed, not kept)."""
    options = service.IngestOptions(tz=case.zone, date=case.expected.date)
    index: dict[tuple[str, int], Evidence] = {}
    for record in service.ingest(sources, options):
        key = (record.source, record.line)
        if key in wanted:
            index[key] = record
    return index


def _draft_scores(
    case: Case, model: BaseChatModel | None, notes: list[str]
) -> dict[str, float | None]:
    gold = case.expected.draft
    if gold is None:
        return {}
    with _draft_sources(case) as sources:
        document = _draft(case, sources, model, notes)
        evidence = _evidence_index(sources, case, metrics.cited_refs([document]))
    events = [metrics.GoldTimedEvent(case.gold_time(e.time), e.kind) for e in gold.events]
    recall, precision = metrics.event_scores(
        document.timeline, events, case.expected.tolerance_s
    )
    marks: dict[str, dt.datetime | None] = {name: (case.gold_time(value) if value else None)
             for name, value in gold.milestones.items()}
    return {
        "event_recall": recall,
        "event_precision": precision,
        "milestone_exactness": metrics.milestone_exactness(
            document.milestones, marks, case.expected.milestone_tolerance_s
        ),
        "duration_error_min": metrics.duration_error(
            document.metrics, {str(name): value for name, value in gold.durations.items()}
        ),
        "groundedness": metrics.groundedness(document.timeline, evidence),
    }


def _review_scores(
    case: Case, model: BaseChatModel | None, notes: list[str]
) -> dict[str, float | None]:
    gold = case.expected.review
    if gold is None:
        return {}
    text = case.review_file.read_text(encoding="utf-8")
    options = service.ReviewOptions(date=case.expected.date, source=case.review_file.name)
    result = service.review(text, options, model=model)
    notes.extend(f"review: {notice.message}" for notice in result.warnings)
    spans = metrics.locate_spans(text, [span.text for span in gold.blame])
    notes.extend(f"gold: blameful passage not found in the draft: {span.text!r}"
                 for span, found in zip(gold.blame, spans, strict=True) if found is None)
    recall, precision = metrics.blame_scores(result.blame, spans)
    rewritten = _rewrite(text, result, model, notes)
    scores: dict[str, float | None] = {
        "blame_recall": recall,
        "blame_precision": precision,
        "blame_residue": metrics.blame_residue(
            rewritten, [span.cues or (span.text,) for span in gold.blame]
        ),
        "output_blame": float(sum(len(find_blame(t)) for t in metrics.generated_texts(result))),
        "smart_agreement": metrics.smart_agreement(
            result.action_items, [(item.what, item.smart) for item in gold.action_items]
        ),
    }
    if gold.whys is not None:
        scores["why_stop_accuracy"] = metrics.why_stop_accuracy(
            result, gold.whys.stops_at_human_error, gold.whys.stops_at_proximate_cause
        )
        if gold.whys.final_cause_category is not None:
            scores["why_category_match"] = float(
                result.whys.final_cause_category == gold.whys.final_cause_category
            )
    return scores


def _rewrite(text: str, review: Review, model: BaseChatModel | None, notes: list[str]) -> str:
    """The draft with its blameful passages rewritten: by the model when there is one."""
    if not review.blame:
        return text
    offline = apply_suggestions(text, review.blame)
    if model is None:
        return offline
    from assistant.chains.blameless import rewrite_blameless

    try:
        outcome = rewrite_blameless(text, list(review.blame), model=model)
    except AssistantError as exc:
        notes.append(f"rewrite: model step skipped, rules rewrite kept: {exc}")
        return offline
    result = text
    for passage in sorted(outcome.passages, key=lambda p: p.start, reverse=True):
        if not passage.accepted:
            notes.append(f"rewrite: model rewrite refused, rules rewrite used ({passage.reason})")
        replacement = passage.text if passage.accepted else passage.suggestion
        if replacement is None:
            replacement = passage.original
        result = result[: passage.start] + replacement + result[passage.end :]
    return result


def _model_scores(case: Case, calls: Sequence[ModelCall]) -> dict[str, float | None]:
    judged = [call.valid for call in calls if call.valid is not None]
    secrets = case.expected.secrets
    return {
        "model_calls": float(len(calls)),
        "prompt_tokens": float(sum(call.prompt_tokens for call in calls)),
        "completion_tokens": float(sum(call.completion_tokens for call in calls)),
        "schema_validity": sum(judged) / len(judged) if judged else None,
        "secrets_sent": float(
            sum(1 for call in calls if any(secret in call.request for secret in secrets))
        ),
    }


def default_workers() -> int:
    """Pool size: the cores available, at most ``DEFAULT_WORKERS``."""
    return max(1, min(DEFAULT_WORKERS, os.cpu_count() or 1))

"""Run the eval cases through the services and score them: ``run_suite`` and ``run_case``.

Each case drafts a postmortem from its inputs and/or reviews its ``postmortem.md`` with the
same services the CLI and the app use, then scores the result against its gold answers. Modes:

- ``scripted``: every case replays its own ``responses/`` (CI; no network);
- ``scripted:weak``: replays the shipped weaker model (``evals/models/weak/<case id>/``);
- ``scripted:<dir>``: replays ``<dir>/<case id>/`` instead;
- ``offline``: rules alone, no model;
- ``openai:<model>``: a real model (``OPENAI_API_KEY``; ``OPENAI_BASE_URL`` for other servers).

Cases run concurrently in a bounded thread pool; results are sorted by case id, so under the
scripted model a run is deterministic apart from its timings.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from assistant.errors import ConfigError
from assistant.evals import metrics
from assistant.evals.cases import SUITE_DIR, Case, case_set_hash, discover_cases
from assistant.evals.replay import answer_is_valid, check_replay, fault_player
from assistant.evals.scoring import draft_scores, model_scores, review_scores
from assistant.models.metering import MeteredChatModel, ModelCall

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings

ModelFactory = Callable[[Case], "BaseChatModel | None"]
AnswersFolder = Callable[[Case], Path]
SHIPPED_MODELS = {"weak": SUITE_DIR / "models" / "weak"}
"""Scripted models shipped with the suite, by the name ``scripted:<name>`` gives."""
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
    """The model spec the run used (``scripted``, ``scripted:weak``, ``offline``, ...)."""
    prompts: list[str] = Field(default_factory=list)
    """The prompt versions the chains pinned for this run, as ``id@vN``."""
    case_set_hash: str = ""
    """A hash of the cases' inputs and gold, so two runs are known to score the same cases."""
    date: str = ""
    """When the run started, ISO 8601 in UTC."""
    tool_version: str = ""
    """The version of postmortem-assistant that ran."""
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
) -> tuple[ModelFactory, AnswersFolder | None]:
    """The per-case model maker for ``mode``, and where a case's scripted answers are (None
    unless it replays them)."""
    from assistant.models.registry import parse_model_spec

    spec = parse_model_spec(mode)
    if spec.provider == "offline":
        if record:
            raise ConfigError("--record needs a real model: use --model openai:<name>")
        return (lambda _case: None), None
    if spec.provider == "scripted":
        if record:
            raise ConfigError("--record needs a real model, not the scripted one")
        root = SHIPPED_MODELS.get(spec.argument or "", Path(spec.argument or "."))
        if spec.argument and not root.is_dir():
            raise ConfigError(f"scripted model: {root} is not a directory")
        answers = (lambda case: root / case.id) if spec.argument else _own_answers
        return _scripted_factory(answers), answers
    return _real_factory(str(spec), record, settings), None


def _own_answers(case: Case) -> Path:
    return case.responses_dir


def _scripted_factory(answers: AnswersFolder) -> ModelFactory:
    from assistant.models.scripted import ScriptedChatModel

    def make(case: Case) -> BaseChatModel:
        return ScriptedChatModel.from_dir(answers(case), strict=True)

    return make


def _real_factory(spec: str, record: bool, settings: Settings | None) -> ModelFactory:
    from assistant.models.recording import RecordingChatModel
    from assistant.models.registry import get_model
    from assistant.settings import load_settings

    chosen = settings if settings is not None else load_settings(model=spec)
    shared = get_model(spec, chosen)
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
    factory, answers = model_factory(mode, record=record, settings=settings)
    pool_size = max(1, min(workers or default_workers(), len(cases) or 1))
    began = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    results: list[CaseResult] = []
    with ThreadPoolExecutor(max_workers=pool_size, thread_name_prefix="eval") as pool:
        futures = {
            pool.submit(run_case, case, factory(case), scripted=answers is not None,
                        answers_dir=answers(case) if answers else None): case
            for case in cases
        }
        for done, future in enumerate(as_completed(futures), 1):
            results.append(future.result())
            if on_progress is not None:
                on_progress(done, len(cases), futures[future].id)
    results.sort(key=lambda result: result.id)
    from assistant import __version__
    from assistant.chains import pinned_prompts

    return SuiteResult(
        mode=mode.strip(),
        prompts=sorted(p.ref for p in pinned_prompts().values()),
        case_set_hash=case_set_hash(cases),
        date=began.isoformat(timespec="seconds"),
        tool_version=__version__,
        cases=results,
        aggregate=metrics.aggregate([r.metrics for r in results if r.status == "ok"]),
        wall_s=round(time.perf_counter() - started, 3),
        workers=pool_size,
    )


def run_case(
    case: Case, model: BaseChatModel | None, *, scripted: bool = False,
    play_faults: bool | None = None, answers_dir: Path | None = None,
) -> CaseResult:
    """Draft and/or review one case with ``model`` (None: rules only) and score the outcome.

    ``scripted`` says the model replays the case's answers: faults in ``responses/`` are played
    (unless ``play_faults`` says otherwise), unused answers are reported as stale, and a draft
    the case has no scripted answers for runs with rules only. Failures of the case
    (unreadable input, a bug) are reported in the result, not raised, so one broken case does
    not hide the others. ``answers_dir`` is where the replayed answers are (default the case's
    own ``responses/``).
    """
    answers = answers_dir if answers_dir is not None else case.responses_dir
    faults = scripted if play_faults is None else play_faults
    metered = (
        MeteredChatModel(
            inner=model,
            faults=fault_player(answers) if faults else None,
            check_answer=answer_is_valid,
        )
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
            scores.update(draft_scores(case, with_model, notes))
        if case.has_review:
            _merge(scores, review_scores(case, metered, notes))
    except Exception as exc:  # a case that cannot run is reported, never hides the others
        return _failed(case, f"{type(exc).__name__}: {exc}", metered)
    calls = metered.calls if metered is not None else []
    scores.update(model_scores(case, calls))
    scores["latency_s"] = round(time.perf_counter() - started, 3)
    check = check_replay(answers, calls) if faults else None
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


def _merge(scores: dict[str, float | None], more: dict[str, float | None]) -> None:
    """Add the review's figures to the draft's: counts add up, a ratio the review has wins."""
    for name, value in more.items():
        before = scores.get(name)
        summed = metrics.SPEC[name].aggregation == "sum" and None not in (before, value)
        scores[name] = (before or 0.0) + (value or 0.0) if summed else value


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


def default_workers() -> int:
    """Pool size: the cores available, at most ``DEFAULT_WORKERS``."""
    return max(1, min(DEFAULT_WORKERS, os.cpu_count() or 1))

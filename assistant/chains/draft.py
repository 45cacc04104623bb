"""The model-assisted draft: four chains on budgeted, redacted evidence, every answer checked.

``improve_draft`` takes the rules draft and runs, concurrently (they are independent):

1. ``draft_summary``: title, severity, summary paragraph and impact;
2. ``draft_timeline``: the rows' wording and ``who`` by role, each row keeping its evidence;
3. ``draft_causes``: 5 Whys, contributing factors, proximate vs root causes, lessons;
4. ``draft_actions``: action items in three horizons and preventive measures in five groups.

Each chain is one prompt file under ``prompts/`` and one ``invoke_structured`` call tagged with
the prompt id as its task (malformed answers are repaired, or retried once). Then all prose is
linted and blameful passages go to the rewrite chain in one call; timeline rows are grounded;
numbers and times are checked against the evidence; owners and dates the input does not give
become placeholders. A chain that fails leaves the rules sections standing, with a warning, and
``provenance`` says per section whether the rules or the model wrote it.

Four calls per draft when the model behaves; one more when its prose needs a blameless rewrite,
and one more per malformed answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import partial
from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel

from assistant.chains.draft_apply import (
    Applied,
    apply_actions,
    apply_causes,
    apply_summary,
    apply_timeline,
)
from assistant.chains.draft_checks import lint_answers
from assistant.chains.draft_context import DraftContext, build_context
from assistant.chains.schemas import DraftActions, DraftCauses, DraftSummary, DraftTimeline
from assistant.domain import Evidence, Notice, Postmortem
from assistant.errors import AssistantError
from assistant.models.metering import MeteredChatModel
from assistant.models.prompts import ChainPrompt, pin_prompt
from assistant.models.structured import invoke_structured
from assistant.models.tokens import count_tokens
from assistant.rules.timeline.build import Timeline

SUMMARY_PROMPT = pin_prompt("draft_summary", 1, DraftSummary)
TIMELINE_PROMPT = pin_prompt("draft_timeline", 1, DraftTimeline)
CAUSES_PROMPT = pin_prompt("draft_causes", 1, DraftCauses)
ACTIONS_PROMPT = pin_prompt("draft_actions", 1, DraftActions)
TASKS = (SUMMARY_PROMPT.id, TIMELINE_PROMPT.id, CAUSES_PROMPT.id, ACTIONS_PROMPT.id)
"""The chains' task names, in the order their results are applied."""


@dataclass(frozen=True)
class DraftSettings:
    """How much evidence the chains see and how they run."""

    evidence_tokens: int = 6000
    """Token budget of the evidence lines sent to each chain that reads evidence."""
    model_name: str = "gpt-4o"
    """Model whose tokenizer counts the budget (any name works; unknown ones use o200k)."""
    rewrite_blame: bool = True
    """Send blameful prose to the rewrite chain (one more call) instead of only flagging it."""
    max_workers: int = 4
    """Chains run at once; 1 runs them one after the other. Answers keyed by task (a model
    from a directory, a real model) are deterministic either way; a scripted model answering
    from a plain list needs 1, as it hands out answers in call order."""


@dataclass(frozen=True)
class ModelDraft:
    """The improved document and the figures of the model part."""

    document: Postmortem
    model_calls: int
    prompt_tokens: int
    completion_tokens: int
    calls_by_task: dict[str, int]
    input_tokens: int
    evidence_tokens: int
    evidence_lines: int


def _jobs(ctx: DraftContext) -> dict[str, tuple[ChainPrompt[Any], dict[str, str]]]:
    """Prompt (with its answer schema) and values of each chain."""
    return {
        SUMMARY_PROMPT.id: (
            SUMMARY_PROMPT, {"findings": ctx.findings, "evidence": ctx.evidence}
        ),
        TIMELINE_PROMPT.id: (TIMELINE_PROMPT, {"rows": ctx.rows}),
        CAUSES_PROMPT.id: (
            CAUSES_PROMPT,
            {"findings": ctx.findings, "whys": ctx.whys, "evidence": ctx.evidence},
        ),
        ACTIONS_PROMPT.id: (
            ACTIONS_PROMPT,
            {"findings": ctx.findings, "candidates": ctx.candidates, "evidence": ctx.evidence},
        ),
    }


def _ask(model: BaseChatModel, prompt: ChainPrompt[Any], values: dict[str, str]) -> BaseModel:
    answer: BaseModel = invoke_structured(model, prompt, values, task=prompt.id).value
    return answer


def run_chains(
    model: BaseChatModel,
    ctx: DraftContext,
    *,
    max_workers: int,
    on_progress: Callable[[str], None],
) -> tuple[dict[str, BaseModel], list[Notice]]:
    """Every chain's answer, or a warning for each chain that failed (rules kept)."""
    jobs = _jobs(ctx)
    answers: dict[str, BaseModel] = {}
    failures: dict[str, AssistantError] = {}
    on_progress("model: " + ", ".join(jobs))
    with ThreadPoolExecutor(max_workers=max(1, max_workers)) as pool:
        futures: dict[Future[BaseModel], str] = {
            pool.submit(partial(_ask, model, *job)): task for task, job in jobs.items()
        }
        for future in as_completed(futures):
            task = futures[future]
            try:
                answers[task] = future.result()
            except AssistantError as exc:
                failures[task] = exc
            on_progress(f"model: {task} done")
    notices = [Notice.model_step_skipped(task, failures[task]) for task in TASKS
               if task in failures]
    return {task: answers[task] for task in TASKS if task in answers}, notices


def _apply_all(rules: Postmortem, answers: dict[str, BaseModel], ctx: DraftContext) -> Applied:
    """The accepted updates of every answer, in task order."""
    total = Applied()
    appliers = {
        SUMMARY_PROMPT.id: (DraftSummary, apply_summary),
        TIMELINE_PROMPT.id: (DraftTimeline, apply_timeline),
        CAUSES_PROMPT.id: (DraftCauses, apply_causes),
        ACTIONS_PROMPT.id: (DraftActions, apply_actions),
    }
    for task, answer in answers.items():
        schema, apply = appliers[task]
        if not isinstance(answer, schema):
            continue
        applied = apply(rules, answer, ctx)
        total.updates.update(applied.updates)
        total.provenance.update(applied.provenance)
        total.notices.extend(applied.notices)
    return total


def improve_draft(
    rules: Postmortem,
    timeline: Timeline,
    evidence: Sequence[Evidence],
    *,
    model: BaseChatModel,
    settings: DraftSettings = DraftSettings(),
    on_progress: Callable[[str], None] = lambda _step: None,
) -> ModelDraft:
    """``rules`` with the sections the model wrote that pass every check."""
    on_progress("packing evidence")
    ctx = build_context(
        rules, timeline, evidence, budget=settings.evidence_tokens,
        count_tokens=partial(count_tokens, model_name=settings.model_name),
    )
    metered = MeteredChatModel(inner=model, model_name_for_tokens=settings.model_name)
    answers, notices = run_chains(
        metered, ctx, max_workers=settings.max_workers, on_progress=on_progress
    )
    on_progress("checking the model's answers")
    lint_notices, _ = lint_answers(answers, model=metered if settings.rewrite_blame else None)
    applied = _apply_all(rules, answers, ctx)
    provenance = dict(rules.provenance) | applied.provenance
    document = rules.model_copy(
        update={
            **applied.updates,
            "provenance": provenance,
            "warnings": [*rules.warnings, *notices, *applied.notices, *lint_notices],
        }
    )
    usage = metered.usage()
    return ModelDraft(
        document=Postmortem.model_validate(document.model_dump()),
        model_calls=usage.calls,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        calls_by_task=usage.calls_by_task,
        input_tokens=ctx.input_tokens,
        evidence_tokens=ctx.evidence_tokens,
        evidence_lines=len(ctx.sent),
    )

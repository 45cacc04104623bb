"""Blameless lint of everything the drafting chains wrote, with one rewrite call for all of it.

``prose_slots`` lists every piece of prose in the chains' answers (summary, impact, row wording,
whys, factors, action items, measures...). ``lint_answers`` lints them all, sends the blameful
ones to the rewrite chain in a single call (joined as one document, then split back), and keeps
a rewrite only where the rewrite chain accepted it (lints clean, keeps every fact). What is still
blameful afterwards is flagged with a warning. The answers are edited in place: they are the
chains' own lenient models, not yet the domain's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel

from assistant.chains.blameless import rewrite_blameless
from assistant.domain import Finding, Notice
from assistant.errors import AssistantError
from assistant.rules.blame.find import find_blame

PROSE_FIELDS = frozenset(
    {
        "title", "summary", "impact_line", "customers_affected", "duration", "revenue",
        "reputation", "data_loss", "other", "who", "what", "why", "question", "answer", "text",
        "primary_root_cause", "proximate_causes", "went_well", "could_be_better", "process",
        "monitoring", "automation", "documentation", "organizational",
    }
)  # fmt: skip
"""Fields of the answer schemas that hold prose a reader sees."""
_SEPARATOR = "\n\n"


@dataclass
class Slot:
    """One piece of prose in an answer, where it is, and how to replace it."""

    label: str
    text: str
    put: Callable[[str], None]


def _setter(owner: Any, key: str | int) -> Callable[[str], None]:
    def put(value: str) -> None:
        if isinstance(owner, list):
            owner[key] = value  # type: ignore[index]
        else:
            setattr(owner, str(key), value)

    return put


def _walk(value: Any, label: str, owner: Any, key: str | int) -> Iterator[Slot]:
    if isinstance(value, str):
        if value.strip():
            yield Slot(label, value, _setter(owner, key))
    elif isinstance(value, BaseModel):
        for name, child in _prose_fields(value):
            yield from _walk(child, f"{label}.{name}", value, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{label}[{index + 1}]", value, index)


def prose_slots(answers: dict[str, BaseModel]) -> list[Slot]:
    """Every piece of prose in the answers, labelled ``task.field[n].field``."""
    slots: list[Slot] = []
    for task, answer in answers.items():
        for name, child in _prose_fields(answer):
            slots.extend(_walk(child, f"{task}.{name}", answer, name))
    return slots


def _prose_fields(model: BaseModel) -> Iterator[tuple[str, Any]]:
    """Fields that are prose, or models (and lists of models) that may hold prose."""
    for name in type(model).model_fields:
        child = getattr(model, name)
        nested = isinstance(child, BaseModel) or (
            isinstance(child, list) and any(isinstance(item, BaseModel) for item in child)
        )
        if name in PROSE_FIELDS or nested:
            yield name, child


def _flag(slot: Slot, findings: list[Finding]) -> Notice:
    found = "; ".join(f'"{f.text}" ({f.category.replace("_", " ")})' for f in findings[:3])
    hint = findings[0].suggestion
    advice = f'; suggested: "{hint}"' if hint else ""
    return Notice(
        message=f"blameful wording from the model kept for review in {slot.label}: {found}"
        f"{advice}",
        source="blameless",
    )


def lint_answers(
    answers: dict[str, BaseModel], *, model: BaseChatModel | None
) -> tuple[list[Notice], int]:
    """Lint all prose; rewrite the blameful slots in one call when ``model`` is given.

    Returns the warnings (rewritten slots, flagged ones, a failed rewrite) and how many slots
    were rewritten.
    """
    blameful = [(slot, find_blame(slot.text)) for slot in prose_slots(answers)]
    blameful = [(slot, found) for slot, found in blameful if found]
    if not blameful:
        return [], 0
    notices: list[Notice] = []
    rewritten = 0
    if model is not None:
        try:
            rewritten = _rewrite(blameful, model)
        except AssistantError as exc:
            notices.append(Notice.model_step_skipped("rewrite_blameless", exc))
    for slot, _ in blameful:
        still = find_blame(slot.text)
        if still:
            notices.append(_flag(slot, still))
    if rewritten:
        notices.append(
            Notice(
                message=f"{rewritten} blameful passage(s) from the model were rewritten "
                "blamelessly (facts kept)",
                source="blameless",
            )
        )
    return notices, rewritten


def _rewrite(blameful: list[tuple[Slot, list[Finding]]], model: BaseChatModel) -> int:
    """One rewrite call over all blameful slots joined; returns how many slots changed."""
    texts = [" ".join(slot.text.split()) for slot, _ in blameful]
    document = _SEPARATOR.join(texts)
    outcome = rewrite_blameless(document, find_blame(document), model=model)
    starts: list[int] = []
    position = 0
    for text in texts:
        starts.append(position)
        position += len(text) + len(_SEPARATOR)
    changed = 0
    for (slot, _), start, text in zip(blameful, starts, texts, strict=True):
        end = start + len(text)
        inside = [p for p in outcome.passages if p.accepted and start <= p.start and p.end <= end]
        if not inside:
            continue
        new = text
        for passage in sorted(inside, key=lambda p: p.start, reverse=True):
            new = new[: passage.start - start] + passage.text + new[passage.end - start :]
        slot.put(new)
        slot.text = new
        changed += 1
    return changed

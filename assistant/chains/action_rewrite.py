"""Rewrite an action item to be SMART with a model, keeping its intent and inventing nothing.

The model's rewrite is checked before anyone sees it: it must keep the item's numbers and
system names, leave ``<owner>``/``<due date>`` placeholders where the item has none, not change
or invent an owner or a date, and lint clean for blame. A rewrite that fails any check is
replaced by the offline template rewrite.
"""

from __future__ import annotations

import re

from langchain_core.language_models import BaseChatModel

from assistant.chains.schemas import ActionRewrite
from assistant.domain import ActionItem, SmartScore
from assistant.models.prompts import pin_prompt
from assistant.models.structured import invoke_structured
from assistant.rules.actions.duedates import read_due
from assistant.rules.actions.parse import parse_action_items
from assistant.rules.actions.smart import LETTERS, suggest_smart_rewrite
from assistant.rules.blame.find import find_blame

PROMPT = pin_prompt("rewrite_action_item", 1, ActionRewrite)
_PLACEHOLDER = re.compile(
    r"(?:\b(?:owner|owned\s+by|assignee|due(?:\s+date)?|deadline|eta|by)\s*[:=]?\s*)?"
    r"<[^<>]{1,60}>",
    re.IGNORECASE,
)
_KEEP_TOKEN = re.compile(r"`[^`]+`|\b[\w.-]*\d[\w.-]*\b|\b[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+\b")


def format_item(item: ActionItem) -> str:
    """The item's fields as the prompt shows them; missing ones say so."""
    return "\n".join(
        [
            f"What: {item.what}",
            f"Why: {item.why or '(not given)'}",
            f"Owner: {item.owner or '(not given)'}",
            f"Due: {item.due.isoformat() if item.due else '(not given)'}",
        ]
    )


def format_score(score: SmartScore) -> str:
    """One line per letter: value and reason."""
    lines = [
        f"{letter}: {getattr(score, letter)} - {score.reasons.get(letter, '')}"
        for letter in LETTERS
    ]
    return "\n".join(lines)


def _owner_problem(item: ActionItem, text: str) -> str | None:
    """Why the rewrite's owner is not acceptable, or None."""
    has_owner = item.owner not in (None, "TBD")
    parsed = parse_action_items(_PLACEHOLDER.sub(" ", text), None)
    written = parsed[0].owner if parsed else None
    if not has_owner and written not in (None, "TBD"):
        return f"invents the owner {written!r}"
    if has_owner and written not in (None, item.owner):
        return f"changes the owner to {written!r}"
    if not has_owner and "<owner" not in text.lower():
        return "leaves no <owner> placeholder"
    return None


def _date_problem(item: ActionItem, text: str) -> str | None:
    """Why the rewrite's due date is not acceptable, or None."""
    reading = read_due(_PLACEHOLDER.sub(" ", text), None)
    stated = reading.phrase is not None and not reading.vague
    if item.due is None:
        if stated and reading.phrase and reading.phrase.lower() not in item.what.lower():
            return f"invents the date {reading.phrase!r}"
        if not re.search(r"<[^<>]*\b(due|date|deadline)\b", text, re.IGNORECASE):
            return "leaves no <due date> placeholder"
        return None
    if reading.due is not None and reading.due != item.due:
        return f"changes the due date to {reading.due.isoformat()}"
    return None


def _intent_problem(item: ActionItem, text: str) -> str | None:
    """Why the rewrite loses the item's numbers or system names, or None."""
    lowered = text.lower()
    lost = [t for t in _KEEP_TOKEN.findall(item.what) if t.strip("`").lower() not in lowered]
    return f"drops {', '.join(lost)}" if lost else None


def rewrite_problems(item: ActionItem, text: str) -> list[str]:
    """Every reason a model's rewrite of ``item`` cannot be shown (empty when it is fine)."""
    if not text.strip():
        return ["is empty"]
    problems = [
        problem
        for problem in (
            _owner_problem(item, text),
            _date_problem(item, text),
            _intent_problem(item, text),
        )
        if problem is not None
    ]
    if find_blame(_PLACEHOLDER.sub("X", text)):
        problems.append("is not blameless")
    return problems


def rewrite_action_item(item: ActionItem, score: SmartScore, *, model: BaseChatModel) -> str:
    """A SMART rewrite of ``item`` by ``model``; the offline template when it fails the checks.

    Raises ``ModelOutputError`` when the answer stays malformed after one retry and
    ``ModelError`` when the model cannot be reached; the caller keeps the rules result.
    """
    result = invoke_structured(
        model,
        PROMPT,
        {"item": format_item(item), "score": format_score(score)},
    )
    text = " ".join(result.value.text.split())
    if not rewrite_problems(item, text):
        return text
    return suggest_smart_rewrite(item, score) or item.what

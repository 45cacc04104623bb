"""The reviewer's use cases: lint, review and rewrite a draft; the lint config files they read.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.domain import (
    ActionItemReview,
    Finding,
    Notice,
    Origin,
    Review,
)
from assistant.errors import AssistantError, InputError
from assistant.rules.blame.config import (
    CONFIG_NAME,
    PYPROJECT,
    TOOL_KEY,
    LintConfig,
    parse_lint_config,
)
from assistant.rules.blame.find import find_blame
from assistant.rules.document.headings import section_text, split_sections
from assistant.rules.review.review import review_document

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
if TYPE_CHECKING:
    pass


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


def apply_suggestions(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with the suggestions of ``findings`` applied (one, some or all of a lint)."""
    from assistant.rules.blame.rewrite import apply_suggestions as apply

    return apply(text, findings)


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of two versions of the document ``name`` ("" when they are equal)."""
    from assistant.rules.blame.rewrite import unified_diff as diff

    return diff(before, after, name)

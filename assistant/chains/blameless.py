"""Rewrite blameful passages of a postmortem with a model, keeping only rewrites that pass.

The rules find the passages (``find_blame``) and already offer a plain neutral rewrite each. A
model writes better prose, but its answer is checked before it is used: a passage's rewrite is
accepted only when it lints clean and keeps every number, time, date, version, host, service
name and id of the original (``facts_preserved``). Otherwise the original stays, with the
offline suggestion and the reason the model's rewrite was refused.

Model failures (``ModelError``, ``ModelOutputError``) are raised: the caller keeps the rules
result, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel, ConfigDict, Field

from assistant.chains.schemas import BlamelessPassage, BlamelessRewrite
from assistant.domain import Finding, Origin
from assistant.models.prompts import pin_prompt
from assistant.models.structured import invoke_structured
from assistant.rules.blame.config import LintConfig
from assistant.rules.blame.find import find_blame, sentence_bounds
from assistant.rules.blame.rewrite import facts_added, facts_preserved, unified_diff

PROMPT = pin_prompt("rewrite_blameless", 1, BlamelessRewrite)
MAX_GROWTH = 3
"""A rewrite longer than this many times the passage (plus a margin) is refused."""


class PassageOutcome(BaseModel):
    """What happened to one flagged passage: the model's rewrite, accepted or not, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(description="Character offset of the passage in the document.")
    end: int = Field(description="Character offset just past the passage.")
    original: str
    findings: tuple[Finding, ...]
    suggestion: str | None = Field(
        description="The rules' offline rewrite of the passage; None when they have none."
    )
    proposed: str | None = Field(description="The model's rewrite; None when it gave none.")
    accepted: bool
    reason: str | None = Field(description="Why the model's rewrite was refused; None if not.")

    @property
    def text(self) -> str:
        """The passage as it stands in the rewritten document."""
        return self.proposed if self.accepted and self.proposed is not None else self.original

    @property
    def origin(self) -> Origin:
        """``model`` when the model's rewrite was used, else ``input`` (left as written)."""
        return "model" if self.accepted else "input"


class RewriteOutcome(BaseModel):
    """The document with every accepted rewrite applied, and the fate of each passage."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    original: str
    text: str
    passages: tuple[PassageOutcome, ...]

    def diff(self, name: str) -> str:
        """Unified diff from the original document to the rewritten one."""
        return unified_diff(self.original, self.text, name)


def group_passages(text: str, findings: Sequence[Finding]) -> list[tuple[int, int, list[Finding]]]:
    """The sentences that hold findings, in document order, each with its findings."""
    groups: dict[tuple[int, int], list[Finding]] = {}
    for finding in findings:
        groups.setdefault(sentence_bounds(text, finding.start), []).append(finding)
    return [(start, end, found) for (start, end), found in sorted(groups.items())]


def _rules_rewrite(suggestion: str | None) -> str:
    """How the prompt shows the rules' rewrite: the text, a removal, or none."""
    if suggestion is None:
        return "(none: rewrite it yourself)"
    return suggestion or "(remove the sentence)"


def format_passages(text: str, groups: list[tuple[int, int, list[Finding]]]) -> str:
    """The passages as the prompt shows them: number, text, problems, offline rewrite."""
    blocks = []
    for number, (start, end, found) in enumerate(groups, 1):
        problems = "; ".join(f'{f.category} "{f.text}"' for f in found)
        blocks.append(
            f"[{number}] {text[start:end]}\n"
            f"    problems: {problems}\n"
            f"    rules rewrite: {_rules_rewrite(found[0].suggestion)}"
        )
    return "\n\n".join(blocks)


def refusal_reason(
    original: str, proposed: str | None, config: LintConfig | None = None
) -> str | None:
    """Why a proposed rewrite of ``original`` cannot be used, or None when it can."""
    if proposed is None:
        return "the model returned no rewrite for this passage"
    if len(proposed) > MAX_GROWTH * len(original) + 80:
        return "the rewrite is much longer than the passage"
    still_blameful = find_blame(proposed, config)
    if still_blameful:
        found = ", ".join(f'{f.category} "{f.text}"' for f in still_blameful)
        return f"the rewrite is still blameful: {found}"
    missing = facts_preserved(original, proposed)
    if missing:
        return f"the rewrite drops facts: {', '.join(missing)}"
    added = facts_added(original, proposed)
    if added:
        return f"the rewrite adds facts that are not in the original: {', '.join(added)}"
    return None


def _by_id(answer: BlamelessRewrite, count: int) -> dict[int, BlamelessPassage]:
    """The model's passages keyed by id; answers without usable ids are taken in order."""
    keyed = {p.id: p for p in answer.passages if 1 <= p.id <= count}
    if not keyed and len(answer.passages) == count:
        keyed = dict(enumerate(answer.passages, 1))
    return keyed


def _apply(text: str, passages: list[PassageOutcome]) -> str:
    """``text`` with each accepted passage replaced (from the end, so offsets hold)."""
    result = text
    for passage in sorted(passages, key=lambda p: p.start, reverse=True):
        if passage.accepted:
            result = result[: passage.start] + passage.text + result[passage.end :]
    return result


def rewrite_blameless(
    text: str,
    findings: list[Finding],
    *,
    model: BaseChatModel,
    config: LintConfig | None = None,
) -> RewriteOutcome:
    """Ask ``model`` to rewrite the passages of ``text`` that hold ``findings``; check each.

    ``findings`` come from ``find_blame(text, config)``: all of them for the whole document, or
    some for a single passage. No findings, no model call.
    """
    groups = group_passages(text, findings)
    if not groups:
        return RewriteOutcome(original=text, text=text, passages=())
    result = invoke_structured(
        model, PROMPT, {"passages": format_passages(text, groups)}
    )
    answers = _by_id(result.value, len(groups))
    passages = []
    for number, (start, end, found) in enumerate(groups, 1):
        original = text[start:end]
        answer = answers.get(number)
        proposed = answer.rewrite.strip() if answer is not None else None
        reason = refusal_reason(original, proposed, config)
        passages.append(
            PassageOutcome(
                start=start,
                end=end,
                original=original,
                findings=tuple(found),
                suggestion=found[0].suggestion,
                proposed=proposed,
                accepted=reason is None,
                reason=reason,
            )
        )
    return RewriteOutcome(original=text, text=_apply(text, passages), passages=tuple(passages))

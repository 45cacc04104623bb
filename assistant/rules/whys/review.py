"""Root-cause depth: read the 5 Whys, judge where the chain stops, propose the next whys.

A chain that ends at human error or at the immediate technical trigger stopped too early: human
error is only the place to ask the next why, and a bug is only how the incident started. For those
chains the review proposes next questions built from category templates and the chain's own
nouns, each with a candidate answer marked as a hypothesis; no proposal names a person. Thin
contributing factors (fewer than two, or all one category) get the Swiss-cheese suggestion.
"""

from __future__ import annotations

import re

from assistant.domain import CauseCategory, WhysReview, WhyStep
from assistant.rules.whys.causes import (
    SYSTEMIC_CATEGORIES,
    classify_cause,
    mentions_person,
)
from assistant.rules.whys.chain import parse_why_chain

__all__ = ["classify_cause", "parse_why_chain", "propose_next_whys", "review_whys"]

SWISS_CHEESE_CATEGORIES: tuple[CauseCategory, ...] = (
    "process",
    "monitoring",
    "communication",
    "knowledge",
    "tooling",
    "architecture",
)
"""Where blameless root causes are sought; suggested when contributing factors are thin."""

_SYSTEM_NOUNS = (
    r"schema\s+migration|database\s+migration|migration|config(?:uration)?\s+change|"
    r"feature\s+flag|flag\s+change|code\s+change|change|deploy(?:ment)?|release|rollout|"
    r"hotfix|patch|query|index|load\s+test|connection\s+pool|pool|cache|ttl|certificate|cert|"
    r"cron\s+job|job|queue|load\s+balancer|health\s+check|timeout|retr(?:y|ies)|script|"
    r"command|runbook|alert|dashboard|pipeline|rule|firewall\s+rule|security\s+group|"
    r"dns\s+record|secret|credential|api\s+key|endpoint|service|database|cluster|node|"
    r"disk|memory\s+limit|limit|quota|replica|failover|backup|upgrade|library|dependency"
)
_NOUN_PHRASE = re.compile(
    rf"\b((?:[a-z][\w.-]*[-_.][\w.-]+|[a-z][a-z0-9]+)\s+)?({_SYSTEM_NOUNS})s?\b", re.IGNORECASE
)
_IDENTIFIER = re.compile(r"`([^`]{2,40})`|\b([a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+)\b")
_STOPWORDS = {
    "the", "a", "an", "this", "that", "its", "their", "his", "her", "our", "new", "bad",
    "wrong", "same", "one", "each", "every", "some", "any", "no", "was", "were", "is", "be",
    "had", "has", "did", "not", "to", "of", "in", "on", "for", "with", "and", "or", "by",
    "at", "from", "without", "manual", "last",
}  # fmt: skip
_PROCESS_WORDS = re.compile(
    r"\b(deploy|release|review|change|migration|rollout|on-?call|incident)\b", re.IGNORECASE
)
_LIST_OR_LINE = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)]|\[[ xX]\])?\s*(.+?)\s*$")


def _subject_phrase(text: str) -> str | None:
    """A short system noun phrase from ``text`` ("the schema migration"), never a person."""
    match = _NOUN_PHRASE.search(text)
    if match:
        modifier = (match.group(1) or "").strip()
        noun = match.group(2).lower()
        if modifier and modifier.lower() not in _STOPWORDS and modifier.islower():
            return f"the {modifier} {noun}"
        return f"the {noun}"
    ident = _IDENTIFIER.search(text)
    if ident:
        return f"`{ident.group(1) or ident.group(2)}`"
    return None


def _chain_subject(chain: list[WhyStep]) -> str:
    """The noun phrase the proposals talk about: from the last answer back to the first."""
    for step in reversed(chain):
        phrase = _subject_phrase(step.answer)
        if phrase:
            return phrase
    return "the change"


def _process_name(chain: list[WhyStep]) -> str:
    """The process the chain speaks of ("deploy process"), for the proposal questions."""
    for step in reversed(chain):
        match = _PROCESS_WORDS.search(f"{step.question} {step.answer}")
        if match:
            word = match.group(1).lower().replace("oncall", "on-call")
            return f"{word} process"
    return "change process"


def _human_error_whys(thing: str, process: str) -> list[WhyStep]:
    """Next whys for a chain that ends at a person's act."""
    return [
        WhyStep(
            question=f"What in the {process} let {thing} take effect without a check that "
            "would have caught the problem?",
            answer=f"Hypothesis to confirm: {thing} went through no automated check or second "
            "review before it reached production.",
            hypothesis=True,
        ),
        WhyStep(
            question=f"What about the tooling or documentation made {thing} easy to get wrong?",
            answer=f"Hypothesis to confirm: the tool or runbook used for {thing} gives no "
            "validation, dry run or warning.",
            hypothesis=True,
        ),
        WhyStep(
            question=f"Why did monitoring not show the effect of {thing} before users did?",
            answer=f"Hypothesis to confirm: no alert covers the symptom that {thing} caused.",
            hypothesis=True,
        ),
    ]


def _proximate_whys(thing: str, process: str) -> list[WhyStep]:
    """Next whys for a chain that ends at the immediate technical trigger."""
    return [
        WhyStep(
            question=f"Why did {thing} reach production without being caught by tests, review "
            f"or a staged rollout in the {process}?",
            answer=f"Hypothesis to confirm: the {process} has no test or canary stage that "
            f"exercises {thing}.",
            hypothesis=True,
        ),
        WhyStep(
            question=f"Why did the problem with {thing} affect users before monitoring raised "
            "an alert?",
            answer=f"Hypothesis to confirm: no alert or SLO covers this failure mode of {thing}.",
            hypothesis=True,
        ),
        WhyStep(
            question=f"What in the design let a fault in {thing} spread beyond one component?",
            answer=f"Hypothesis to confirm: there is no isolation, limit or fallback around "
            f"{thing}.",
            hypothesis=True,
        ),
    ]


def _unclear_whys(thing: str) -> list[WhyStep]:
    """Next whys for a chain whose end names no recognisable cause."""
    return [
        WhyStep(
            question=f"Which process, tool or design condition allowed {thing} to cause the "
            "incident?",
            answer="Hypothesis to confirm: a missing check or safeguard in the process around "
            f"{thing}.",
            hypothesis=True,
        ),
        WhyStep(
            question=f"Why was the problem with {thing} not detected sooner?",
            answer=f"Hypothesis to confirm: no alert covers the failure of {thing}.",
            hypothesis=True,
        ),
    ]


def propose_next_whys(chain: list[WhyStep], category: CauseCategory) -> list[WhyStep]:
    """Template next-why steps for a chain that stops early; none for a systemic end."""
    if not chain or category in SYSTEMIC_CATEGORIES:
        return []
    thing, process = _chain_subject(chain), _process_name(chain)
    if category == "human_error":
        return _human_error_whys(thing, process)
    if category == "proximate_technical":
        return _proximate_whys(thing, process)
    return _unclear_whys(thing)


def _quote(text: str, limit: int = 90) -> str:
    """A statement shortened for an explanation."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _explain(chain: list[WhyStep], categories: list[CauseCategory]) -> str:
    """Why the verdict: where the chain stops and what that means."""
    if not chain:
        return "No root-cause analysis or 5 Whys chain was found."
    final, category = chain[-1].answer, categories[-1]
    if category == "human_error":
        parts = [
            f"The chain stops at human error ('{_quote(final)}'). Human error is never a root "
            "cause, only the place to ask the next why: what let the act happen and have impact."
        ]
    elif category == "proximate_technical":
        parts = [
            f"The chain stops at the immediate technical trigger ('{_quote(final)}') without "
            "asking why it reached production or went unnoticed."
        ]
    elif category == "unknown":
        parts = [
            f"The final cause ('{_quote(final)}') names no process, tool, design or other "
            "systemic condition; ask at least one more why."
        ]
    else:
        parts = [f"The chain ends at a systemic {category} cause ('{_quote(final)}')."]
        middle = [i + 1 for i, cat in enumerate(categories[:-1]) if cat == "human_error"]
        if middle:
            steps = ", ".join(str(i) for i in middle)
            parts.append(
                f"Step {steps} reads as human error, but the chain goes on past it to a "
                "systemic cause, which is what a blameless analysis needs."
            )
        elif any(mentions_person(step.answer) for step in chain):
            parts.append(
                "It mentions a person along the way but ends at a systemic cause, which is fine."
            )
        if len(chain) < 3:
            parts.append(f"Only {len(chain)} why step(s): check that the chain goes deep enough.")
    return " ".join(parts)


def read_factors(text: str) -> list[str]:
    """Contributing factors written as a list, one per line (headings and intros skipped)."""
    factors: list[str] = []
    for line in text.splitlines():
        match = _LIST_OR_LINE.match(line)
        if not match or line.lstrip().startswith(("#", "|")):
            continue
        factor = match.group(1).strip("*_ ")
        if factor and not factor.endswith(":") and len(factor.split()) >= 2:
            factors.append(factor)
    return factors


def suggest_factors(factors_text: str) -> str | None:
    """The Swiss-cheese suggestion when contributing factors are fewer than two or one category."""
    factors = read_factors(factors_text)
    categories = [classify_cause(f) for f in factors]
    systemic = sorted({c for c in categories if c in SYSTEMIC_CATEGORIES})
    if len(factors) >= 2 and len(systemic) >= 2:
        return None
    to_examine = [c for c in SWISS_CHEESE_CATEGORIES if c not in systemic]
    if not factors:
        found = "No contributing factors are listed."
    elif len(factors) == 1:
        found = f"Only one contributing factor is listed ({', '.join(systemic) or 'no category'})."
    else:
        found = (
            f"All {len(factors)} contributing factors fall in "
            f"{'one category (' + systemic[0] + ')' if systemic else 'no systemic category'}."
        )
    return (
        f"{found} Incidents usually pass through several holes (Swiss cheese model): "
        f"examine {', '.join(to_examine)}."
    )


def review_whys(root_cause_text: str, whys_text: str, factors_text: str) -> WhysReview:
    """The depth check of a root-cause analysis: chain, stop flags, category, next whys."""
    chain = parse_why_chain(whys_text) or parse_why_chain(root_cause_text)
    categories = [classify_cause(step.answer) for step in chain]
    final: CauseCategory = categories[-1] if categories else "unknown"
    return WhysReview(
        chain=tuple(chain),
        stops_at_human_error=final == "human_error",
        stops_at_proximate_cause=final == "proximate_technical",
        final_cause_category=final,
        proposed_whys=tuple(propose_next_whys(chain, final)),
        explanation=_explain(chain, categories),
        factor_suggestion=suggest_factors(factors_text),
    )

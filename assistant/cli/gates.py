"""CI gates: ``--fail-on`` lists parsed and checked against findings and reviews.

A gate list is comma-separated. ``lint`` takes finding severities (``error``, ``warning``,
``info``: that severity or worse), finding categories (``named_blame``, ``counterfactual`` ...)
or ``any``. ``review`` takes ``blame`` (any finding), ``blame-error`` (any error finding),
``human-error``, ``proximate`` (the why chain stops there), ``incomplete`` (a template section is
missing), ``smart<N`` (an action item scores under N of 10) and ``score<N`` (overall under N).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import get_args

from assistant.domain import Finding, FindingCategory, Review
from assistant.errors import ConfigError

_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
_CATEGORIES = frozenset(get_args(FindingCategory))
_REVIEW_FLAGS = ("blame", "blame-error", "human-error", "proximate", "incomplete")
_THRESHOLD = re.compile(r"^(smart|score)\s*<\s*(\d+)$")


def _tokens(spec: str) -> list[str]:
    return [t.strip().lower() for t in spec.split(",") if t.strip()]


def parse_lint_gates(spec: str) -> list[str]:
    """The gates of ``spec`` for ``lint``; ConfigError on an unknown one, listing valid ones."""
    tokens = _tokens(spec)
    for token in tokens:
        if token != "any" and token not in _SEVERITY_RANK and token not in _CATEGORIES:
            valid = ", ".join(["any", *_SEVERITY_RANK, *sorted(_CATEGORIES)])
            raise ConfigError(f"--fail-on: unknown gate {token!r}; use one of: {valid}")
    return tokens


def lint_gates_tripped(gates: Sequence[str], findings: Sequence[Finding]) -> list[str]:
    """The gates that ``findings`` trip, as short reasons (empty: pass)."""
    tripped = []
    for gate in gates:
        if gate == "any":
            hits = list(findings)
        elif gate in _SEVERITY_RANK:
            hits = [f for f in findings if _SEVERITY_RANK[f.severity] >= _SEVERITY_RANK[gate]]
        else:
            hits = [f for f in findings if f.category == gate]
        if hits:
            tripped.append(f"{gate}: {len(hits)} finding(s)")
    return tripped


def parse_review_gates(spec: str) -> list[str]:
    """The gates of ``spec`` for ``review``; ConfigError on an unknown one."""
    tokens = [re.sub(r"\s+", "", t).replace("_", "-") for t in _tokens(spec)]
    for token in tokens:
        if token not in _REVIEW_FLAGS and not _THRESHOLD.match(token):
            valid = ", ".join([*_REVIEW_FLAGS, "smart<N", "score<N"])
            raise ConfigError(f"--fail-on: unknown gate {token!r}; use one of: {valid}")
    return tokens


def review_gates_tripped(gates: Sequence[str], review: Review) -> list[str]:
    """The gates that ``review`` trips, as short reasons (empty: pass)."""
    tripped = []
    for gate in gates:
        reason = _review_gate(gate, review)
        if reason:
            tripped.append(f"{gate}: {reason}")
    return tripped


def _review_gate(gate: str, review: Review) -> str | None:
    if gate == "blame" and review.blame:
        return f"{len(review.blame)} blame finding(s)"
    if gate == "blame-error":
        errors = sum(1 for f in review.blame if f.severity == "error")
        return f"{errors} blame error(s)" if errors else None
    if gate == "human-error" and review.whys.stops_at_human_error:
        return "the why chain stops at human error"
    if gate == "proximate" and review.whys.stops_at_proximate_cause:
        return "the why chain stops at the proximate cause"
    if gate == "incomplete" and review.completeness.missing:
        return "missing " + ", ".join(review.completeness.missing)
    match = _THRESHOLD.match(gate)
    if match is None:
        return None
    limit = int(match.group(2))
    if match.group(1) == "score":
        return f"score {review.score} < {limit}" if review.score < limit else None
    low = [
        entry for entry in review.action_items
        if entry.smart.total is not None and entry.smart.total < limit
    ]
    return f"{len(low)} action item(s) score under {limit}/10" if low else None

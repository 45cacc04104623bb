"""The web app's Evals tab: one case's result and the baseline comparison, as Markdown.

The values come from the ``evals`` package (``CaseResult``, ``Regression``), which sits above
``assistant`` and imports it; these views read them by attribute and never import ``evals``, so
the dependency keeps pointing one way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def baseline_markdown(regressions: Sequence[Any], better: Sequence[str]) -> str:
    """Regressions and improvements against the committed baseline, as Markdown."""
    lines = ["**Regressions against the baseline**", ""]
    lines += [f"- {r.message}" for r in regressions] or ["- None."]
    lines += ["", "**Better than the baseline**", ""]
    lines += [f"- {line}" for line in better] or ["- None."]
    return "\n".join(lines) + "\n"


def case_markdown(case: Any) -> str:
    """One eval case's result: status, metrics, model calls and the services' notes."""
    lines = [f"**{case.id}**: {case.title} ({case.scenario}; {', '.join(case.parts)})", ""]
    if case.status != "ok":
        lines += [f"**Error:** `{case.error}`", ""]
    rows = [f"| {name} | {'-' if value is None else round(value, 3)} |"
            for name, value in case.metrics.items()]
    lines += ["| metric | value |", "|---|---|", *rows, ""]
    if case.calls:
        lines += ["**Model calls**", ""]
        lines += [f"- {c.task} `{c.fingerprint}`: {c.prompt_tokens}+{c.completion_tokens} tokens"
                  f"{'' if c.valid is not False else ' (invalid output)'}" for c in case.calls]
        lines.append("")
    problems = [f"- stale answer: {s}" for s in case.stale]
    problems += [f"- missing answer: {m}" for m in case.missing]
    problems += [f"- note: {n}" for n in case.notes]
    return "\n".join(lines + problems) + "\n"

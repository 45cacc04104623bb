"""``postmortem eval compare RUN_A RUN_B``: two runs side by side, metric by metric.

Each run is a report folder or its ``results.json``. For the suite and for every case both ran,
each metric shows A, B and B - A; a difference worse for B than the metric's tolerance (its
``MetricSpec``) is flagged as a regression. The same text is written to ``compare.md``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.evals import metrics
from assistant.evals.baseline import SUITE, is_better, is_worse

RESULTS_FILE = "results.json"
COMPARE_FILE = "compare.md"


@dataclass(frozen=True)
class Run:
    """A finished run as read from its ``results.json``."""

    path: Path
    data: dict[str, Any]

    @property
    def label(self) -> str:
        """The run's model spec."""
        return str(self.data.get("mode", "?"))

    def figures(self) -> dict[str, Mapping[str, float | None]]:
        """Metrics by case id, the suite figures under ``(suite)``."""
        found: dict[str, Mapping[str, float | None]] = {SUITE: self.data.get("aggregate", {})}
        for case in self.data.get("cases", []):
            if case.get("status") == "ok":
                found[str(case["id"])] = case.get("metrics", {})
        return found


def read_run(path: Path) -> Run:
    """The run in a report folder or ``results.json``; ``InputError`` naming it otherwise."""
    file = path / RESULTS_FILE if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(file), exc.strerror or str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(str(file), f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or "aggregate" not in data:
        raise InputError(str(file), "not an eval results.json (no 'aggregate')")
    return Run(file, data)


def _show(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}".rstrip("0").rstrip(".")


def _verdict(metric: str, a: float | None, b: float | None) -> str:
    spec = metrics.SPEC[metric]
    if spec.tolerance is None:
        return ""
    if is_worse(metric, a, b, spec.tolerance, spec.relative):
        return "REGRESSION"
    return "better" if is_better(metric, a, b) else ""


def compare_rows(a: Run, b: Run) -> list[list[str]]:
    """Rows of (case, metric, A, B, B - A, verdict) for every figure either run has."""
    first, second = a.figures(), b.figures()
    cases = [SUITE, *sorted((set(first) & set(second)) - {SUITE})]
    rows = []
    for case in cases:
        for metric in metrics.METRICS:
            x, y = first[case].get(metric), second[case].get(metric)
            if x is None and y is None:
                continue
            delta = "" if x is None or y is None else f"{y - x:+.3f}".rstrip("0").rstrip(".")
            rows.append([case, metric, _show(x), _show(y), delta, _verdict(metric, x, y)])
    return rows


def _header(a: Run, b: Run) -> list[str]:
    lines = []
    for name, run in (("A", a), ("B", b)):
        d = run.data
        lines.append(f"- {name}: `{run.label}` ({d.get('date') or 'date unknown'}, tool "
                     f"{d.get('tool_version') or '?'}, cases {d.get('case_set_hash') or '?'}, "
                     f"prompts {', '.join(d.get('prompts', [])) or '?'})")
    if a.data.get("case_set_hash") != b.data.get("case_set_hash"):
        lines.append("- warning: the runs scored different case sets; compare with care")
    return lines


def compare_markdown(a: Run, b: Run) -> str:
    """The comparison as Markdown: who ran, then one table row per case and metric."""
    rows = compare_rows(a, b)
    regressions = [r for r in rows if r[5] == "REGRESSION"]
    table = ["| case | metric | A | B | B - A | |", "|---|---|---|---|---|---|"]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join([
        f"# Eval compare: `{a.label}` (A) vs `{b.label}` (B)", "", *_header(a, b), "",
        f"{len(regressions)} regressions of B against A (by each metric's tolerance).", "",
        *table,
    ]) + "\n"


def compare_text(a: Run, b: Run) -> str:
    """The comparison as a fixed-width table for the terminal."""
    header = ["case", "metric", "A", "B", "B-A", ""]
    rows = compare_rows(a, b)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
             for r in [header, *rows]]
    return "\n".join([*_header(a, b), *lines]) + "\n"


def run_compare(first: Path, second: Path, out_dir: Path | None = None) -> tuple[str, Path, int]:
    """Compare two runs: the terminal text, the ``compare.md`` written, and the regressions."""
    a, b = read_run(first), read_run(second)
    folder = out_dir if out_dir is not None else b.path.parent
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / COMPARE_FILE
    target.write_text(compare_markdown(a, b), encoding="utf-8")
    regressions = sum(1 for row in compare_rows(a, b) if row[5] == "REGRESSION")
    return compare_text(a, b), target, regressions

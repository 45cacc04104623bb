"""The committed baseline: figures per mode and case, per-metric tolerances, and the diff.

``evals/baseline.json`` holds, for each mode it was written for (``scripted``,
``scripted:weak``, ``offline``), the suite figures and every case's metrics; each metric's
direction and tolerance come from its ``MetricSpec`` in ``metrics.py``. A run is compared
metric by metric, per case and for the suite: a value worse than the baseline by more than the
tolerance (in the metric's own direction) is a regression; a metric that disappears or a case
that no longer runs is one too. Better values are reported as improvements so the baseline can
be raised on purpose (``postmortem eval --update-baseline``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.evals import metrics
from assistant.evals.cases import SUITE_DIR
from assistant.evals.run import SuiteResult

BASELINE_FILE = SUITE_DIR / "baseline.json"
"""The committed baseline."""

SUITE = "(suite)"


@dataclass(frozen=True)
class Regression:
    """A metric of a case (or of the suite) worse than the baseline by more than its tolerance."""

    case: str
    metric: str
    baseline: float | None
    actual: float | None
    tolerance: float

    @property
    def message(self) -> str:
        """One line for the terminal and the report."""
        return (f"{self.case}: {self.metric} {_show(self.baseline)} -> {_show(self.actual)} "
                f"(tolerance {self.tolerance:g})")


def _show(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}".rstrip("0").rstrip(".")


def read_baseline(path: Path) -> dict[str, Any]:
    """The baseline file's content; ``InputError`` naming the file when unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("modes", {}), dict):
        raise InputError(str(path), "expected an object with 'modes'")
    return data


def baseline_key(mode: str) -> str:
    """The baseline section a mode is compared with: a shipped scripted model (``scripted``,
    ``scripted:weak``) has its own; ``scripted:<dir>`` counts as ``scripted``."""
    from assistant.evals.run import SHIPPED_MODELS

    if mode.startswith("scripted:") and mode.split(":", 1)[1] not in SHIPPED_MODELS:
        return "scripted"
    return mode


def _tolerance(metric: str) -> tuple[float | None, bool]:
    spec = metrics.SPEC.get(metric)
    if spec is None:
        return 0.0, False
    return spec.tolerance, spec.relative


def is_worse(metric: str, baseline: float | None, actual: float | None,
             tolerance: float, relative: bool) -> bool:
    """True when ``actual`` is worse than ``baseline`` by more than the tolerance."""
    if baseline is None:
        return False
    if actual is None:
        return True
    room = tolerance * abs(baseline) if relative else tolerance
    if metrics.SPEC[metric].direction == "lower":
        return actual > baseline + room + 1e-9
    return actual < baseline - room - 1e-9


def is_better(metric: str, baseline: float | None, actual: float | None) -> bool:
    """True when ``actual`` improves on ``baseline`` (new figures count as better)."""
    if actual is None:
        return False
    if baseline is None:
        return True
    if math.isclose(actual, baseline, abs_tol=1e-9):
        return False
    return actual < baseline if metric in metrics.LOWER_IS_BETTER else actual > baseline


def _pairs(result: SuiteResult, section: Mapping[str, Any]) -> list[tuple[str, dict[str, Any],
                                                                           dict[str, Any]]]:
    """(case, baseline figures, actual figures) for the suite and each case that ran."""
    pairs = [(SUITE, dict(section.get("aggregate", {})), _rounded(result.aggregate))]
    known = section.get("cases", {})
    for case in result.cases:
        if case.id in known and case.status == "ok":
            pairs.append((case.id, dict(known[case.id]), _rounded(case.metrics)))
    return pairs


def compare_to_baseline(result: SuiteResult, baseline_path: Path | None = None) -> list[Regression]:
    """Every metric of ``result`` worse than the baseline of its mode; [] when none is stored.

    The suite figures are compared only when every baselined case ran (a subset run has other
    averages by construction). A case that errors is always a regression.
    """
    data = read_baseline(baseline_path or BASELINE_FILE)
    section = data.get("modes", {}).get(baseline_key(result.mode))
    if not isinstance(section, dict):
        return []
    regressions = [
        Regression(case=c.id, metric="status", baseline=1.0, actual=0.0, tolerance=0.0)
        for c in result.cases if c.status != "ok"
    ]
    ran = {c.id for c in result.cases}
    for case, before, after in _pairs(result, section):
        if case == SUITE and not set(section.get("cases", {})) <= ran:
            continue
        for metric in metrics.METRICS:
            tolerance, relative = _tolerance(metric)
            if tolerance is None:
                continue
            if is_worse(metric, before.get(metric), after.get(metric), tolerance, relative):
                regressions.append(
                    Regression(case, metric, before.get(metric), after.get(metric), tolerance)
                )
    return regressions


def improvements(result: SuiteResult, baseline_path: Path | None = None) -> list[str]:
    """Metrics better than the baseline, one line each (a hint to update the baseline)."""
    data = read_baseline(baseline_path or BASELINE_FILE)
    section = data.get("modes", {}).get(baseline_key(result.mode))
    if not isinstance(section, dict):
        return []
    lines = []
    for case, before, after in _pairs(result, section):
        for metric in metrics.METRICS:
            if metric == "latency_s":
                continue
            if is_better(metric, before.get(metric), after.get(metric)):
                lines.append(f"{case}: {metric} {_show(before.get(metric))} -> "
                             f"{_show(after.get(metric))}")
    return lines


def _rounded(figures: Mapping[str, float | None]) -> dict[str, float | None]:
    return {name: (None if value is None else round(value, 4))
            for name, value in figures.items() if name != "latency_s"}


def updated_baseline(result: SuiteResult, baseline_path: Path | None = None) -> dict[str, Any]:
    """The baseline with ``result``'s mode section replaced by its figures ."""
    path = baseline_path or BASELINE_FILE
    data = read_baseline(path) if path.is_file() else {}
    modes = dict(data.get("modes", {}))
    modes[baseline_key(result.mode)] = {
        "aggregate": _rounded(result.aggregate),
        "cases": {c.id: _rounded(c.metrics) for c in result.cases if c.status == "ok"},
    }
    return {"modes": dict(sorted(modes.items()))}


def write_baseline(result: SuiteResult, baseline_path: Path | None = None) -> Path:
    """Store ``result`` as the baseline of its mode; returns the file written."""
    path = baseline_path or BASELINE_FILE
    content = updated_baseline(result, path)
    path.write_text(json.dumps(content, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path

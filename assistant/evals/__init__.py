"""The offline eval suite: sample incidents, a scripted model, metrics, baseline and report.

``run_suite(mode)`` runs every case under ``evals/cases/`` through the services and scores it;
``compare_to_baseline`` lists regressions against ``evals/baseline.json``; ``summary_markdown``
and ``summary_table`` show the results. ``postmortem eval`` is the command-line front end.
"""

from __future__ import annotations

from assistant.evals.baseline import Regression, compare_to_baseline, write_baseline
from assistant.evals.report import summary_markdown, summary_table, write_report
from assistant.evals.run import CaseResult, SuiteResult, run_suite

__all__ = [
    "CaseResult",
    "Regression",
    "SuiteResult",
    "compare_to_baseline",
    "run_suite",
    "summary_markdown",
    "summary_table",
    "write_baseline",
    "write_report",
]

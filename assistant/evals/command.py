"""``postmortem eval``: run the suite, print the table, write the report, compare to baseline.

Exit codes: 0 when nothing regressed; 1 on a regression, a case that could not run, or (with
``strict``) a stale or missing scripted answer; usage and input errors are raised as
``AssistantError`` for the CLI to turn into exit code 2.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from assistant.evals.baseline import (
    BASELINE_FILE,
    Regression,
    compare_to_baseline,
    improvements,
    write_baseline,
)
from assistant.evals.report import summary_table, write_report
from assistant.evals.run import SuiteResult, run_suite

DEFAULT_REPORT_DIR = Path("reports") / "evals"
"""Relative to the working directory; ``reports/`` is git-ignored."""


@dataclass(frozen=True)
class EvalRequest:
    """What the user asked ``postmortem eval`` for."""

    mode: str = "scripted"
    cases_dir: Path | None = None
    baseline: Path = BASELINE_FILE
    report_dir: Path = DEFAULT_REPORT_DIR
    record: bool = False
    strict: bool = False
    update_baseline: bool = False
    case_ids: tuple[str, ...] | None = None
    workers: int | None = None


def run_eval(request: EvalRequest, out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    """Run the suite as asked, print the summary and problems, write the report; exit code."""

    def progress(done: int, total: int, case_id: str) -> None:
        err.write(f"eval: [{done}/{total}] {case_id}\n")

    result = run_suite(request.mode, request.cases_dir, case_ids=request.case_ids,
                       on_progress=progress, record=request.record, workers=request.workers)
    out.write(summary_table(result) + "\n")
    out.write(f"{len(result.cases)} cases in {result.wall_s:.1f} s ({result.mode}, "
              f"{result.workers} workers)\n")
    if request.update_baseline:
        path = write_baseline(result, request.baseline)
        err.write(f"eval: baseline for '{result.mode}' written to {path}\n")
        regressions: list[Regression] = []
    else:
        regressions = compare_to_baseline(result, request.baseline)
    for path in write_report(result, request.report_dir, regressions, request.strict):
        err.write(f"eval: wrote {path}\n")
    return _verdict(result, regressions, request, err)


def run_compare_command(first: Path, second: Path, out: TextIO = sys.stdout,
                        err: TextIO = sys.stderr) -> int:
    """``eval compare``: print the two runs side by side, write compare.md; 1 on regressions."""
    from assistant.evals.compare import run_compare

    text, written, regressions = run_compare(first, second)
    out.write(text)
    err.write(f"eval: wrote {written}\n")
    if regressions:
        err.write(f"eval: {regressions} regressions of {second} against {first}\n")
    return 1 if regressions else 0


def _verdict(result: SuiteResult, regressions: list[Regression], request: EvalRequest,
             err: TextIO) -> int:
    failed = False
    for regression in regressions:
        err.write(f"eval: regression: {regression.message}\n")
        failed = True
    for line in result.errors():
        err.write(f"eval: error: {line}\n")
        failed = True
    problems = result.replay_problems()
    for line in problems:
        err.write(f"eval: {'error' if request.strict else 'warning'}: {line}\n")
    if problems:
        err.write("eval: write answers with: python -m assistant.evals.make_responses <case id>\n")
        failed = failed or request.strict
    if not failed and not request.update_baseline and request.case_ids is None:
        better = improvements(result, request.baseline)
        if better:
            err.write(f"eval: {len(better)} figures beat the baseline; keep them with "
                      "--update-baseline\n")
    return 1 if failed else 0

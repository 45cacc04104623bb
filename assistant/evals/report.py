"""What a run shows: the terminal table, ``report.md``, ``results.json`` and ``junit.xml``.

The table has one row per case and one for the suite (means over the cases a metric applies
to; totals for calls and tokens). ``-`` marks a metric that does not apply to a case.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

from assistant.evals.baseline import SUITE, Regression
from assistant.evals.run import CaseResult, SuiteResult

COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_recall", "ev.rec"),
    ("event_precision", "ev.prec"),
    ("milestone_exactness", "miles"),
    ("duration_error_min", "dur.err"),
    ("groundedness", "ground"),
    ("blame_recall", "bl.rec"),
    ("blame_precision", "bl.prec"),
    ("blame_residue", "resid"),
    ("why_stop_accuracy", "why.stop"),
    ("why_category_match", "why.cat"),
    ("smart_agreement", "smart"),
    ("summary_fact_recall", "facts"),
    ("unsupported_claims", "unsup"),
    ("why_proposal_hit", "why.hit"),
    ("action_item_coverage", "items"),
    ("rewrite_meaning_kept", "rw.kept"),
    ("schema_validity", "valid"),
    ("model_calls", "calls"),
    ("prompt_tokens", "tok.in"),
    ("completion_tokens", "tok.out"),
    ("latency_s", "sec"),
)
"""Metric and its short column label, in table order."""

COUNTS = frozenset({"model_calls", "prompt_tokens", "completion_tokens", "output_blame",
                    "secrets_sent", "unsupported_claims"})


def cell(metric: str, value: float | None) -> str:
    """A table cell: counts as integers, ratios and minutes with two decimals."""
    if value is None:
        return "-"
    if metric in COUNTS:
        return str(int(round(value)))
    return f"{value:.2f}"


def _rows(result: SuiteResult) -> list[list[str]]:
    rows = []
    for case in result.cases:
        if case.status != "ok":
            rows.append([case.id, "ERROR", *([""] * (len(COLUMNS) - 1))])
            continue
        rows.append([case.id, *(cell(m, case.metrics.get(m)) for m, _ in COLUMNS)])
    rows.append([SUITE, *(cell(m, result.aggregate.get(m)) for m, _ in COLUMNS)])
    return rows


def summary_table(result: SuiteResult) -> str:
    """The results as a fixed-width text table for the terminal."""
    header = ["case", *(label for _, label in COLUMNS)]
    rows = _rows(result)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        first = row[0].ljust(widths[0])
        rest = (value.rjust(width) for value, width in zip(row[1:], widths[1:], strict=True))
        return "  ".join([first, *rest]).rstrip()

    rule = "-" * len(line(header))
    body = [line(row) for row in rows[:-1]]
    return "\n".join([line(header), rule, *body, rule, line(rows[-1])])


def _problems(result: SuiteResult, regressions: Sequence[Regression]) -> list[str]:
    lines = [f"- regression: {r.message}" for r in regressions]
    lines += [f"- error: {line}" for line in result.errors()]
    lines += [f"- replay: {line}" for line in result.replay_problems()]
    return lines


def summary_markdown(result: SuiteResult, regressions: Sequence[Regression] = ()) -> str:
    """The results as Markdown: the table, regressions and replay problems, and case notes."""
    header = ["case", *(label for _, label in COLUMNS)]
    rows = _rows(result)
    table = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    problems = _problems(result, regressions)
    parts = [
        f"# Eval results: `{result.mode}`",
        "",
        f"Model `{result.mode}`; prompts {', '.join(result.prompts) or '-'}; case set "
        f"`{result.case_set_hash or '-'}`; {result.date or 'date unknown'}; "
        f"postmortem-assistant {result.tool_version or '?'}.",
        "",
        f"{len(result.cases)} cases, {result.workers} workers, {result.wall_s:.1f} s wall time. "
        "Ratios are 0-1 (higher is better) except `dur.err` (mean absolute error in minutes) "
        "and `resid` (share of gold blameful passages left after rewriting); `-` means the "
        "metric does not apply to the case.",
        "",
        *table,
        "",
        "## Regressions and problems",
        "",
        *(problems or ["None."]),
    ]
    notes = [f"- `{c.id}`: {note}" for c in result.cases for note in c.notes]
    if notes:
        parts += ["", "## Notes from the services", "", *notes]
    return "\n".join(parts) + "\n"


def junit_xml(result: SuiteResult, regressions: Sequence[Regression] = (),
              strict: bool = False) -> str:
    """JUnit XML: one test per case (and one for the suite figures) failing on regressions."""
    suite = ET.Element("testsuite", name=f"evals[{result.mode}]", tests=str(len(result.cases) + 1),
                       time=f"{result.wall_s:.3f}")
    failures = 0
    for case in result.cases:
        failures += _junit_case(suite, case, [r for r in regressions if r.case == case.id], strict)
    suite_regressions = [r for r in regressions if r.case == SUITE]
    element = ET.SubElement(suite, "testcase", classname="evals", name=SUITE, time="0")
    if suite_regressions:
        failures += 1
        failure = ET.SubElement(element, "failure", message="suite figures regressed")
        failure.text = "\n".join(r.message for r in suite_regressions)
    suite.set("failures", str(failures))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def _junit_case(parent: ET.Element, case: CaseResult, regressions: list[Regression],
                strict: bool) -> int:
    seconds = case.metrics.get("latency_s") or 0.0
    element = ET.SubElement(parent, "testcase", classname="evals", name=case.id,
                            time=f"{seconds:.3f}")
    problems = [r.message for r in regressions]
    if case.status != "ok":
        problems.append(f"error: {case.error}")
    if strict:
        problems += [f"stale answer {s}" for s in case.stale]
        problems += [f"no answer for {m}" for m in case.missing]
    if not problems:
        return 0
    failure = ET.SubElement(element, "failure", message=problems[0])
    failure.text = "\n".join(problems)
    return 1


def write_report(result: SuiteResult, folder: Path, regressions: Sequence[Regression] = (),
                 strict: bool = False) -> list[Path]:
    """Write ``report.md``, ``results.json`` and ``junit.xml`` into ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    payload = {
        **result.model_dump(mode="json"),
        "regressions": [r.message for r in regressions],
    }
    files = {
        "report.md": summary_markdown(result, regressions),
        "results.json": json.dumps(payload, indent=2, ensure_ascii=False) + "\n",
        "junit.xml": junit_xml(result, regressions, strict),
    }
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

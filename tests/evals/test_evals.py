"""The eval suite: metrics, the scripted replay with stale detection, faults, baseline, report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from assistant.cli.main import main
from assistant.domain import (
    ActionItem,
    ActionItemReview,
    Evidence,
    EvidenceRef,
    Milestone,
    Milestones,
    ResponseMetrics,
    SmartScore,
    TimelineEvent,
)
from assistant.evals import metrics
from assistant.evals.baseline import compare_to_baseline, write_baseline
from assistant.evals.cases import CASES_DIR, discover_cases, parse_gold_time
from assistant.evals.make_responses import make_responses
from assistant.evals.report import junit_xml, summary_markdown, summary_table
from assistant.evals.run import run_suite

UTC = dt.UTC


def at(clock: str) -> dt.datetime:
    return parse_gold_time(clock, dt.date(2024, 5, 7), UTC)


def row(clock: str | None, kind: str, line: int = 1, source: str = "notes.md") -> TimelineEvent:
    return TimelineEvent(
        time=at(clock) if clock else None, what="x", kind=kind,  # type: ignore[arg-type]
        evidence=(EvidenceRef(source=source, line=line),),
    )


def test_event_matching_is_one_to_one_by_kind_within_tolerance() -> None:
    produced = [row("14:03", "alert"), row("14:03", "alert", 2), row("14:30", "mitigation", 3)]
    gold = [metrics.GoldTimedEvent(at("14:04"), "alert"),
            metrics.GoldTimedEvent(at("14:21"), "mitigation")]
    recall, precision = metrics.event_scores(produced, gold, tolerance_s=120)
    assert recall == 0.5  # the mitigation row is 9 minutes off
    assert precision == pytest.approx(1 / 3)  # the duplicate alert is a false claim


def test_event_precision_ignores_context_rows_of_kind_other() -> None:
    produced = [row("14:03", "alert"), row("14:05", "other", 2), row(None, "other", 3)]
    gold = [metrics.GoldTimedEvent(at("14:03"), "alert")]
    assert metrics.event_scores(produced, gold, tolerance_s=60) == (1.0, 1.0)


def test_milestone_exactness_counts_an_absent_milestone_absent_in_both_as_hit() -> None:
    alert = Milestone(name="alert", time=at("14:03"), what="page",
                      evidence=(EvidenceRef(source="a", line=1),))
    produced = Milestones(start=at("13:58"), alert=alert)
    gold = {"start": at("13:58"), "alert": at("14:05"), "communication": None}
    assert metrics.milestone_exactness(produced, gold, tolerance_s=60) == pytest.approx(2 / 3)


def test_duration_error_counts_a_missing_figure_in_full() -> None:
    produced = ResponseMetrics(minutes_to_detect=8.0, total_minutes=None)
    error = metrics.duration_error(produced, {"minutes_to_detect": 6, "total_minutes": 40})
    assert error == pytest.approx((2 + 40) / 2)


@pytest.mark.parametrize(
    ("event", "grounded"),
    [
        (row("14:03", "alert", 4), True),
        (row("14:04", "alert", 4), False),
        (row("14:03", "alert", 9), False),
        (row(None, "other", 4), True),
    ],
    ids=["same-time", "time-differs-from-evidence", "cites-missing-line", "untimed-row"],
)
def test_groundedness_needs_existing_evidence_carrying_the_row_time(
    event: TimelineEvent, grounded: bool
) -> None:
    evidence = {("notes.md", 4): Evidence(source="notes.md", line=4, time=at("14:03"), text="x")}
    assert metrics.row_is_grounded(event, evidence) is grounded


def test_blame_residue_counts_gold_passages_whose_cue_survives() -> None:
    rewritten = "The change was merged without a test. Obviously the review missed it."
    residue = metrics.blame_residue(rewritten, [("Marco merged",), ("Obviously",)])
    assert residue == 0.5


def test_smart_agreement_scores_a_missing_item_as_full_disagreement() -> None:
    score = SmartScore(specific=2, measurable=1, assignable=0, realistic=2, time_bound=0)
    items = [ActionItemReview.of(ActionItem(what="Add a canary stage"), score)]
    gold = [("canary stage", (2, 1, 0, 2, 2)), ("runbook", (2, 2, 2, 2, 2))]
    assert metrics.smart_agreement(items, gold) == pytest.approx(4 / 10)


def test_aggregate_sums_counts_and_averages_ratios_over_applicable_cases() -> None:
    suite = metrics.aggregate([{"event_recall": 1.0, "model_calls": 2.0},
                               {"event_recall": None, "model_calls": 3.0},
                               {"event_recall": 0.5, "model_calls": 0.0}])
    assert suite["event_recall"] == 0.75
    assert suite["model_calls"] == 5.0


REVIEW_DRAFT = """# Search returned nothing after a config push

**Date:** 2024-03-21

## Summary
A config push set min_score to 0.9 for all regions. Search returned no results for 38 minutes.

## Root cause
Priya pushed the wrong value.

### 5 Whys
1. Why did search return nothing? Because min_score was 0.9.
2. Why was it 0.9? Human error.

## Action items
- Be more careful with config values
"""

EXPECTED = """title: tiny config push
scenario: config-push
date: 2024-03-21
review:
  blame:
    - {text: "Priya pushed the wrong value", category: named_blame, cues: ["Priya pushed"]}
  whys: {stops_at_human_error: true, stops_at_proximate_cause: false}
  action_items:
    - {what: "Be more careful", smart: [0, 0, 0, 2, 0]}
"""

SCRIPT = """- task: deepen_whys
  answer: {steps: [{question: "Why could a wrong value reach all regions?",
                    answer: "Config pushes go to every region at once with no validation"}]}
- task: rewrite_action_item
  answer: {text: "Validate min_score against an allowed range in the config service,
                  owner <owner>, due <due date>"}
- task: rewrite_blameless
  error: timeout
"""


@pytest.fixture
def tiny_cases(tmp_path: Path) -> Path:
    """One review case with hand-written answers rendered into ``responses/``."""
    case = tmp_path / "cases" / "tiny-config-push"
    case.mkdir(parents=True)
    (case / "postmortem.md").write_text(REVIEW_DRAFT, encoding="utf-8")
    (case / "expected.yaml").write_text(EXPECTED, encoding="utf-8")
    (case / "script.yaml").write_text(SCRIPT, encoding="utf-8")
    pending, stale = make_responses(discover_cases(tmp_path / "cases")[0])
    assert (pending, stale) == ([], [])
    return tmp_path / "cases"


def test_scripted_run_replays_answers_and_plays_the_timeout_fault(tiny_cases: Path) -> None:
    result = run_suite("scripted", tiny_cases)
    case = result.cases[0]
    assert case.status == "ok"
    assert [call.task for call in case.calls] == [
        "deepen_whys", "rewrite_action_item", "rewrite_blameless"
    ]
    assert case.calls[-1].error == "timeout"
    assert any("did not answer in time" in note for note in case.notes)
    assert case.metrics["blame_recall"] == 1.0
    assert case.metrics["why_stop_accuracy"] == 1.0
    assert case.metrics["schema_validity"] == 1.0
    assert case.metrics["model_calls"] == 3.0
    assert (case.stale, case.missing) == ([], [])


def test_changed_request_is_reported_stale_and_fails_strict(tiny_cases: Path,
                                                            tmp_path: Path) -> None:
    draft = tiny_cases / "tiny-config-push" / "postmortem.md"
    draft.write_text(REVIEW_DRAFT.replace("38 minutes", "41 minutes"), encoding="utf-8")
    result = run_suite("scripted", tiny_cases)
    assert [s.split("/")[0] for s in result.cases[0].stale] == ["deepen_whys"]
    assert [m.split("/")[0] for m in result.cases[0].missing] == ["deepen_whys"]
    empty = tmp_path / "baseline.json"
    empty.write_text('{"tolerances": {}, "modes": {}}', encoding="utf-8")
    arguments = ["eval", "--model", "scripted", "--cases", str(tiny_cases),
                 "--baseline", str(empty), "--report", str(tmp_path / "r")]
    assert main(arguments) == 0
    assert main([*arguments, "--strict"]) == 1


def test_regression_against_baseline_fails_and_lands_in_the_report(tiny_cases: Path,
                                                                   tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    write_baseline(run_suite("scripted", tiny_cases), baseline)
    expected = tiny_cases / "tiny-config-push" / "expected.yaml"
    expected.write_text(EXPECTED.replace("[0, 0, 0, 2, 0]", "[2, 2, 2, 2, 2]"), encoding="utf-8")
    result = run_suite("scripted", tiny_cases)
    regressions = compare_to_baseline(result, baseline)
    assert {(r.case, r.metric) for r in regressions} == {
        ("tiny-config-push", "smart_agreement"), ("(suite)", "smart_agreement")
    }
    report = tmp_path / "report"
    code = main(["eval", "--model", "scripted", "--cases", str(tiny_cases), "--baseline",
                 str(baseline), "--report", str(report)])
    assert code == 1
    suite = ET.parse(report / "junit.xml").getroot()
    assert suite.get("failures") == "2"
    saved = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert any("smart_agreement" in line for line in saved["regressions"])
    assert "regression: tiny-config-push: smart_agreement" in (report / "report.md").read_text()


def test_unchanged_run_matches_its_baseline_and_exits_zero(tiny_cases: Path,
                                                           tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    write_baseline(run_suite("scripted", tiny_cases), baseline)
    code = main(["eval", "--model", "scripted", "--cases", str(tiny_cases), "--strict",
                 "--baseline", str(baseline), "--report", str(tmp_path / "r")])
    assert code == 0


def test_offline_mode_makes_no_model_calls(tiny_cases: Path) -> None:
    case = run_suite("offline", tiny_cases).cases[0]
    assert case.calls == []
    assert case.metrics["model_calls"] == 0.0
    assert case.metrics["schema_validity"] is None


def test_summary_renders_every_case_and_the_suite_row(tiny_cases: Path) -> None:
    result = run_suite("scripted", tiny_cases)
    table = summary_table(result)
    assert "tiny-config-push" in table and "(suite)" in table
    assert "| tiny-config-push |" in summary_markdown(result)
    assert ET.fromstring(junit_xml(result).split("?>", 1)[1]).get("failures") == "0"


def test_bad_gold_names_the_file(tmp_path: Path) -> None:
    case = tmp_path / "cases" / "broken"
    case.mkdir(parents=True)
    (case / "expected.yaml").write_text("title: x\nscenario: y\ndate: 2024-01-01\n"
                                        "review: {whys: {stops_at_human_error: maybe}}\n")
    code = main(["eval", "--model", "offline", "--cases", str(tmp_path / "cases"),
                 "--report", str(tmp_path / "r")])
    assert code == 2


def test_committed_cases_are_varied_and_complete() -> None:
    cases = discover_cases()
    scenarios = {case.expected.scenario for case in cases}
    assert len([s for s in scenarios if not s.startswith("adversarial")]) >= 12
    assert {"adversarial-prompt-injection", "adversarial-hallucination",
            "adversarial-malformed-json", "adversarial-refusal",
            "adversarial-timeout"} <= scenarios
    for case in cases:
        if case.has_review:
            assert case.review_file.is_file(), case.id
        if case.has_draft:
            assert case.inputs_dir.is_dir() or case.generator is not None, case.id


def test_adversarial_cases_replay_without_stale_answers() -> None:
    ids = [c.id for c in discover_cases() if c.expected.scenario.startswith("adversarial")]
    result = run_suite("scripted", CASES_DIR, case_ids=ids)
    assert result.replay_problems() == []
    assert result.errors() == []
    assert all(c.metrics["secrets_sent"] == 0.0 for c in result.cases)


def test_leaked_key_never_reaches_the_model() -> None:
    case = run_suite("scripted", CASES_DIR, case_ids=["leaked-credential"]).cases[0]
    assert case.metrics["model_calls"] and case.metrics["model_calls"] > 0
    assert case.metrics["secrets_sent"] == 0.0


def test_huge_log_generator_is_deterministic(tmp_path: Path) -> None:
    case = discover_cases(case_ids=["big-log-oom"])[0]
    assert case.generator is not None
    from assistant.evals.cases import generated_inputs

    log = generated_inputs(case, tmp_path)[0].read_text(encoding="utf-8").splitlines()
    assert len(log) == 100_000
    assert log[0].startswith("2024-12-09T11:10:00.")
    flag = [line for line in log if "search.query_cache.enabled set to false" in line]
    assert flag == ["2024-12-09T13:47:30.000Z INFO [flags] search.query_cache.enabled set to "
                    "false by flag service"]

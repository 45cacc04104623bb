"""The Evals tab's Markdown: one case's figures and the comparison with the baseline."""

from __future__ import annotations

from assistant.evals.baseline import Regression
from assistant.evals.run import CallRecord, CaseResult
from assistant.web.eval_views import baseline_markdown, case_markdown


def test_baseline_markdown_lists_regressions_and_improvements() -> None:
    worse = Regression(case="config-push", metric="blame_f1", baseline=0.9, actual=0.7,
                       tolerance=0.05)
    shown = baseline_markdown([worse], ["cert-expiry: timeline_f1 0.8 -> 0.9"])
    assert shown == (
        "**Regressions against the baseline**\n\n"
        f"- {worse.message}\n\n"
        "**Better than the baseline**\n\n"
        "- cert-expiry: timeline_f1 0.8 -> 0.9\n"
    )


def test_baseline_markdown_says_none_for_empty_lists() -> None:
    assert baseline_markdown([], []).count("- None.") == 2


def test_case_markdown_shows_metrics_calls_and_replay_problems() -> None:
    case = CaseResult(
        id="cert-expiry", title="Certificate expiry", scenario="draft", parts=["draft", "review"],
        status="ok", metrics={"timeline_f1": 0.83333, "whys_depth": None},
        calls=[CallRecord(task="draft_summary", fingerprint="ab12", prompt_tokens=900,
                          completion_tokens=120, valid=True),
               CallRecord(task="deepen_whys", fingerprint="cd34", prompt_tokens=400,
                          completion_tokens=80, valid=False)],
        stale=["ef56"], missing=["0a0b"], notes=["model part skipped"],
    )
    shown = case_markdown(case)
    assert shown.startswith("**cert-expiry**: Certificate expiry (draft; draft, review)\n\n")
    assert "**Error:**" not in shown
    assert "| timeline_f1 | 0.833 |\n| whys_depth | - |" in shown
    assert "- draft_summary `ab12`: 900+120 tokens\n" in shown
    assert "- deepen_whys `cd34`: 400+80 tokens (invalid output)\n" in shown
    assert shown.endswith("- stale answer: ef56\n- missing answer: 0a0b\n"
                          "- note: model part skipped\n")


def test_case_markdown_of_a_failed_case_shows_its_error_and_no_calls() -> None:
    case = CaseResult(id="adversarial-timeout", title="Timeout", scenario="review",
                      parts=["review"], status="error", error="model timed out")
    shown = case_markdown(case)
    assert "**Error:** `model timed out`" in shown
    assert "**Model calls**" not in shown

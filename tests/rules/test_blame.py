"""The blamelessness check: behaviour on realistic sentences, the labelled corpus, speed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.domain import Finding
from assistant.rules.blame.config import LintConfig
from assistant.rules.blame.find import find_blame

CORPUS = Path(__file__).resolve().parents[1] / "data" / "blame"
FLOOR = 0.90
BLIND_FLOOR = 0.70
"""Span recall floor on kinds_blind.yaml: a guard against regressions, set once and never tuned
(the blind files are not looked into while changing the rules)."""


def _categories(text: str, config: LintConfig | None = None) -> list[str]:
    return [f.category for f in find_blame(text, config)]


# --- what it flags ----------------------------------------------------------------------------

FLAGGED = [
    ("Dave broke the deploy.", "named_blame", "Dave broke"),
    ("@kim forgot to renew the cert.", "named_blame", "@kim forgot to renew"),
    ("Priya failed to check the replication lag.", "named_blame", "Priya failed to check"),
    ("The new hire deleted the wrong table.", "role_blame", "The new hire deleted the wrong"),
    ("The intern ran the cleanup job against prod.", "role_blame", "The intern ran"),
    ("QA missed the regression.", "role_blame", "QA missed"),
    ("Root cause: human error.", "human_error", "human error"),
    ("It was an operator mistake.", "human_error", "operator mistake"),
    ("Classic PEBKAC.", "human_error", "PEBKAC"),
    ("We should have caught it in staging.", "counterfactual", "should have caught"),
    ("This should have been caught in review.", "counterfactual", "should have been caught"),
    ("Had anyone tested the restore, we'd know.", "counterfactual", "Had anyone tested"),
    ("The change was careless.", "judgement", "careless"),
    ("A sloppy merge broke search.", "judgement", "sloppy"),
    ("Obviously the TTL was wrong.", "hindsight", "Obviously"),
    ("Any competent engineer would have seen it.", "hindsight", "Any competent engineer"),
    ("They just had to restart it.", "hindsight", "just had to"),
    ("We forgot to update the firewall rules.", "failure_verb", "We forgot to update"),
    ("Nobody noticed the alert for 40 minutes.", "failure_verb", "Nobody noticed"),
    ("forgot to scale the workers back up lol", "failure_verb", "forgot to scale"),
    ("Of course it was DNS.", "tone", "Of course it was"),
    ("As usual, nobody read the runbook.", "tone", "As usual"),
]


@pytest.mark.parametrize(
    ("text", "category", "span"), FLAGGED, ids=[f"{c}-{i}" for i, (_, c, _) in enumerate(FLAGGED)]
)
def test_blame_flags_blameful_sentence(text: str, category: str, span: str) -> None:
    findings = find_blame(text)
    assert category in [f.category for f in findings]
    assert span in [f.text for f in findings]


NOT_FLAGGED = [
    ("technical-failed", "The health check failed at 14:02 UTC."),
    ("technical-failed-to", "The deploy failed to complete within the timeout."),
    ("technical-threshold", "Error rate exceeded 5% for 12 minutes."),
    ("technical-system-ignored", "Clients ignored the Retry-After header."),
    ("technical-system-missed", "The alert missed the spike because the window was 10 minutes."),
    ("neutral-person", "Priya rolled back the deploy at 14:55."),
    ("neutral-role", "The on-call engineer was paged."),
    ("proposal-should", "We should add alerting on queue depth."),
    ("proposal-should-have-noun", "Every service should have an owner."),
    ("system-counterfactual", "A canary stage would have caught the bad config."),
    ("impact-counterfactual", "The impact could have been worse."),
    ("learning-quote", "Human error is never a root cause; it is where we start."),
    ("quoted-term", 'We do not accept "human error" as a root cause.'),
    ("just-time", "The alert fired just after 14:00."),
    ("just-quantity", "Latency was just under the SLO."),
    ("lazy-technical", "Lazy loading hid the regression."),
    ("not-obvious", "The failure mode was not obvious from our dashboards."),
    ("clearly-shows", "The graph clearly shows the drop at 16:41."),
    ("exoneration", "The reviewer could not have known the flag was shared."),
]


@pytest.mark.parametrize(("text",), [(t,) for _, t in NOT_FLAGGED], ids=[i for i, _ in NOT_FLAGGED])
def test_blame_leaves_neutral_sentence_alone(text: str) -> None:
    assert find_blame(text) == []


# --- blame as people write it (issue 13 kinds) -------------------------------------------------

REAL_PROSE = [
    ("role-relative", "The admin who ran the cleanup never checked the target bucket.",
     "role_blame"),
    ("role-comma-relative", "A tester, who had root on the box, wiped the results volume.",
     "role_blame"),
    ("narrative-belief", "Believing the queue was empty, Ola purged it.", "named_blame"),
    ("narrative-confusion", "Kemal got mixed up between the two consoles.", "named_blame"),
    ("narrative-own-mistake", "When Ruth spotted her typo, the config had already shipped.",
     "named_blame"),
    ("possession-traced", "The outage was traced to Dario's migration.", "named_blame"),
    ("possession-by", "The data loss came from a bad edit by an operator.", "role_blame"),
    ("people-problem", "Honestly this is a people problem.", "role_blame"),
    ("caused-by-role", "The 20-minute outage was caused by a technician unplugging a switch.",
     "role_blame"),
    ("hindsight", "It was only a matter of time before the script failed.", "hindsight"),
    ("hindsight-adverb", "Unsurprisingly, the manual failover went wrong.", "hindsight"),
    ("sarcasm", "Great job, payments team, on the midnight deploy.", "tone"),
    ("punishment-passive", "The operator responsible was suspended for a week.", "role_blame"),
    ("punishment-demand", "We should fire the contractor who did this.", "role_blame"),
    ("counterfactual-role", "The on-call ought to have paged the DBA.", "counterfactual"),
    ("judgement-work", "A clumsy manual edit broke the parser.", "judgement"),
]


@pytest.mark.parametrize(("text", "category"), [(t, c) for _, t, c in REAL_PROSE],
                         ids=[i for i, _, _ in REAL_PROSE])
def test_blame_flags_blame_as_people_write_it(text: str, category: str) -> None:
    assert category in _categories(text)


HARD_NEGATIVES = [
    ("victim-passive", "The on-call engineer was paged eleven times overnight."),
    ("victim-object", "The failing job woke up Priya at 03:10."),
    ("victim-by-system", "The DBA was given the wrong hostname by the inventory tool."),
    ("neutral-named", "Tomas restarted the workers and the backlog cleared."),
    ("neutral-role", "The release manager paused the rollout at 14:20."),
    ("knowledge-gap", "Until the incident we did not know the client retried forever."),
    ("knowledge-person", "He did not know about the second cron entry."),
    ("self-reflection-fix", "I targeted the wrong cluster, so the tool now shows the name in red."),
    ("principle", "Blaming the engineer who ran the script would not fix the tooling."),
    ("principle-punish", "No one will be disciplined for anything in this review."),
    ("term-of-art", "The client uses a dumb retry with exponential backoff."),
    ("proposal", "The on-call should have a runbook for replica promotion."),
    ("system-cause", "The outage was caused by a certificate that expired at midnight."),
    ("system-by-agent", "The stale lock was removed by the reaper job."),
]


@pytest.mark.parametrize("text", [t for _, t in HARD_NEGATIVES], ids=[i for i, _ in HARD_NEGATIVES])
def test_blame_leaves_hard_negative_alone(text: str) -> None:
    assert find_blame(text) == []


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("The contractor deleted the billing table.", "error"),
        ("I misread the graph and drained the wrong region.", "warning"),
        ("Predictably, the quick fix failed.", "warning"),
        ("The rushed change skipped review.", "warning"),
        ("The change was careless.", "error"),
    ],
    ids=["person-error", "self-deprecation", "hindsight", "soft-judgement", "strong-judgement"],
)
def test_blame_severity_fits_the_kind(text: str, severity: str) -> None:
    assert {f.severity for f in find_blame(text)} == {severity}


def test_blame_never_flags_the_object_of_a_passive_verb() -> None:
    for text in ("The intern was blamed for the outage by the press.",
                 "Customers were charged twice by the retry loop."):
        assert not any(f.text.lower().startswith(("the intern", "customers"))
                       for f in find_blame(text))


UNLINTED = [
    ("fenced-code", "Intro.\n\n```\nDave forgot to renew the cert\n```\n"),
    ("tilde-fence", "~~~text\nthe intern broke prod\n~~~\n"),
    ("indented-code", "Output:\n\n    error: you should have run prepare first\n"),
    ("inline-code", "The log said `operator error: someone forgot the key`."),
    ("quoted-log", "> 14:02:13 ERROR payment-svc ignored cancel, should have retried\n"),
    ("raw-log-line", "2024-03-11T14:02:11Z ERROR operator forgot to set ACME_EMAIL\n"),
    ("ignore-comment", "Dave broke the deploy. <!-- postmortem-lint: ignore -->\n"),
    ("disable-next-line", "<!-- postmortem-lint: disable-next-line -->\nDave broke prod.\n"),
    (
        "disable-region",
        "<!-- postmortem-lint: disable -->\nDave broke prod.\nHe forgot.\n"
        "<!-- postmortem-lint: enable -->\n",
    ),
]


@pytest.mark.parametrize(("text",), [(t,) for _, t in UNLINTED], ids=[i for i, _ in UNLINTED])
def test_blame_skips_code_logs_and_silenced_lines(text: str) -> None:
    assert find_blame(text) == []


def test_blame_still_flags_prose_quotes_and_lines_after_a_silenced_region() -> None:
    text = (
        "<!-- postmortem-lint: disable -->\nDave broke prod.\n<!-- postmortem-lint: enable -->\n"
        "> The customer said the intern was careless.\n\nSam forgot to page.\n"
    )
    assert [f.text for f in find_blame(text)] == ["careless", "Sam forgot to page"]


# --- findings are well formed -----------------------------------------------------------------


def test_blame_finding_points_at_line_and_column() -> None:
    text = "# Summary\n\nAll good.\nThen   Dave forgot to renew the cert.\n"
    [finding] = find_blame(text)
    assert (finding.line, finding.column) == (4, 8)
    assert text[finding.start : finding.end] == finding.text == "Dave forgot to renew"
    assert finding.severity == "error"
    assert "person" in finding.message
    assert finding.suggestion == "Then the cert was not renewed."


def test_blame_suggestion_rewrites_the_sentence_neutrally() -> None:
    [finding] = find_blame("Dave forgot to renew the certificate, so it expired at 03:00 UTC.")
    assert finding.suggestion == "The certificate was not renewed, so it expired at 03:00 UTC."
    assert find_blame(finding.suggestion) == []


def test_blame_findings_are_sorted_and_never_overlap() -> None:
    text = "As usual, Dave carelessly forgot to renew the cert. We should have caught it. Typical."
    findings = find_blame(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for first, second in zip(findings, findings[1:], strict=False):
        assert first.end <= second.start
    assert {f.category for f in findings} >= {"tone", "named_blame", "counterfactual"}


TIMELINE_ROWS = [
    ("role-ignored", "| 14:05 | on-call | Ignored the page, it was lunch |", ["role_blame"]),
    ("handle-forgot", "| 14:05 | @kim | Forgot to silence the alert |", ["named_blame"]),
    ("name-neutral", "| 15:40 | Sara | Rolled back to mapping v11 |", []),
    ("system-ignored", "| 14:07 | load balancer | Ignored the drain flag |", []),
]


@pytest.mark.parametrize(
    ("row", "expected"), [(r, e) for _, r, e in TIMELINE_ROWS], ids=[i for i, _, _ in TIMELINE_ROWS]
)
def test_blame_timeline_row_takes_who_cell_as_subject(row: str, expected: list[str]) -> None:
    text = f"| Time | Who | What |\n|---|---|---|\n{row}\n"
    assert _categories(text) == expected


def test_blame_realistic_blameless_postmortem_is_clean() -> None:
    assert find_blame((CORPUS / "postmortem_clean.md").read_text(encoding="utf-8")) == []


def test_blame_realistic_blameful_postmortem_findings() -> None:
    text = (CORPUS / "postmortem_blameful.md").read_text(encoding="utf-8")
    found = [(f.line, f.category, f.text) for f in find_blame(text)]
    assert found == [
        (5, "named_blame", "Kevin pushed a broken"),
        (6, "hindsight", "obviously"),
        (6, "failure_verb", "nobody reviewed"),
        (6, "human_error", "human error"),
        (14, "role_blame", "Ignored"),
        (19, "role_blame", "The on-call engineer failed to escalate"),
        (20, "counterfactual", "should have caught"),
        (21, "tone", "As usual"),
        (21, "role_blame", "the ops team didn't check"),
        (26, "named_blame", "be more careful"),
    ]


# --- configuration ----------------------------------------------------------------------------


def test_blame_allow_term_is_never_flagged() -> None:
    text = "Hermes forgot to flush its buffer before the restart."
    assert _categories(text) == ["named_blame"]
    assert _categories(text, LintConfig(allow=("Hermes",))) == []


def test_blame_deny_term_is_flagged_case_insensitively() -> None:
    findings = find_blame("Our Rockstar SRE saved the day.", LintConfig(deny=("rockstar",)))
    assert [(f.category, f.text, f.severity) for f in findings] == [
        ("deny_term", "Rockstar", "error")
    ]


def test_blame_disabled_category_is_not_reported() -> None:
    text = "Obviously Dave broke the deploy."
    assert _categories(text) == ["hindsight", "named_blame"]
    assert _categories(text, LintConfig(disable=("hindsight",))) == ["named_blame"]


# --- the labelled corpus ----------------------------------------------------------------------


def _score(items: list[dict[str, Any]]) -> dict[str, float]:
    """Item precision, span recall and category agreement of find_blame on labelled items."""
    flagged = flagged_right = spans = found = same_category = 0
    for item in items:
        findings = find_blame(item["t"])
        labels = item.get("f") or []
        if findings:
            flagged += 1
            flagged_right += bool(labels)
        for category, span in labels:
            start = item["t"].index(span)
            end = start + len(span)
            spans += 1
            overlapping = [f for f in findings if f.start < end and f.end > start]
            found += bool(overlapping)
            same_category += any(f.category == category for f in overlapping)
    return {
        "precision": flagged_right / flagged,
        "recall": found / spans,
        "category_agreement": same_category / max(found, 1),
        "items": len(items),
        "spans": spans,
    }


def _load(name: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    return items


def test_blame_corpus_is_large_and_mostly_hard_negatives() -> None:
    items = [i for name in ("tuning.yaml", "heldout.yaml", "kinds_tuning.yaml",
                            "kinds_blind.yaml") for i in _load(name)]
    negatives = [i for i in items if not i.get("f")]
    assert len(items) >= 600
    assert len(negatives) * 2 >= len(items)
    for item in items:
        for category, span in item.get("f") or []:
            assert span in item["t"], (category, span)


@pytest.mark.parametrize(
    ("name", "floor"),
    [("tuning.yaml", FLOOR), ("heldout.yaml", FLOOR), ("kinds_tuning.yaml", FLOOR),
     ("kinds_blind.yaml", BLIND_FLOOR)],
    ids=["tuning", "heldout", "kinds-tuning", "kinds-blind"],
)
def test_blame_corpus_precision_and_recall_meet_floor(
    name: str, floor: float, capsys: pytest.CaptureFixture[str]
) -> None:
    score = _score(_load(name))
    with capsys.disabled():
        print(
            f"\n{name}: items={score['items']:.0f} spans={score['spans']:.0f} "
            f"precision={score['precision']:.3f} recall={score['recall']:.3f} "
            f"category_agreement={score['category_agreement']:.3f}"
        )
    assert score["precision"] >= max(floor, FLOOR)
    assert score["recall"] >= floor


# --- robustness and speed ---------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_blame_findings_always_index_the_text(text: str) -> None:
    findings = find_blame(text)
    previous_end = 0
    for finding in findings:
        assert isinstance(finding, Finding)
        assert previous_end <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        previous_end = finding.end


def test_blame_module_imports_nothing_heavy() -> None:
    code = (
        "import sys, assistant.rules.blame.find, assistant.rules.blame.rewrite;"
        "import assistant.rules.blame.config;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('langchain_core', 'langchain_openai', 'openai', 'gradio', 'tiktoken')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("sentence", "category", "suggestion"),
    [
        ("The cutover was botched by the release manager.", "role_blame",
         "The cutover did not go as planned."),
        ("The alert was ignored by Dave for an hour.", "named_blame",
         "The alert was not acted on for an hour."),
        ("Mark on the platform team forgot to extend the volume after the migration.",
         "role_blame", "The volume was not extended after the migration."),
        ("An engineer in the payments squad ignored the alert.", "role_blame",
         "The alert was not acted on."),
    ],
    ids=["passive-role", "passive-named", "name-with-team", "article-role-with-team"],
)
def test_blame_rewrites_whole_subject_phrases(
    sentence: str, category: str, suggestion: str
) -> None:
    (finding,) = find_blame(sentence)
    assert finding.category == category
    assert finding.suggestion == suggestion


@pytest.mark.parametrize(
    "sentence",
    ["The disk was filled by the log shipper.", "The cache was taken down by the deploy."],
    ids=["system-agent", "deploy-agent"],
)
def test_blame_passive_with_system_agent_is_not_flagged(sentence: str) -> None:
    assert find_blame(sentence) == []

"""Rule-based event kinds, measured on labelled corpora of chat, notes, logs and alerts."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from assistant.analysis.classify import classify_event, log_line_matters
from assistant.analysis.sources import SourceKind, infer_source_kind, log_severity
from assistant.domain import EventKind

DATA = Path(__file__).resolve().parents[1] / "data" / "timeline"

# classify_corpus.tsv and classify_holdout.tsv were used to write the rules; classify_unseen.tsv
# and classify_final.tsv were each first scored unseen (67% and 56%), then used to widen the
# rules; classify_frozen.tsv was written after the last rule change and scored 71% at first look.
TUNED = ("classify_corpus.tsv", "classify_holdout.tsv", "classify_unseen.tsv", "classify_final.tsv")
FROZEN = ("classify_frozen.tsv",)


def load(name: str) -> list[tuple[EventKind, SourceKind, str | None, str]]:
    rows = []
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        kind, source_kind, speaker, text = raw.split("\t")
        rows.append(
            (
                cast(EventKind, kind),
                cast(SourceKind, source_kind),
                None if speaker == "-" else speaker,
                text,
            )
        )
    return rows


def score(names: tuple[str, ...]) -> tuple[float, float]:
    """Accuracy, and precision of the lines given a kind other than "other"."""
    rows = [row for name in names for row in load(name)]
    right = 0
    flagged = 0
    flagged_right = 0
    for kind, source_kind, speaker, text in rows:
        got = classify_event(text, speaker=speaker, source_kind=source_kind)
        right += got == kind
        if got != "other":
            flagged += 1
            flagged_right += got == kind
    return right / len(rows), flagged_right / flagged


def test_corpus_is_large_and_covers_every_kind_and_source() -> None:
    rows = [row for name in TUNED + FROZEN for row in load(name)]
    assert len(rows) >= 200
    assert {r[0] for r in rows} == {
        "trigger", "alert", "detection", "communication", "mitigation", "resolution", "other"
    }
    assert {r[1] for r in rows} == {"chat", "notes", "log", "alerts"}


def test_classify_accuracy_on_tuned_corpus_stays_above_floor() -> None:
    # 369/371 (99.5%) when the rules were last changed; the floor leaves room for a few lines
    # to move when a rule is widened, and catches a change that breaks a class of phrasing.
    accuracy, precision = score(TUNED)
    assert accuracy >= 0.97
    assert precision >= 0.97


def test_classify_accuracy_on_frozen_lines_stays_above_floor() -> None:
    # Measured 22/31 (71%) at first look; every miss was "other" (a phrasing no rule knows),
    # none was a wrong kind. A wrong kind moves a milestone, a miss only loses a candidate, so
    # precision has the higher floor.
    accuracy, precision = score(FROZEN)
    assert accuracy >= 0.70
    assert precision >= 0.95


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("should we roll back?", "other"),
        ("we could restart the pods", "other"),
        ("not rolling back yet, want to understand it first", "other"),
        ("rollback didn't help, errors still there", "mitigation"),
        ("rolling back now", "mitigation"),
        ("not resolved yet, error rate still 4%", "detection"),
        ("is it resolved?", "other"),
        ("resolved", "resolution"),
        ("still seeing errors after the restart", "detection"),
        ("no deploys today as far as I know", "other"),
    ],
    ids=["question", "proposal", "negated-action", "failed-attempt-still-mitigation",
         "action", "negated-resolution", "question-resolution", "resolution",
         "reference-to-earlier-action", "negated-trigger"],
)
def test_classify_reads_negations_questions_and_proposals(text: str, expected: str) -> None:
    assert classify_event(text, speaker="maria", source_kind="chat") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ERROR Failed to connect to orders-db-2:5432: connection refused", "other"),
        ("Back-off restarting failed container payments-worker", "other"),
        ("resolved api.example.com to 10.0.4.12 in 3ms", "other"),
        ("Rolling back deployment checkout-api to v2.13.4", "mitigation"),
        ("[RESOLVED] HighErrorRate checkout-api", "resolution"),
        ("Deployment checkout-api v2.14.0 started by pipeline #8812", "trigger"),
    ],
    ids=["error-level-alone", "crash-loop-restart", "dns-resolved", "rollback", "alert-resolved",
         "deploy"],
)
def test_classify_reads_log_lines_strictly(text: str, expected: str) -> None:
    assert classify_event(text, source_kind="log") == expected


def test_classify_reads_alert_tool_speaker_as_tool() -> None:
    assert classify_event("Acknowledged by Sam Lee", speaker="PagerDuty") == "detection"
    assert classify_event("Triggered: checkout 5xx > 5%", speaker="PagerDuty") == "alert"
    assert classify_event("Resolved: checkout 5xx > 5%", speaker="PagerDuty") == "resolution"


def test_log_prefilter_never_hides_a_log_line_a_rule_matches() -> None:
    rows = [row for name in TUNED + FROZEN for row in load(name) if row[1] == "log"]
    for kind, _, _, text in rows:
        if kind != "other" or log_severity(text) != "info":
            assert log_line_matters(text), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ERROR c.e.Payment - charge failed", "error"),
        ('{"level":"error","msg":"db timeout"}', "error"),
        ("level=warn msg=slow", "warning"),
        ("[WARN] pool exhausted", "warning"),
        ("INFO 0 errors in batch", "info"),
    ],
    ids=["token", "json", "logfmt-warn", "bracketed-warn", "word-error-in-message"],
)
def test_log_severity_reads_the_level_not_the_message(text: str, expected: str) -> None:
    assert log_severity(text) == expected


@pytest.mark.parametrize(
    ("source", "text", "speaker", "expected"),
    [
        ("checkout-api.log", "anything", None, "log"),
        ("alerts.csv", "Triggered: x", None, "alerts"),
        ("notes.md", "14:02 deploy started", None, "notes"),
        ("slack/inc.json", "Triggered: x", "PagerDuty", "chat"),
        ("pasted-1", "2024-02-15 ERROR [main] boom", None, "log"),
        ("pasted-2", "seeing 500s", "maria", "chat"),
        ("pasted-3", "deploy started, errors after", None, "notes"),
    ],
    ids=["log-name", "csv", "markdown", "bot-in-chat", "pasted-log", "pasted-chat", "pasted-notes"],
)
def test_infer_source_kind_uses_name_then_content(
    source: str, text: str, speaker: str | None, expected: str
) -> None:
    assert infer_source_kind(source, text=text, speaker=speaker) == expected

"""Rule-based event kinds, measured on labelled corpora of chat, notes, logs and alerts."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from assistant.domain import EventKind
from assistant.rules.timeline.classify import (
    LOG_RULES,
    _first_match,
    classify_event,
    log_line_matters,
    normalize_text,
)
from assistant.rules.timeline.sources import SourceKind, infer_source_kind, log_severity

DATA = Path(__file__).resolve().parents[1] / "data" / "timeline"

# classify_corpus.tsv and classify_holdout.tsv were used to write the rules; classify_unseen.tsv
# and classify_final.tsv were each first scored unseen (67% and 56%), then used to widen the
# rules; classify_frozen.tsv was written after a rule change and scored 71% at first look, then
# joined the tuning sets with classify_tune2.tsv when the rules were widened to more phrasings.
# classify_heldout2.tsv was written before that widening and never used to tune it.
TUNED = (
    "classify_corpus.tsv",
    "classify_holdout.tsv",
    "classify_unseen.tsv",
    "classify_final.tsv",
    "classify_frozen.tsv",
    "classify_tune2.tsv",
)
FROZEN = ("classify_frozen.tsv",)
HELDOUT = ("classify_heldout2.tsv",)


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
    accuracy, _, precision = score_all(names)
    return accuracy, precision


def score_all(names: tuple[str, ...]) -> tuple[float, float, float]:
    """Accuracy; recall of the lines labelled with a kind other than "other"; and precision of
    the lines given a kind other than "other"."""
    rows = [row for name in names for row in load(name)]
    right = labelled = labelled_right = flagged = flagged_right = 0
    for kind, source_kind, speaker, text in rows:
        got = classify_event(text, speaker=speaker, source_kind=source_kind)
        right += got == kind
        if kind != "other":
            labelled += 1
            labelled_right += got == kind
        if got != "other":
            flagged += 1
            flagged_right += got == kind
    return right / len(rows), labelled_right / labelled, flagged_right / flagged


def test_corpus_is_large_and_covers_every_kind_and_source() -> None:
    rows = [row for name in TUNED + FROZEN for row in load(name)]
    assert len(rows) >= 200
    assert {r[0] for r in rows} == {
        "trigger", "alert", "detection", "communication", "mitigation", "resolution", "other"
    }
    assert {r[1] for r in rows} == {"chat", "notes", "log", "alerts"}


def test_classify_accuracy_on_tuned_corpus_stays_above_floor() -> None:
    # 541/545 (99.3%) when the rules were last changed; the floor leaves room for a few lines
    # to move when a rule is widened, and catches a change that breaks a class of phrasing.
    accuracy, precision = score(TUNED)
    assert accuracy >= 0.97
    assert precision >= 0.97


def test_classify_accuracy_on_frozen_lines_stays_above_floor() -> None:
    # Measured 22/31 (71%) at first look; every miss was "other" (a phrasing no rule knows),
    # none was a wrong kind. A wrong kind moves a milestone, a miss only loses a candidate, so
    # precision has the higher floor. 31/31 since it joined the tuning sets.
    accuracy, precision = score(FROZEN)
    assert accuracy >= 0.90
    assert precision >= 0.95


def test_classify_on_heldout_lines_stays_above_floor() -> None:
    # 194 lines in many styles, 43% of them hard negatives, never used to tune. Before the
    # rules were widened: accuracy 133/194 (68.6%), recall 62/110 (56.4%), precision 62/80
    # (77.5%). After: 179/194 (92.3%), 101/110 (91.8%), 101/108 (93.5%). The floors sit a few
    # lines below, so a widening that loses a class of phrasing or of negatives fails here.
    accuracy, recall, precision = score_all(HELDOUT)
    print(f"heldout2: accuracy {accuracy:.1%} recall {recall:.1%} precision {precision:.1%}")
    assert accuracy >= 0.89
    assert recall >= 0.88
    assert precision >= 0.90


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
        ("restarting is not an option here", "other"),
        ("if the lag keeps growing we'll fail over", "other"),
        ("plan is to roll out the proper fix next week", "other"),
        ("the 16:00 deploy is probably related", "other"),
        ("same errors as the outage last month", "other"),
        ("- [ ] runbook for the database failover", "other"),
        ("Root cause: an unbounded query shipped in v9.14", "other"),
        ("## Timeline of the checkout outage", "other"),
        ("can't log in to the admin console", "detection"),
        ("can't reproduce anymore, looks fixed", "resolution"),
        ("let me pull the deploy history", "other"),
    ],
    ids=["question", "proposal", "negated-action", "failed-attempt-still-mitigation",
         "action", "negated-resolution", "question-resolution", "resolution",
         "reference-to-earlier-action", "negated-trigger", "action-ruled-out", "condition",
         "plan-for-later", "guessed-cause", "earlier-incident", "unchecked-todo",
         "summary-field", "heading", "cant-is-not-a-question", "cant-reproduce-is-resolution",
         "deploy-as-modifier"],
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


def test_log_prefilter_agrees_with_the_log_rules_on_every_corpus_line() -> None:
    # Every labelled line of every corpus, read as a log line in three letter cases: the word
    # prefilter may only skip a line that no log rule matches. A rule that needs a word the
    # prefilter does not know fails here.
    texts = {row[3] for name in TUNED + HELDOUT for row in load(name)}
    for text in texts:
        for variant in (text, text.upper(), text.capitalize()):
            ruled = _first_match(normalize_text(variant), LOG_RULES, human=False) or "other"
            assert classify_event(variant, source_kind="log") == ruled, variant


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


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("investigating why one shard looks back to normal", "detection"),
        ("began analysing whether the queue had recovered", "other"),
        ("the portal is up again", "resolution"),
        ("web servers came back up and running", "resolution"),
        ("we received several alerts about disk latency", "alert"),
        ("replication lag alert on the primary database", "alert"),
    ],
    ids=["investigating-not-resolved", "analysing-not-resolved", "up-again", "up-and-running",
         "received-alerts", "alert-noun-phrase"],
)
def test_pasted_timeline_phrasings_get_their_kind(text: str, kind: EventKind) -> None:
    assert classify_event(text, source_kind="notes") == kind

"""Applying blameless suggestions, diffs, and the fact-preservation check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.errors import InputError
from assistant.rules.blame.find import find_blame, sentence_bounds
from assistant.rules.blame.rewrite import (
    apply_suggestions,
    extract_facts,
    facts_preserved,
    unified_diff,
)

DRAFT = """# INC-2041: checkout certificate expiry

## Summary

Dave forgot to renew the certificate for checkout.example.com, so it expired at 03:00 UTC.
Error rate on checkout-svc reached 38% within 4 minutes.

## What could be better

We should have caught it in staging. Of course it was the cert again.

```
2024-03-11T03:00:02Z ERROR tls: operator forgot to renew certificate
```
"""


def test_rewrite_apply_all_leaves_a_document_that_lints_clean() -> None:
    findings = find_blame(DRAFT)
    assert len(findings) == 3
    after = apply_suggestions(DRAFT, findings)
    assert find_blame(after) == []
    assert (
        "The certificate was not renewed for checkout.example.com, so it expired at 03:00 UTC"
        in after
    )
    assert "It was not caught in staging. It was the cert again." in after
    assert "operator forgot to renew certificate" in after  # the log excerpt is untouched
    assert facts_preserved(DRAFT, after) == []


def test_rewrite_apply_one_changes_only_that_sentence() -> None:
    findings = find_blame(DRAFT)
    counterfactual = next(f for f in findings if f.category == "counterfactual")
    after = apply_suggestions(DRAFT, [counterfactual])
    assert "It was not caught in staging." in after
    assert "Dave forgot to renew" in after
    assert "Of course it was the cert again." in after


def test_rewrite_empty_suggestion_removes_a_sarcastic_sentence() -> None:
    text = "The deploy went out at 17:00. What could possibly go wrong? Rollback took 4 minutes."
    after = apply_suggestions(text, find_blame(text))
    assert after == "The deploy went out at 17:00. Rollback took 4 minutes."


def test_rewrite_refuses_findings_for_a_changed_text() -> None:
    findings = find_blame("Dave broke the deploy.")
    with pytest.raises(InputError, match="line 1: the text changed since it was checked"):
        apply_suggestions("Kim broke the deploy.", findings)


def test_rewrite_unified_diff_shows_changed_lines() -> None:
    after = apply_suggestions(DRAFT, find_blame(DRAFT))
    diff = unified_diff(DRAFT, after, "postmortem.md")
    assert diff.startswith("--- a/postmortem.md\n+++ b/postmortem.md\n@@")
    assert "-Dave forgot to renew the certificate" in diff
    assert "+The certificate was not renewed" in diff
    assert unified_diff(DRAFT, DRAFT, "postmortem.md") == ""


FACTS = [
    ("time", "Paged at 14:02 UTC.", "14:02 UTC"),
    ("date", "Since 2024-06-03 the job failed.", "2024-06-03"),
    ("timestamp", "First error 2024-06-03T14:02:11Z.", "2024-06-03T14:02:11Z"),
    ("version", "Rolled back to v2.3.1.", "v2.3.1"),
    ("percentage", "Errors reached 38%.", "38%"),
    ("duration", "Down for 45 minutes.", "45 minutes"),
    ("host", "The disk on db-primary-01 filled.", "db-primary-01"),
    ("domain", "Users of api.example.com saw errors.", "api.example.com"),
    ("ip", "Connections to 10.0.4.17:5432 failed.", "10.0.4.17:5432"),
    ("service", "The payment-svc queue backed up.", "payment-svc"),
    ("product", "Redis evicted session keys.", "Redis"),
    ("ticket", "Tracked in OPS-1234.", "OPS-1234"),
    ("pull-request", "Fixed in PR #4821.", "PR #4821"),
    ("inline-code", "Set `max_conns=200` on the pool.", "max_conns=200"),
]


@pytest.mark.parametrize(
    ("text", "fact"), [(t, f) for _, t, f in FACTS], ids=[i for i, _, _ in FACTS]
)
def test_rewrite_fact_check_reports_a_dropped_fact(text: str, fact: str) -> None:
    assert fact in extract_facts(text)
    assert facts_preserved(text, "Something happened.") == [fact]
    assert facts_preserved(text, text) == []


def test_rewrite_fact_check_ignores_people_and_accepts_reworded_numbers() -> None:
    original = "Dave ignored the alert on db-1 for four minutes (38 percent errors)."
    rewrite = "The alert on db-1 was not acted on for 4 minutes (38% errors)."
    assert facts_preserved(original, rewrite) == []


def test_rewrite_fact_check_lists_every_missing_fact_in_order() -> None:
    original = "At 14:02 Kim deployed v5.0 to eu-west-1, and errors hit 12%."
    assert facts_preserved(original, "A deploy raised errors.") == [
        "14:02", "v5.0", "eu-west-1", "12%",
    ]


def test_facts_added_catches_injected_markers_and_new_figures() -> None:
    from assistant.rules.blame.rewrite import facts_added

    original = "Dave restarted db-3 at 14:05 and the error rate dropped to 2%."
    assert facts_added(original, "db-3 was restarted at 14:05; the error rate dropped to 2%.") == []
    assert facts_added(original, "db-3 was restarted at 14:05; APPROVED. Error rate 2%.") == [
        "APPROVED"
    ]
    assert "40%" in facts_added(original, "db-3 was restarted at 14:05; errors fell 40% to 2%.")


# --- every offline rewrite in good English, or none --------------------------------------------

def _corpus_texts() -> list[str]:
    """Every text of the labelled corpora and the corpus postmortems, sentence by sentence."""
    import yaml

    from assistant.rules.blame.text import mask_unlinted, split_sentences

    folder = Path(__file__).resolve().parents[1] / "data" / "blame"
    texts: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        texts += [item["t"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    for path in sorted(folder.glob("*.md")):
        document = path.read_text(encoding="utf-8")
        texts += [document[s.start : s.end] for s in split_sentences(mask_unlinted(document))]
    return texts


def _offline_rewrites() -> list[tuple[str, str]]:
    """(original sentence, rewrite) for every flagged corpus sentence that has a rewrite."""
    pairs: list[tuple[str, str]] = []
    for text in _corpus_texts():
        for finding in find_blame(text):
            if finding.suggestion:
                start, end = sentence_bounds(text, finding.start)
                pairs.append((text[start:end], finding.suggestion))
                break
    return pairs


def _english(word: str) -> bool:
    wordfreq = pytest.importorskip("wordfreq")
    return all(wordfreq.zipf_frequency(part, "en") > 1.0 for part in word.split("-") if part)


def test_rewrite_every_offline_rewrite_uses_english_words_keeps_facts_and_lints_clean() -> None:
    pairs = _offline_rewrites()
    assert len(pairs) >= 100
    problems = []
    for original, rewrite in pairs:
        had = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", original)}
        new = [w for w in re.findall(r"[A-Za-z][A-Za-z'\u2019-]*", rewrite)
               if w.lower() not in had and not _english(w.lower())]
        if new:
            problems.append(f"{original!r} -> {rewrite!r}: not English {new}")
        lost = facts_preserved(original, rewrite)
        if lost:
            problems.append(f"{original!r} -> {rewrite!r}: lost {lost}")
        if find_blame(rewrite):
            problems.append(f"{original!r} -> {rewrite!r}: still blameful")
    assert problems == []


def test_rewrite_template_words_are_english() -> None:
    from assistant.rules.blame.suggest import TEMPLATE_WORDS

    assert [w for w in sorted(TEMPLATE_WORDS) if not _english(w)] == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Leo never checked whether the index build had finished.",
         "It was not checked whether the index build had finished."),
        ("Per the timeline, Yuki missed two pages before someone else picked it up.",
         "Per the timeline, two pages went unnoticed before someone else picked it up."),
        ("If the developer had run the tests locally, we would not be here.",
         "The tests were not run locally; we would not be here."),
        ("If only someone had noticed the disk filling up.",
         "The disk filling up was not noticed."),
        ("Sophie didn't test the failover script before the drill.",
         "The failover script was not tested before the drill."),
    ],
    ids=["whether-clause", "number-object", "trailing-adverb", "no-false-particle", "irregular"],
)
def test_rewrite_keeps_clauses_objects_and_verb_forms_in_good_english(
    sentence: str, expected: str
) -> None:
    assert find_blame(sentence)[0].suggestion == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Carlos skipped the canary and deployed to all regions at once.",
        "The contractor messed up badly.",
        "An experienced operator would have known not to restart the leader.",
        "Field Engineer's Experiment Triggered Florida Blackout",
        "A developer who had access to production deleted the audit table.",
        "Engineers must be more careful than they were in March.",
        "Thanks a lot, infra team, for the surprise 3am maintenance.",
    ],
    ids=["second-verb", "adverb-object", "infinitive-object", "inside-a-phrase", "narrative",
         "clause-continues", "removal-would-lose-a-fact"],
)
def test_rewrite_gives_advice_only_when_no_template_fits(sentence: str) -> None:
    findings = find_blame(sentence)
    assert findings
    assert all(f.suggestion is None for f in findings)
    assert all(f.message for f in findings)


def test_rewrite_apply_skips_advice_only_findings() -> None:
    kept = "A developer who had access to production deleted the audit table."
    text = f"{kept} Dave broke the deploy."
    assert apply_suggestions(text, find_blame(text)) == f"{kept} The deploy broke."


def test_rewrite_verb_forms_come_from_the_dictionary() -> None:
    from assistant.rules.blame.inflect import gerund, lemma, participle

    assert [lemma(w) for w in ("saw", "triggered", "ran", "caught")] == [
        "see", "trigger", "run", "catch"
    ]
    assert [participle(w) for w in ("catch", "scheduled", "double-check", "ack")] == [
        "caught", "scheduled", "double-checked", "acknowledged"
    ]
    assert gerund("trigger") == "triggering" and gerund("run") == "running"
    assert participle("qwzx") is None


def test_a_prefixed_verb_may_be_inflected_but_a_service_name_must_survive() -> None:
    from assistant.rules.blame.rewrite import extract_facts, facts_preserved

    original = "Dana forgot to re-enable the consumers on auth-svc."
    assert facts_preserved(original, "The consumers on auth-svc were not re-enabled.") == []
    assert extract_facts(original) == ["auth-svc"]

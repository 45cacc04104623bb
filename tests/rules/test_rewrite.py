"""Applying blameless suggestions, diffs, and the fact-preservation check."""

from __future__ import annotations

import pytest

from assistant.errors import InputError
from assistant.rules.blame.find import find_blame
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

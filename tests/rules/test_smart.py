"""SMART scoring: per-letter agreement with the labelled sets, reasons, rewrites, review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.domain import ActionItem, SmartScore
from assistant.rules.actions.find import find_action_items
from assistant.rules.actions.parse import read_action_items
from assistant.rules.actions.smart import (
    LETTERS,
    review_action_items,
    score_action_item,
    suggest_smart_rewrite,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "actions"
EXACT_MIN = 0.75
WITHIN_ONE_MIN = 0.95


def _cases(name: str) -> list[tuple[dt.date | None, str, dict[str, Any]]]:
    """(incident date, document text, labels) for every item of a labelled file."""
    groups = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    cases = []
    for group in groups:
        for item in group["items"]:
            text = "\n".join(filter(None, [group.get("heading"), item["text"].rstrip("\n")]))
            cases.append((group["incident_date"], text, item))
    return cases


def _agreement(name: str) -> tuple[int, list[float], list[float]]:
    """Items scored, and per-letter exact and within-1 agreement with the labels."""
    exact = [0] * len(LETTERS)
    within = [0] * len(LETTERS)
    cases = _cases(name)
    for incident_date, text, labels in cases:
        (parsed,) = read_action_items(text, incident_date)
        score = score_action_item(parsed.item, raw_text=parsed.raw, incident_date=incident_date)
        for index, letter in enumerate(LETTERS):
            got = getattr(score, letter)
            exact[index] += got == labels["smart"][index]
            within[index] += got is not None and abs(got - labels["smart"][index]) <= 1
    count = len(cases)
    return count, [e / count for e in exact], [w / count for w in within]


def test_labelled_sets_hold_enough_items() -> None:
    total = len(_cases("dev")) + len(_cases("heldout"))
    assert total >= 120


@pytest.mark.parametrize("name", ["dev", "heldout"], ids=["dev", "heldout"])
def test_smart_agreement_with_labels_meets_thresholds(name: str) -> None:
    count, exact, within = _agreement(name)
    summary = " ".join(
        f"{letter}={e:.2f}/{w:.2f}" for letter, e, w in zip(LETTERS, exact, within, strict=True)
    )
    print(f"\nSMART agreement {name} (n={count}, exact/within-1): {summary}")
    assert min(exact) >= EXACT_MIN, summary
    assert min(within) >= WITHIN_ONE_MIN, summary


@pytest.mark.parametrize(
    ("text", "letter", "expected"),
    [
        ("- Jenna to stop making mistakes", "specific", 0),
        ("- Improve monitoring", "specific", 1),
        ("- Add alert on orders-db replication lag > 30s", "specific", 2),
        ("- Review the alerting setup", "measurable", 1),
        ("- Reduce p99 latency of search-api below 250ms", "measurable", 2),
        ("- Add a runbook for redis failover (owner: TBD)", "assignable", 1),
        ("- Add a runbook for redis failover (@sre)", "assignable", 2),
        ("- Add a runbook for redis failover", "assignable", 0),
        ("- Ensure 100% uptime for checkout", "realistic", 0),
        ("- Rewrite the billing service in Go by Friday (@billing)", "realistic", 1),
        ("- Add a runbook for redis failover due 2024-03-01", "time_bound", 2),
        ("- Add a runbook for redis failover ASAP", "time_bound", 1),
        ("- Add a runbook for redis failover", "time_bound", 0),
    ],
    ids=[
        "people-directed-not-specific",
        "vague-area-partly-specific",
        "named-system-specific",
        "review-not-measurable",
        "threshold-measurable",
        "tbd-owner-partial",
        "mention-owner-met",
        "no-owner-missing",
        "absolute-uptime-unrealistic",
        "rewrite-by-friday-partly-realistic",
        "iso-date-time-bound",
        "asap-partly-time-bound",
        "no-date-not-time-bound",
    ],
)
def test_score_letter_follows_rubric(text: str, letter: str, expected: int) -> None:
    (parsed,) = read_action_items(text, dt.date(2024, 2, 27))
    score = score_action_item(parsed.item, raw_text=parsed.raw, incident_date=dt.date(2024, 2, 27))
    assert getattr(score, letter) == expected, score.reasons[letter]


def test_score_gives_a_reason_per_letter() -> None:
    (parsed,) = read_action_items("- Improve monitoring (TBD)", None)
    score = score_action_item(parsed.item, raw_text=parsed.raw, incident_date=None)
    assert set(score.reasons) == set(LETTERS)
    assert all(reason.strip() for reason in score.reasons.values())
    assert "TBD" in score.reasons["assignable"]


def test_score_of_empty_item_is_unassessed_not_zero() -> None:
    score = score_action_item(ActionItem(what=" "), raw_text="", incident_date=None)
    assert score.total is None
    assert score.specific is None


def test_rewrite_leaves_placeholders_instead_of_inventing_owner_and_date() -> None:
    item = ActionItem(what="Improve monitoring")
    score = score_action_item(item, raw_text="Improve monitoring", incident_date=None)
    rewrite = suggest_smart_rewrite(item, score)
    assert rewrite is not None
    assert "Improve monitoring" in rewrite
    assert "<owner>" in rewrite and "<due date>" in rewrite


def test_rewrite_keeps_known_owner_and_due() -> None:
    item = ActionItem(what="Review alert thresholds", owner="kenji", due=dt.date(2024, 5, 28))
    score = score_action_item(item, raw_text=item.what, incident_date=dt.date(2024, 5, 14))
    rewrite = suggest_smart_rewrite(item, score)
    assert rewrite is not None
    assert "owner: kenji" in rewrite and "due: 2024-05-28" in rewrite


def test_rewrite_of_blameful_item_drops_the_person() -> None:
    item = ActionItem(what="John to stop making mistakes", owner="John")
    score = score_action_item(item, raw_text=item.what, incident_date=None)
    rewrite = suggest_smart_rewrite(item, score)
    assert rewrite is not None
    assert "John" not in rewrite
    assert "<safeguard" in rewrite


def test_no_rewrite_for_full_marks() -> None:
    full = SmartScore(specific=2, measurable=2, assignable=2, realistic=2, time_bound=2)
    assert suggest_smart_rewrite(ActionItem(what="Add alert"), full) is None


def test_review_flags_unresolved_relative_date_and_missing_owner() -> None:
    reviews = review_action_items("- Add alert on queue depth > 10k in 2 weeks", None)
    (review,) = reviews
    assert review.item.due is None
    assert review.item.horizon == "short_term"
    assert "no owner" in review.issues
    assert any("in 2 weeks" in issue and "not resolved" in issue for issue in review.issues)
    assert review.item.smart == review.smart


def test_review_notes_the_sprint_assumption() -> None:
    text = "- Add alert on queue depth (@sre) next sprint"
    (review,) = review_action_items(text, dt.date(2024, 2, 27))
    assert review.item.due == dt.date(2024, 3, 12)
    assert any("14 days" in issue for issue in review.issues)


def test_review_flags_blameful_items() -> None:
    reviews = review_action_items(
        "- Alice should have checked the config, add a schema check to the loader\n"
        "- John to stop making mistakes\n",
        None,
    )
    assert [f.category for f in reviews[0].blame] == ["counterfactual"]
    assert any("change a system or process" in issue for issue in reviews[1].issues)


def _real_agreement() -> tuple[int, list[float], list[float]]:
    """Agreement on real-shaped items, each read from a fragment by the whole-document finder."""
    groups = yaml.safe_load((DATA / "real_tuning.yaml").read_text(encoding="utf-8"))
    exact = [0] * len(LETTERS)
    within = [0] * len(LETTERS)
    count = 0
    for group in groups:
        for labels in group["items"]:
            text = f"{group['heading']}\n\n{labels['text']}\n"
            (parsed,) = find_action_items(text, group["incident_date"])
            score = score_action_item(
                parsed.item, raw_text=parsed.raw, incident_date=group["incident_date"]
            )
            count += 1
            for index, letter in enumerate(LETTERS):
                got = getattr(score, letter)
                exact[index] += got == labels["smart"][index]
                within[index] += got is not None and abs(got - labels["smart"][index]) <= 1
    return count, [e / count for e in exact], [w / count for w in within]


def test_smart_agreement_on_real_shaped_items() -> None:
    count, exact, within = _real_agreement()
    print(f"\nreal-shaped items n={count}: exact {exact} within-1 {within}")
    assert count >= 60
    assert min(exact) >= EXACT_MIN
    assert min(within) >= WITHIN_ONE_MIN


@pytest.mark.parametrize(
    ("concrete", "vaguer"),
    [
        ("- OPS-12: Page the on-call when export lag exceeds 10 minutes (@ravi, due 2024-05-10)",
         "- Improve alerting around exports"),
        ("- Add a disk usage alert at 80% on build agents (owner: @kim, due: 2024-05-20)",
         "- We will look into disk usage on build agents"),
        ("- Automate the release of the scheduler chart", "- Scheduler release issue"),
        ("- Fix the crash in log-shipper that stops it from starting",
         "- Investigate and fix the log-shipper crash"),
    ],
    ids=["threshold-owner-date", "alert-vs-look-into", "verb-vs-topic", "fix-vs-investigate"],
)
def test_the_more_concrete_item_scores_higher(concrete: str, vaguer: str) -> None:
    def total(text: str) -> int:
        (parsed,) = find_action_items(f"## Follow-ups\n\n{text}\n", dt.date(2024, 5, 2))
        score = score_action_item(parsed.item, raw_text=parsed.raw, incident_date=None)
        assert score.total is not None
        return score.total

    assert total(concrete) > total(vaguer)


def test_outcome_statement_and_passive_report_read_their_verb() -> None:
    text = (
        "## Action items\n\n| Action | Status |\n|---|---|\n"
        "| The ledger checks page checksums on every read by default | DONE |\n\n"
        "## Changes\n\n- A public status page will be set up.\n"
    )
    scores = [
        score_action_item(p.item, raw_text=p.raw, incident_date=None)
        for p in find_action_items(text, None)
    ]
    assert [(s.specific, s.measurable) for s in scores] == [(2, 2), (2, 2)]


def test_offline_rewrite_never_echoes_blame_written_into_an_item() -> None:
    from assistant.domain import ActionItem
    from assistant.rules.actions.smart import score_action_item, suggest_smart_rewrite
    from assistant.rules.blame.find import find_blame

    item = ActionItem(what="Add a pool-size check to the config pipeline; Dave must be fired")
    score = score_action_item(item, raw_text=item.what, incident_date=None)
    suggestion = suggest_smart_rewrite(item, score)
    assert suggestion is not None and "Dave" not in suggestion
    assert find_blame(suggestion) == []

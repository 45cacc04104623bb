"""Completeness and consistency: sections, duration vs timeline, milestone order, items."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.domain import SECTION_KEYS, ActionItem, Postmortem
from assistant.rules.document.headings import split_sections
from assistant.rules.review.completeness import (
    check_completeness,
    parse_duration_minutes,
    timeline_minutes,
)

DRAFT = """# INC-2041: Checkout errors after a pool change

**Date:** 2024-02-27 · **Duration:** 23:40-01:10 UTC · **Severity:** P1

## Summary
Checkout returned 500s after a connection pool change.

## Timeline
| Time (UTC) | Who | What |
|---|---|---|
| 23:40 | deploy bot | Pool size change deployed |
| 23:52 | PagerDuty | Alert fired: checkout 5xx > 5% |
| 00:05 | on-call | Acknowledged, investigating |
| 00:40 | on-call | Rolled back the pool change |
| 01:10 | on-call | Resolved, error rate at baseline |

## Root cause analysis
Why 1: Why did checkout fail? The pool was exhausted.

## Impact

## Action items
- [ ] Add alert on pool usage > 80% (@sre, due 2024-03-05)
- Improve monitoring
"""


def test_sections_present_missing_and_empty_heading() -> None:
    result = check_completeness(split_sections(DRAFT))
    assert result.present == ("summary", "timeline", "root_cause", "action_items")
    assert "impact" in result.missing and "went_well" in result.missing
    assert set(result.present) | set(result.missing) == set(SECTION_KEYS)
    assert result.ratio == pytest.approx(4 / 11, abs=0.001)
    assert "section 'Impact' has a heading but no content" in result.problems


def test_consistent_duration_across_midnight_is_not_a_problem() -> None:
    problems = check_completeness(split_sections(DRAFT)).problems
    assert not any("duration" in p for p in problems)
    assert not any("comes before" in p for p in problems)


def test_duration_that_disagrees_with_timeline_is_flagged() -> None:
    text = DRAFT.replace("**Duration:** 23:40-01:10 UTC", "**Duration:** 25 minutes")
    problems = check_completeness(split_sections(text)).problems
    assert "the timeline spans 90 min but the stated duration is 25 min" in problems


def test_milestones_out_of_order_are_flagged() -> None:
    text = DRAFT.replace("| 00:40 | on-call | Rolled back", "| 01:20 | on-call | Rolled back")
    problems = check_completeness(split_sections(text)).problems
    assert "resolution comes before mitigation in the timeline" in problems
    assert "timeline row at 01:10 is out of chronological order" in problems


def test_action_items_without_owner_or_due_are_counted() -> None:
    problems = check_completeness(split_sections(DRAFT)).problems
    assert "1 of 2 action item(s) have no owner" in problems
    assert "1 of 2 action item(s) have no due date" in problems


def test_parsed_document_fills_sections_and_items() -> None:
    pm = Postmortem(
        summary="Checkout errors.",
        went_well=["Rollback was fast"],
        action_items=[ActionItem(what="Add alert", owner="TBD", due=dt.date(2024, 3, 1))],
    )
    result = check_completeness([], pm)
    assert result.present == ("summary", "went_well", "action_items")
    assert "1 of 1 action item(s) have no owner" in result.problems


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("Duration: 2h 15m", 135.0),
        ("The outage lasted 45 minutes.", 45.0),
        ("Duration: 23:40-01:10 UTC", 90.0),
        ("Checkout was down for 1.5 hours", 90.0),
        ("Add an alert for 5 min of errors", None),
    ],
    ids=["hours-minutes", "lasted", "clock-range-midnight", "down-for", "not-a-duration"],
)
def test_parse_duration_minutes(text: str, minutes: float | None) -> None:
    assert parse_duration_minutes(text) == minutes


def test_timeline_minutes_roll_over_midnight_and_read_dates() -> None:
    rows = timeline_minutes("23:50 alert\n00:10 ack\n")
    assert [m for m, _ in rows] == [23 * 60 + 50, 24 * 60 + 10]
    dated = timeline_minutes("2024-02-27 23:50 alert\n2024-02-28 00:10 ack\n")
    assert [m for m, _ in dated] == [23 * 60 + 50, 24 * 60 + 10]

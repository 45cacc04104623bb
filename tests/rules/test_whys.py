"""5 Whys: parsing formats, cause classification, stop detection, proposals, factors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.rules.whys.causes import SYSTEMIC_CATEGORIES
from assistant.rules.whys.review import classify_cause, parse_why_chain, review_whys

DATA = Path(__file__).resolve().parents[1] / "data" / "whys"
STOP_MIN = 0.90
CATEGORY_MIN = 0.75
HELDOUT2_STOP_MIN = 0.95
HELDOUT2_CATEGORY_MIN = 0.90
HELDOUT2_STEPS_MIN = 0.95
PEOPLE = re.compile(r"\b(engineer|developer|operator|marco|he|she|someone)\b", re.IGNORECASE)


def _chains(name: str) -> list[dict[str, Any]]:
    """The labelled chains of one file."""
    loaded: list[dict[str, Any]] = yaml.safe_load((DATA / f"{name}.yaml").read_text("utf-8"))
    return loaded


def test_labelled_sets_hold_enough_chains() -> None:
    assert len(_chains("dev")) + len(_chains("heldout")) >= 50


def _agreement(name: str) -> tuple[float, float, float, str]:
    """Stop-flag, final-category and step-count agreement of one labelled file, and a summary."""
    chains = _chains(name)
    stops = categories = steps = 0
    for case in chains:
        review = review_whys("", case["text"], "")
        stops += (review.stops_at_human_error, review.stops_at_proximate_cause) == (
            case["stops_at_human_error"],
            case["stops_at_proximate_cause"],
        )
        categories += review.final_cause_category == case["final_category"]
        steps += len(review.chain) == case["steps"]
    n = len(chains)
    summary = f"stop={stops / n:.2f} category={categories / n:.2f} steps={steps / n:.2f}"
    print(f"\nwhys {name} (n={n}): {summary}")
    return stops / n, categories / n, steps / n, summary


@pytest.mark.parametrize("name", ["dev", "tune", "heldout"], ids=["dev", "tune", "heldout"])
def test_stop_detection_and_category_agree_with_labels(name: str) -> None:
    stop, category, _, summary = _agreement(name)
    assert stop >= STOP_MIN, summary
    assert category >= CATEGORY_MIN, summary


def test_second_heldout_set_keeps_its_measured_level() -> None:
    """heldout2 (design, third-party, tool, capacity causes): the level reached, less a margin."""
    assert len(_chains("heldout2")) >= 40
    stop, category, steps, summary = _agreement("heldout2")
    assert stop >= HELDOUT2_STOP_MIN, summary
    assert category >= HELDOUT2_CATEGORY_MIN, summary
    assert steps >= HELDOUT2_STEPS_MIN, summary


def test_every_category_is_a_final_cause_in_the_second_heldout_set() -> None:
    labelled = {case["final_category"] for case in _chains("heldout2")}
    assert labelled == set(SYSTEMIC_CATEGORIES) | {"human_error", "proximate_technical", "unknown"}


@pytest.mark.parametrize(
    ("text", "answers"),
    [
        (
            "Why 1: Why did checkout fail?\nAnswer: The pool was exhausted.\n"
            "Why 2: Why?\nAnswer: A query held connections.",
            ["The pool was exhausted", "A query held connections"],
        ),
        (
            "1. Why did the site go down? Because health checks failed.\n"
            "2. Why did they fail? The app could not reach Redis.",
            ["Health checks failed", "The app could not reach Redis"],
        ),
        ("Q: Why were users logged out?\nA: Tokens expired early.", ["Tokens expired early"]),
        (
            "| # | Why | Because |\n|---|---|---|\n| 1 | Why did the API fail? | DB overloaded |\n"
            "| 2 | Why overloaded? | Retry storm |",
            ["DB overloaded", "Retry storm"],
        ),
        (
            "Checkout errors -> pool exhausted -> no query review",
            ["Pool exhausted", "No query review"],
        ),
        (
            "No alert on lag -> replica fell behind -> customers saw stale data",
            ["Replica fell behind", "No alert on lag"],
        ),
        ("Root cause: an expired certificate.", ["An expired certificate"]),
        (
            "The API went down because the cache expired because the TTL was wrong.",
            ["The cache expired", "The TTL was wrong"],
        ),
        (
            "- The API returned 503s\n- Pods were OOM-killed",
            ["The API returned 503s", "Pods were OOM-killed"],
        ),
    ],
    ids=[
        "why-answer-blocks", "numbered-inline", "q-a", "table", "arrows",
        "arrows-cause-first", "root-cause-line", "because-prose", "bullets",
    ],
)
def test_parse_why_chain_reads_common_formats(text: str, answers: list[str]) -> None:
    assert [step.answer for step in parse_why_chain(text)] == answers


def test_parse_why_chain_keeps_written_questions() -> None:
    (step,) = parse_why_chain("Q: Why were users logged out?\nA: Tokens expired early.")
    assert step.question == "Why were users logged out?"
    assert step.hypothesis is False


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Human error.", "human_error"),
        ("The engineer forgot to enable the flag", "human_error"),
        ("The on-call engineer did not follow the runbook", "human_error"),
        ("A bug in the auth service", "proximate_technical"),
        ("The disk filled up", "proximate_technical"),
        ("There was no alert on queue depth", "monitoring"),
        ("The engineer skipped the step because the runbook does not mention it", "knowledge"),
        ("Deploys go to all hosts at once with no canary stage", "deployment"),
        ("Firewall changes do not require a second reviewer", "process"),
        ("The cleanup script has no dry-run mode or confirmation prompt", "tooling"),
        ("Our build does not pin dependency versions", "dependency"),
        ("No capacity planning was done for the sale", "capacity"),
        ("Change windows are not shared between teams", "communication"),
        ("Acme Pay had a regional outage", "dependency"),
        ("The identity provider was unavailable for 40 minutes", "dependency"),
        ("Our database had an outage", "proximate_technical"),
        ("The client resolves the host name only when it starts", "architecture"),
        ("All writes go through a single primary instance", "architecture"),
        ("The worker retries every 5 seconds with no jitter", "architecture"),
        ("The bug only occurs when the cache is cold", "proximate_technical"),
        ("The job failed only after the upgrade", "proximate_technical"),
        ("The build system predates SSO support and was never migrated", "tooling"),
        ("Our migration framework does not support online schema changes", "tooling"),
        ("Only two workers serve the queue, too few for the holiday volume", "capacity"),
        ("The service has no owning team", "process"),
        ("Only one engineer knows how to rebuild the index", "knowledge"),
        ("The support agent selected the wrong account", "human_error"),
        ("Alert thresholds have not been reviewed since the migration", "monitoring"),
    ],
    ids=[
        "bare-human-error", "forgot", "did-not-follow", "bug", "disk-full", "no-alert",
        "person-then-systemic", "no-canary", "no-review", "no-dry-run", "no-pinning",
        "no-capacity-planning", "not-shared", "named-party-outage", "provider-unavailable",
        "own-outage-is-trigger", "only-when-starts", "single-primary", "fixed-retry",
        "conditional-bug-is-trigger", "past-failure-is-trigger", "tool-predates",
        "tool-does-not-support", "too-few-for-load", "no-owner", "one-person-knows",
        "role-wrong-act", "temporal-since-is-not-a-cause",
    ],
)
def test_classify_cause(text: str, category: str) -> None:
    assert classify_cause(text) == category


def test_human_error_stop_proposes_hypotheses_that_reuse_nouns_and_name_no_one() -> None:
    review = review_whys(
        "",
        "1. Why did the migration lock the users table? It added a column with a default.\n"
        "2. Why was it run like that? Marco made a mistake with the migration helper.",
        "",
    )
    assert review.stops_at_human_error
    assert not review.stops_at_proximate_cause
    assert 2 <= len(review.proposed_whys) <= 3
    assert all(step.hypothesis for step in review.proposed_whys)
    assert any("migration" in step.question for step in review.proposed_whys)
    for step in review.proposed_whys:
        assert not PEOPLE.search(f"{step.question} {step.answer}")
    assert "human error" in review.explanation.lower()


def test_proximate_stop_asks_why_it_reached_production() -> None:
    review = review_whys("Root cause: a bug in the auth service.", "", "")
    assert review.stops_at_proximate_cause
    assert review.final_cause_category == "proximate_technical"
    assert any("production" in step.question for step in review.proposed_whys)


def test_person_mentioned_but_systemic_end_is_fine_and_said_so() -> None:
    review = review_whys(
        "",
        "Why 1: Why were DNS records deleted?\nAnswer: Priya ran terraform from an old branch.\n"
        "Why 2: Why could that delete records?\nAnswer: Terraform state is not locked and "
        "applies are not reviewed in CI.",
        "",
    )
    assert not review.stops_at_human_error
    assert review.proposed_whys == ()
    assert "mentions a person" in review.explanation


def test_human_error_in_the_middle_with_systemic_end_is_fine_and_said_so() -> None:
    review = review_whys(
        "",
        "- The table was dropped\n- The engineer made a mistake and ran the script on prod\n"
        "- The script has no confirmation prompt and defaults to production",
        "",
    )
    assert review.final_cause_category == "tooling"
    assert not review.stops_at_human_error
    assert "Step 2 reads as human error" in review.explanation


def test_empty_analysis_is_unknown_without_flags() -> None:
    review = review_whys("", "", "")
    assert review.chain == ()
    assert review.final_cause_category == "unknown"
    assert not (review.stops_at_human_error or review.stops_at_proximate_cause)
    assert "No root-cause analysis" in review.explanation


@pytest.mark.parametrize(
    ("factors", "suggested"),
    [
        ("- No alert on pool usage", True),
        ("- No alert on pool usage\n- Dashboards lacked a pool panel", True),
        ("- No alert on pool usage\n- The runbook did not cover pool resets", False),
        ("", True),
    ],
    ids=["one-factor", "all-monitoring", "two-categories", "none"],
)
def test_factor_suggestion_when_thin_or_single_category(factors: str, suggested: bool) -> None:
    suggestion = review_whys("", "Root cause: no alert on pool usage.", factors).factor_suggestion
    assert (suggestion is not None) == suggested
    if suggestion is not None:
        assert "Swiss cheese" in suggestion and "process" in suggestion

"""Token budget packing: priorities, whole lines, time order, and an account of the rest."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.domain import Evidence
from assistant.rules.timeline.build import build_timeline
from assistant.rules.timeline.packing import format_evidence_line, pack_for_budget

T0 = dt.datetime(2024, 2, 15, 14, 0, tzinfo=dt.UTC)


def words(text: str) -> int:
    return len(text.split())


def at(minutes: float) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def incident() -> list[Evidence]:
    """Chat, notes and a log with chatter, a deploy, an error burst and a rollback."""
    items = [
        Evidence(source="notes.md", line=1, time=None, text="Checkout incident notes"),
        Evidence(source="notes.md", line=2, time=at(1), text="14:01 deploy of v2.14.0 started"),
    ]
    for line, second in enumerate(range(0, 40 * 60, 5), start=1):
        minute = second / 60
        if second == 120:
            text = "INFO deploy-agent - Deployment checkout-api v2.14.0 started"
        elif second == 900:
            text = "INFO deploy-agent - Rolling back deployment checkout-api to v2.13.4"
        elif 300 <= second <= 1200 and second % 20 == 0:
            text = f"ERROR PaymentClient - charge {second * 7919} failed after {second}ms"
        else:
            text = f"INFO AccessLog - GET /api/v2/cart/{second * 31} 200 {second % 90}ms"
        items.append(
            Evidence(source="app.log", line=line, time=at(minute), speaker="web-1", text=text)
        )
    chat = [
        (9.5, "PagerDuty", "Triggered: checkout 5xx above 5%"),
        (11, "maria", "ack, looking into it"),
        (14, "jon", "should we roll back?"),
        (15, "maria", "rolling back to v2.13.4"),
        (18, "sam", "posted a status page update"),
        (26, "jon", "error rate back to normal"),
    ]
    items += [
        Evidence(source="incident.json", line=i + 1, time=at(m), speaker=who, text=text)
        for i, (m, who, text) in enumerate(chat)
    ]
    items.sort(key=lambda e: e.time or T0)
    return items


def test_pack_keeps_people_and_milestone_candidates_first() -> None:
    evidence = incident()
    timeline = build_timeline(evidence)
    people = [e for e in evidence if e.source != "app.log"]
    candidates = [e for e in evidence if "deploy-agent" in e.text]
    must = people + candidates
    budget = sum(words(format_evidence_line(e)) for e in must)
    packed = pack_for_budget(evidence, timeline, budget=budget, count_tokens=words)
    assert set(map(id, packed.lines)) == set(map(id, must))
    assert packed.tokens_used == budget
    assert packed.left_out == len(evidence) - len(must)


def test_pack_takes_collapsed_templates_before_chatter() -> None:
    evidence = incident()
    timeline = build_timeline(evidence)
    first_tier = [e for e in evidence if e.source != "app.log" or "deploy-agent" in e.text]
    errors = [e for e in evidence if e.text.startswith("ERROR PaymentClient")]
    kept = [errors[0], errors[-1]]  # the collapsed row's first and last lines
    cost = sum(words(format_evidence_line(e)) for e in first_tier + kept)
    packed = pack_for_budget(evidence, timeline, budget=cost, count_tokens=words)
    extra = [e for e in packed.lines if e not in first_tier]
    assert extra == kept


def test_pack_returns_whole_lines_in_time_order_within_budget() -> None:
    evidence = incident()
    timeline = build_timeline(evidence)
    packed = pack_for_budget(evidence, timeline, budget=500, count_tokens=words)
    assert packed.tokens_used <= 500
    assert packed.tokens_used == sum(words(format_evidence_line(e)) for e in packed.lines)
    assert all(any(e is original for original in evidence) for e in packed.lines)
    positions = [next(i for i, o in enumerate(evidence) if o is e) for e in packed.lines]
    assert positions == sorted(positions)


def test_pack_summarises_what_was_left_out() -> None:
    evidence = incident()
    timeline = build_timeline(evidence)
    packed = pack_for_budget(evidence, timeline, budget=200, count_tokens=words)
    assert packed.left_out == len(evidence) - len(packed.lines)
    assert packed.left_out_summary.startswith(f"{packed.left_out:,} lines left out: ")
    assert "from app.log (2024-02-15 14:" in packed.left_out_summary


def test_pack_skips_a_line_too_long_but_fills_with_later_ones() -> None:
    long_line = Evidence(source="n.md", line=1, time=at(0), text="word " * 50)
    short = Evidence(source="n.md", line=2, time=at(1), text="rolling back now")
    timeline = build_timeline([long_line, short])
    packed = pack_for_budget([long_line, short], timeline, budget=10, count_tokens=words)
    assert packed.lines == [short]
    assert packed.left_out == 1


def test_pack_with_everything_fitting_leaves_nothing_out() -> None:
    evidence = incident()[:20]
    timeline = build_timeline(evidence)
    packed = pack_for_budget(evidence, timeline, budget=10_000, count_tokens=words)
    assert packed.lines == evidence
    assert (packed.left_out, packed.left_out_summary) == (0, "nothing left out")


def test_pack_rejects_negative_budget() -> None:
    with pytest.raises(ValueError, match="budget"):
        pack_for_budget([], build_timeline([]), budget=-1, count_tokens=words)


def test_format_evidence_line_names_source_line_time_and_speaker() -> None:
    item = Evidence(source="incident.json", line=4, time=at(15), speaker="maria", text="ack")
    assert format_evidence_line(item) == "[incident.json:4] 2024-02-15T14:15:00Z maria: ack"

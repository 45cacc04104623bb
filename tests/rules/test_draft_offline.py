"""The offline draft: impact figures, action candidates, severity, summary, whys and factors."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.domain import SECTION_KEYS, Evidence, EvidenceRef, TimelineEvent
from assistant.rules.blame.find import find_blame
from assistant.rules.draft.document import (
    TO_ANSWER,
    candidate_text,
    draft_document,
    find_action_candidates,
    whys_skeleton,
)
from assistant.rules.draft.impact import figures_in_text, find_impact_figures, impact_from_figures
from assistant.rules.draft.summary import guess_severity, guess_title, summary_paragraph
from assistant.rules.timeline.build import build_timeline


def _utc(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2024, 5, 8, hour, minute, tzinfo=dt.UTC)


def _notes(*lines: tuple[str | None, str]) -> list[Evidence]:
    """Evidence of a notes file: (HH:MM or None, text) per line."""
    found = []
    for number, (clock, text) in enumerate(lines, 1):
        when = None
        if clock is not None:
            hour, minute = map(int, clock.split(":"))
            when = _utc(hour, minute)
        found.append(Evidence(source="notes.md", line=number, time=when, text=text))
    return found


INCIDENT = _notes(
    ("09:02", "deploy of payments-api v4.2.0 started by the release pipeline"),
    ("09:06", "PagerDuty alert: payments-api 5xx rate above 8% for 5 minutes"),
    ("09:08", "on-call acknowledged, looking into it"),
    ("09:15", "posted status page update: card payments failing for some customers"),
    ("09:20", "about 3,400 requests failed and ~900 customers could not pay, roughly $12k"),
    ("09:22", "rolled back payments-api to v4.1.9"),
    ("09:35", "error rate back to normal, incident resolved"),
    (None, "TODO: add a canary stage for payments-api deploys "
           "(owner: Payments team, by 2024-05-31)"),
    (None, "we should alert on p99 latency above 800ms for payments-api"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PagerDuty alert: checkout-api 5xx rate above 5% for 5 minutes",
         [("error_rate", "5xx rate above 5%"), ("duration", "for 5 minutes")]),
        ("~1,200 customers could not pay; about $18k in failed orders",
         [("customers", "1,200 customers"), ("revenue", "$18k")]),
        ("3,400 requests failed between 09:10 and 09:20", [("requests", "3,400 requests")]),
        ("p99 latency above 2s on /pay", [("latency", "p99 latency above 2s")]),
        ("lost 340 orders during the failover", [("data_loss", "lost 340 orders")]),
        ("status page: degraded checkout for some customers", [("customers", "some customers")]),
        ("db pool exhausted: timeout after 3000ms", []),
        ("v2.31.0 went out at 2:05", []),
    ],
    ids=["rate-and-window", "customers-revenue", "requests", "latency", "data-loss",
         "qualitative-customers", "log-symptom-is-not-impact", "version-and-time-are-not"],
)
def test_figures_in_text_finds_stated_harm_only(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(kind, value) for kind, value, _ in figures_in_text(text)] == expected


def test_impact_figures_cite_their_lines_and_merge_repeats() -> None:
    events = [
        TimelineEvent(time=_utc(9, 6), what="PagerDuty alert: api 5xx rate above 8%", kind="alert",
                      evidence=(EvidenceRef(source="notes.md", line=2),)),
        TimelineEvent(time=_utc(9, 6), what="triggered: api 5xx rate above 8%", kind="alert",
                      evidence=(EvidenceRef(source="alerts.csv", line=2),)),
        TimelineEvent(time=_utc(9, 7), what="ERROR 40% of requests failed", kind="other",
                      evidence=(EvidenceRef(source="app.log", line=9),)),
    ]
    kinds = {"notes.md": "notes", "alerts.csv": "alerts", "app.log": "log"}
    figures = find_impact_figures(events, kinds)  # type: ignore[arg-type]
    assert len(figures) == 1  # the log line is not read; the alert repeats the note
    assert figures[0].refs == (EvidenceRef(source="notes.md", line=2),
                               EvidenceRef(source="alerts.csv", line=2))
    timeline = build_timeline(INCIDENT)
    impact = impact_from_figures(
        find_impact_figures(timeline.events, timeline.source_kinds),
        timeline.milestones, timeline.metrics,
    )
    assert impact.revenue == "roughly $12k (notes.md:5)"
    assert impact.customers_affected is not None and "(notes.md:5)" in impact.customers_affected
    assert impact.duration is not None and impact.duration.startswith("33 min, 09:02 to 09:35")
    assert impact.reputation is not None and "status page" in impact.reputation
    assert impact.data_loss is None  # not stated, so not guessed


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("TODO: add a canary stage", "add a canary stage"),
        ("- [ ] action: page the DB team on pool saturation",
         "page the DB team on pool saturation"),
        ("follow-up: review pool sizing", "review pool sizing"),
        ("we should alert on pool saturation.", "Alert on pool saturation"),
        ("follow up with the vendor about the TLS change",
         "follow up with the vendor about the TLS change"),
        ("should we roll back?", None),
        ("we should have caught this in review", None),
        ("rolled back to v2.30.4", None),
    ],
    ids=["todo", "checkbox-action", "follow-up-label", "we-should", "follow-up-prose",
         "question", "hindsight", "event"],
)
def test_candidate_text_reads_proposed_actions_only(line: str, expected: str | None) -> None:
    assert candidate_text(line) == expected


def test_action_candidates_keep_named_owner_and_date_and_are_scored() -> None:
    timeline = build_timeline(INCIDENT)
    found = find_action_candidates(timeline.events, dict(timeline.source_kinds),
                                   dt.date(2024, 5, 8))
    assert [c.ref.line for c in found] == [8, 9]
    canary, latency = found[0].item, found[1].item
    assert canary.owner == "Payments team" and canary.due == dt.date(2024, 5, 31)
    assert canary.smart is not None and canary.smart.time_bound == 2
    assert latency.owner is None and latency.due is None  # not named: left empty, not invented
    assert latency.smart is not None and latency.smart.assignable == 0


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([("09:00", "PagerDuty alert: api 5xx rate above 5%"),
          ("09:05", "confirmed data loss: 340 orders were lost")], "P1"),
        ([("09:00", "alert: checkout hard down, 100% of requests failing")], "P1"),
        ([("09:00", "PagerDuty alert: api 5xx rate above 5%")], "P2"),
        ([("09:00", "Grafana alert: batch-export queue lag above 10 minutes")], "P3"),
        ([("09:00", "lunch order placed")], None),
    ],
    ids=["data-loss", "full-outage", "customer-errors", "internal-only", "no-incident"],
)
def test_guess_severity_from_stated_impact(
    lines: list[tuple[str, str]], expected: str | None
) -> None:
    timeline = build_timeline(_notes(*lines))
    figures = find_impact_figures(timeline.events, timeline.source_kinds)
    assert guess_severity(timeline.events, figures, timeline.metrics).severity == expected


def test_summary_paragraph_is_built_from_milestones_and_never_quotes_blame() -> None:
    evidence = _notes(
        ("09:02", "deploy of payments-api v4.2.0 started"),
        ("09:06", "PagerDuty alert: payments-api 5xx rate above 8%"),
        ("09:08", "Dave carelessly pushed a broken config, looking into it"),
        ("09:22", "rolled back payments-api to v4.1.9"),
        ("09:35", "error rate back to normal, incident resolved"),
    )
    timeline = build_timeline(evidence)
    marks = timeline.milestones
    text = summary_paragraph(marks, timeline.metrics, timeline.events[0], dt.date(2024, 5, 8))
    assert text is not None
    assert text.startswith("On 2024-05-08, impact began at 09:02 UTC after \"deploy of")
    assert "The problem was detected at 09:08 UTC." in text  # the blameful line is not quoted
    assert "Total duration 33 min" in text
    assert find_blame(text) == []


def test_title_names_symptom_and_kind_of_change() -> None:
    timeline = build_timeline(INCIDENT)
    assert guess_title(timeline.milestones, timeline.events[0]) == (
        "payments-api 5xx rate above 8% for 5 minutes after a deploy"
    )


def test_whys_skeleton_seeds_trigger_as_hypothesis_and_leaves_the_rest_to_answer() -> None:
    timeline = build_timeline(INCIDENT)
    steps = whys_skeleton(timeline.milestones, timeline.metrics, timeline.events[0])
    assert len(steps) == 5
    assert steps[0].hypothesis and "(notes.md:1)" in steps[0].answer
    assert all(step.answer == TO_ANSWER for step in steps[1:])
    assert "6 min to detect" in steps[3].question


def test_draft_document_is_complete_plain_and_blameless() -> None:
    timeline = build_timeline(INCIDENT)
    pm = draft_document(timeline, incident_date=dt.date(2024, 5, 8))
    assert set(pm.provenance) == set(SECTION_KEYS)
    assert set(pm.provenance.values()) == {"rules"}
    assert pm.severity == "P2" and pm.title and pm.summary and pm.impact_line
    assert pm.root_cause.primary is None  # not known: left to fill in
    assert pm.went_well == [] and pm.could_be_better == []
    assert pm.preventive_measures.process == ()
    assert {f.category for f in pm.root_cause.contributing_factors} >= {"process", "monitoring"}
    assert [item.what for item in pm.action_items][0].startswith("add a canary stage")
    assert all(e.time is not None for e in pm.timeline)  # untimed TODO lines became items
    assert any("Action-item candidates" in x for x in pm.appendices.evidence_excerpts)
    assert any(n.source == "severity" for n in pm.warnings)
    prose = [pm.summary or "", pm.title or ""]
    prose += [factor.text for factor in pm.root_cause.contributing_factors]
    prose += [f"{step.question} {step.answer}" for step in pm.root_cause.whys]
    assert [text for text in prose if find_blame(text)] == []

"""Reading postmortems back: exact round trips of our own Markdown, and people's documents.

Not carried by the Markdown, on purpose: SMART reasons (only the letters are shown) and the
provenance of each section (a document read back is ``input`` everywhere).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.domain import (
    SECTION_KEYS,
    ActionItem,
    EvidenceRef,
    Postmortem,
    TimelineEvent,
    WhyStep,
)
from assistant.render.postmortem import postmortem_markdown
from assistant.rules.document.fields import parse_severity
from assistant.rules.document.reader import read_postmortem

DATA = Path(__file__).parent.parent / "data" / "postmortems"
UTC = dt.UTC


def load_full() -> Postmortem:
    return Postmortem.model_validate_json((DATA / "full.json").read_text(encoding="utf-8"))


def read_sample(name: str) -> Postmortem:
    return read_postmortem((DATA / name).read_text(encoding="utf-8"), source=name)


def without_smart_reasons(items: list[ActionItem]) -> list[ActionItem]:
    return [
        item.model_copy(update={"smart": item.smart.model_copy(update={"reasons": {}})})
        if item.smart is not None
        else item
        for item in items
    ]


def assert_round_trip(pm: Postmortem) -> Postmortem:
    back = read_postmortem(postmortem_markdown(pm), source="draft.md")
    for name in Postmortem.model_fields:
        if name in ("provenance", "action_items"):
            continue
        assert getattr(back, name) == getattr(pm, name), name
    assert back.action_items == without_smart_reasons(pm.action_items)
    return back


def at(hour: int, minute: int, day: int = 12) -> dt.datetime:
    return dt.datetime(2024, 3, day, hour, minute, tzinfo=UTC)


def event(when: dt.datetime | None, what: str, line: int = 1) -> TimelineEvent:
    return TimelineEvent(
        time=when, what=what, kind="other", evidence=(EvidenceRef(source="notes.txt", line=line),)
    )


# --- round trips ----------------------------------------------------------------------------


def test_full_postmortem_round_trips_field_by_field() -> None:
    pm = load_full()
    back = assert_round_trip(pm)
    assert back.provenance == dict.fromkeys(SECTION_KEYS, "input")
    assert back.milestones.detection is not None
    assert len(back.milestones.detection.conflicts) == 2
    assert back.root_cause.whys[-1].hypothesis is True


def test_empty_postmortem_round_trips_to_empty() -> None:
    back = assert_round_trip(Postmortem())
    assert back.provenance == {}
    assert back.warnings == []


def test_cross_midnight_timeline_round_trips() -> None:
    pm = Postmortem(
        date=dt.date(2024, 3, 12),
        start=at(23, 40),
        end=at(0, 35, day=13),
        timeline=[event(at(23, 40), "Disk full on db-2"), event(at(0, 35, day=13), "Disk freed")],
    )
    assert_round_trip(pm)


def test_unordered_timeline_keeps_each_rows_date() -> None:
    pm = Postmortem(
        date=dt.date(2024, 3, 12),
        timeline=[event(at(20, 0), "Late note added first"), event(at(3, 0), "Early event")],
    )
    assert_round_trip(pm)


HOSTILE = [
    ("pipes", "grep ERROR app.log | wc -l returned 4,211"),
    ("newlines", "Rollback started.\nTraffic drained from us-east-1."),
    ("leading_hash", "# of failed orders: 4,200"),
    ("leading_dash", "- 3 pods restarted"),
    ("ordered_marker", "2. retry also failed"),
    ("html", "literal <br> and <!-- comment --> in a log line"),
    ("backslashes", "path C:\\logs\\app.log \\| escaped"),
    ("bold_label", "**Alert:** pasted from chat"),
    ("kind_words", "Alert: disk usage at 91%"),
    ("colon_heading", "Action Items:"),
    ("fence", "```sql"),
    ("placeholder", "_To fill in._"),
    ("tracker_like", "OPS-12: rotate the leaked key"),
    ("hypothesis_literal", "The cache was cold (hypothesis)"),
]


@pytest.mark.parametrize("text", [t for _, t in HOSTILE], ids=[i for i, _ in HOSTILE])
def test_hostile_user_text_round_trips_in_every_kind_of_field(text: str) -> None:
    pm = Postmortem(
        date=dt.date(2024, 3, 12),
        summary=text,
        timeline=[TimelineEvent(
            time=at(14, 0), who=text, what=text, kind="alert", context=text,
            evidence=(EvidenceRef(source="notes.txt", line=3),),
        )],  # fmt: skip
        went_well=[text],
        could_be_better=[text, "second item"],
        action_items=[ActionItem(what=text, why=text, owner=text, horizon="immediate")],
    )
    pm.root_cause = pm.root_cause.model_copy(
        update={"primary": text, "whys": (WhyStep(question=text, answer=text),)}
    )
    pm.impact = pm.impact.model_copy(update={"revenue": text, "other": (text,)})
    assert_round_trip(pm)


_LINE = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "P", "S", "Zs"), exclude_characters="\r\x0b\x0c"
    ),
    min_size=1,
    max_size=40,
).map(str.strip).filter(bool)
_TEXT = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)


@settings(max_examples=60, deadline=None)
@given(what=_TEXT, summary=_TEXT, item=_TEXT)
def test_any_printable_text_round_trips(what: str, summary: str, item: str) -> None:
    pm = Postmortem(
        date=dt.date(2024, 3, 12),
        summary=summary,
        timeline=[event(at(9, 30), what)],
        went_well=[item],
        action_items=[ActionItem(what=item.replace("\n", " "), owner="SRE", horizon="long_term")],
    )
    assert_round_trip(pm)


# --- people's documents ---------------------------------------------------------------------


def test_google_sre_style_reads_header_lessons_and_table_timeline() -> None:
    pm = read_sample("google_sre.md")
    assert (pm.incident_id, pm.title) == ("2231", "Thumbnail Service")
    assert pm.date == dt.date(2023, 11, 8)
    assert pm.summary is not None and pm.summary.startswith("The thumbnail service was unavailable")
    assert pm.impact_line is not None and "2.3 million" in pm.impact_line
    assert pm.root_cause.primary is not None and pm.root_cause.primary.startswith("Cascading")
    assert pm.root_cause.proximate_causes == (
        "The ranking feature ramped to 50% of users during a planned cache drain.",
    )
    day = dt.datetime(2023, 11, 8, tzinfo=UTC)
    assert [(e.time, e.what) for e in pm.timeline][:2] == [
        (day.replace(hour=18, minute=55), "Kernel upgrade drain starts on cache pool thumb-c"),
        (day.replace(hour=19, minute=2), "Ranking feature ramps to 50%"),
    ]
    assert len(pm.timeline) == 8
    assert pm.timeline[-1].time == dt.datetime(2023, 11, 8, 20, 5, tzinfo=UTC)
    assert pm.timeline[0].evidence == (EvidenceRef(source="google_sre.md", line=57),)
    assert "The ranking feature flag allowed shedding load within minutes." in pm.went_well
    assert "The drain ran on a weekday evening, not during the weekend peak." in pm.went_well
    assert len(pm.could_be_better) == 2
    assert [(a.owner, a.key) for a in pm.action_items] == [
        ("marco", "IMG-4410"), ("lee", "IMG-4411"), ("priya", "IMG-4412"),
    ]
    assert pm.action_items[0].what == "Limit concurrent cache drains to 10% of pool capacity"


def test_google_sre_unknown_header_fields_are_kept_with_a_notice() -> None:
    pm = read_sample("google_sre.md")
    assert "Authors: priya, marco, lee" in pm.appendices.evidence_excerpts
    assert any("'Authors'" in n.message and n.source == "google_sre.md" for n in pm.warnings)


def test_notion_export_reads_plain_fields_bold_headings_and_bullets() -> None:
    pm = read_sample("notion_export.md")
    assert (pm.incident_id, pm.title, pm.date, pm.severity) == (
        "PAY-77", "Payment webhooks delayed", dt.date(2024, 4, 2), "P1",
    )
    assert [e.time.strftime("%H:%M") if e.time else None for e in pm.timeline] == [
        "09:14", "09:20", "09:26", "09:41", "10:05", "11:02",
    ]
    assert (pm.timeline[1].kind, pm.timeline[3].kind) == ("alert", "communication")
    assert pm.timeline[1].what == "webhook_lag_seconds alert fires in #alerts-payments"
    assert pm.impact.other[2] == "No payments were lost"
    assert pm.could_be_better[1] == "Consumer ack latency had no dashboard"
    items = [(a.what, a.owner, a.due, a.status) for a in pm.action_items]
    assert items == [
        ("Add idempotency keys to webhook payloads", "dana", dt.date(2024, 4, 10), "done"),
        ("Alert on consumer ack latency p99 above 30s", "payments-oncall", dt.date(2024, 4, 19),
         "open"),
        ("Load test the consumer against slow merchant endpoints", "marc", dt.date(2024, 5, 31),
         "open"),
    ]  # fmt: skip


def test_atlassian_style_reads_sev_five_whys_and_jira_keys() -> None:
    pm = read_sample("atlassian.md")
    assert (pm.incident_id, pm.severity, pm.date) == ("HOT-10452", "P1", dt.date(2024, 1, 23))
    assert (pm.start, pm.end) == (at(10, 42, day=23).replace(month=1), at(13, 15, day=23).replace(
        month=1))
    assert len(pm.root_cause.whys) == 5
    assert pm.root_cause.whys[0].question == "Why did tenants see stale search results?"
    assert pm.root_cause.whys[4].answer.startswith("The consumer was added without an SLO review")
    assert pm.root_cause.proximate_causes[0].startswith("The migration job paused")
    assert pm.impact.customers_affected == "9% of Jira Cloud tenants (about 14,000 sites)"
    assert [e.time.strftime("%H:%M") for e in pm.timeline if e.time] == [
        "10:42", "11:05", "11:09", "11:40", "12:20", "13:15",
    ]
    assert [(a.key, a.owner, a.due, a.status) for a in pm.action_items] == [
        ("SRCH-2201", "Search SRE", dt.date(2024, 1, 30), "open"),
        ("SRCH-2202", "Search platform team", dt.date(2024, 2, 13), "open"),
        ("SRCH-2203", "Engineering managers", dt.date(2024, 3, 29), "open"),
    ]
    assert any("'Owner'" in n.message for n in pm.warnings)


# --- pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("P0", "P0"), ("P3 (low)", "P3"), ("SEV1", "P0"), ("SEV2 - Major", "P1"), ("Sev 3", "P2"),
        ("SEV-4", "P3"), ("SEV5", "P4"), ("S1", "P0"), ("critical", "P0"), ("High", "P1"),
        ("moderate", "P2"), ("minor", "P3"), ("informational", "P4"), ("2", "P1"),
        ("unknown", None),
    ],
    ids=lambda value: str(value),
)  # fmt: skip
def test_severity_maps_every_scale_to_p_levels(written: str, expected: str | None) -> None:
    assert parse_severity(written) == expected


@pytest.mark.parametrize(
    "header",
    [
        "**Incident ID:** INC-88\n**Date:** 2024-05-02\n**Severity:** SEV1",
        "- **Incident ID**: INC-88\n- **Date**: May 2, 2024\n- **Severity**: critical",
        "Incident ID: INC-88\nDate: 2 May 2024\nSeverity: P0",
        "| Field | Value |\n|---|---|\n| Incident ID | INC-88 |\n| Date | 2024-05-02 |\n"
        "| Severity | Sev 1 |",
    ],
    ids=["bold_lines", "bold_bullets", "plain_lines", "table"],
)
def test_header_fields_in_any_common_shape(header: str) -> None:
    text = f"# DNS resolution failures\n\n{header}\n\n## Summary\n\nResolvers failed."
    pm = read_postmortem(text)
    assert (pm.incident_id, pm.date, pm.severity) == ("INC-88", dt.date(2024, 5, 2), "P0")
    assert pm.title == "DNS resolution failures"
    assert pm.summary == "Resolvers failed."


def test_bullet_timeline_resolves_times_across_midnight_and_cites_lines() -> None:
    text = (
        "# Disk full on db-2\n\nDate: 2024-03-12\n\n## Timeline\n\n"
        "- 23:50 UTC - disk usage alert fired for db-2\n"
        "- **23:58** on-call engineer acknowledged the page\n"
        "- 00:20 – old WAL segments removed, writes recovered\n"
    )
    pm = read_postmortem(text, source="db2.md")
    assert [e.time for e in pm.timeline] == [at(23, 50), at(23, 58), at(0, 20, day=13)]
    assert pm.timeline[1].what == "on-call engineer acknowledged the page"
    assert pm.timeline[2].what == "old WAL segments removed, writes recovered"
    assert [e.evidence for e in pm.timeline] == [
        (EvidenceRef(source="db2.md", line=7),), (EvidenceRef(source="db2.md", line=8),),
        (EvidenceRef(source="db2.md", line=9),),
    ]


def test_timeline_table_in_another_zone_is_read_as_that_zone() -> None:
    text = (
        "# Login outage\n\nDate: 2024-07-01\n\n## Timeline\n\n| Time (PST) | What |\n|---|---|\n"
        "| 09:00 | SSO certificate expired |\n"
    )
    pm = read_postmortem(text)
    assert pm.timeline[0].time == dt.datetime(2024, 7, 1, 17, 0, tzinfo=UTC)


def test_hypothesis_marks_in_a_written_chain_become_flags() -> None:
    text = (
        "## Five whys\n\n1. Why did uploads fail? Because the bucket policy denied writes.\n"
        "2. Why was the policy changed? Because a Terraform module was upgraded (unconfirmed)\n"
    )
    whys = read_postmortem(text).root_cause.whys
    assert [w.hypothesis for w in whys] == [False, True]
    assert whys[1].answer == "A Terraform module was upgraded"


def test_sections_matching_no_template_section_are_kept_with_a_notice() -> None:
    text = (
        "# Cache stampede\n\n## Summary\n\nCache expired at once.\n\n## Glossary\n\n"
        "TTL: time to live of a cache entry.\n"
    )
    pm = read_postmortem(text, source="cache.md")
    assert pm.appendices.evidence_excerpts == ("Glossary\nTTL: time to live of a cache entry.",)
    assert [n.source for n in pm.warnings] == ["cache.md"]
    assert "'Glossary'" in pm.warnings[0].message
    assert pm.provenance == {"summary": "input", "appendices": "input"}

"""Timeline reconstruction, milestones and metrics on a realistic multi-source incident."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator

import pytest

from assistant.domain import Evidence, EvidenceRef, Milestone, Milestones, TimelineEvent
from assistant.rules.timeline.build import (
    Timeline,
    build_timeline,
    compute_metrics,
    pick_milestones,
)
from assistant.rules.timeline.milestones import metric_warnings

UTC = dt.UTC
CET = dt.timezone(dt.timedelta(hours=1))  # the EU log is written in local time, +01:00
EST = dt.timezone(dt.timedelta(hours=-5))  # the US log in -05:00
DAY = dt.date(2024, 2, 15)


def at(hh: int, mm: int, ss: int = 0, tz: dt.tzinfo = UTC) -> dt.datetime:
    return dt.datetime(DAY.year, DAY.month, DAY.day, hh, mm, ss, tzinfo=tz)


CHAT = "slack-inc-4521.json"
NOTES = "notes.md"
EU = "checkout-eu.log"
US = "edge-us.log"

CHAT_LINES: list[tuple[dt.datetime, str, str]] = [
    (at(14, 9, 30), "PagerDuty", "Triggered: [P1] checkout-api 5xx rate above 5% (incident #4521)"),
    (at(14, 11, 5), "maria", "ack, looking into it"),
    (at(14, 12, 40), "maria", "seeing 500s on checkout since ~14:05, payments timing out"),
    (at(14, 14, 0), "jon", "should we roll back?"),
    (at(14, 15, 20), "maria", "yes, rolling back to v2.13.4"),
    (at(14, 18, 0), "sam", "posted a status page update: investigating errors at checkout"),
    (at(14, 24, 0), "maria", "rollback complete, error rate dropping"),
    (at(14, 26, 0), "jon", "error rate back to normal"),
    (at(14, 29, 30), "maria", "still seeing some 502s from us-east"),
    (at(14, 33, 0), "maria", "restarted the envoy sidecars in us-east"),
    (at(14, 40, 0), "jon", "all clear, 5xx back to baseline"),
    (at(14, 41, 0), "PagerDuty", "Resolved: [P1] checkout-api 5xx rate above 5% (incident #4521)"),
    (at(15, 20, 0), "sam", "incident closed, postmortem scheduled for Monday"),
]
NOTE_LINES: list[tuple[dt.datetime | None, str]] = [
    (None, "Checkout incident, 15 Feb - notes kept by the incident commander"),
    (at(14, 1, 30), "14:01 release pipeline started for checkout-api v2.14.0"),
    (None, "(pipeline link in the ticket)"),
    (at(14, 45), "14:45 affected merchants notified by email"),
]


def chat() -> list[Evidence]:
    return [
        Evidence(source=CHAT, line=i + 1, time=when, speaker=who, text=text)
        for i, (when, who, text) in enumerate(CHAT_LINES)
    ]


def notes() -> list[Evidence]:
    return [
        Evidence(source=NOTES, line=i + 1, time=when, text=text)
        for i, (when, text) in enumerate(NOTE_LINES)
    ]


def eu_log() -> Iterator[Evidence]:
    """The EU service log, in +01:00: chatter every 2 s, a deploy, a burst of timeouts, a
    rollback. 14:00-14:35 UTC."""
    rng = random.Random(1)
    events = {
        at(15, 2, 10, CET): "INFO deploy-agent - Deployment checkout-api v2.14.0 started by "
        "pipeline #8812",
        at(15, 15, 40, CET): "INFO deploy-agent - Rolling back deployment checkout-api to v2.13.4",
    }
    start, end = at(15, 0, 0, CET), at(15, 35, 0, CET)
    when, line = start, 0
    while when < end:
        line += 1
        if when in events:
            text = events[when]
        elif at(15, 4, 30, CET) <= when <= at(15, 24, 0, CET) and when.second % 10 == 0:
            text = (
                f"ERROR c.e.payments.PaymentClient - charge {uuid.UUID(int=rng.getrandbits(128))}"
                f" failed: upstream timeout after {rng.randint(5000, 30000)}ms"
            )
        else:
            text = (
                f"INFO c.e.api.AccessLog - GET /api/v2/cart/{rng.randint(1, 10**6)} 200 "
                f"{rng.randint(2, 80)}ms"
            )
        yield Evidence(source=EU, line=line, time=when, speaker="checkout-eu-1", text=text)
        when += dt.timedelta(seconds=2)


def us_log() -> Iterator[Evidence]:
    """The US edge log, in -05:00: 502s from 14:05 to 14:32 UTC among access lines."""
    rng = random.Random(2)
    when, line = at(9, 0, 0, EST), 0
    while when < at(9, 36, 0, EST):
        line += 1
        if at(9, 5, 0, EST) <= when <= at(9, 32, 0, EST) and when.second % 15 == 0:
            text = (
                f"WARN envoy - upstream connect error for POST /api/v2/checkout from "
                f"10.20.{rng.randint(0, 9)}.{rng.randint(1, 254)}: 502"
            )
        else:
            text = f"INFO envoy - GET /static/app.{rng.randint(1000, 9999)}.js 200"
        yield Evidence(source=US, line=line, time=when, speaker="edge-us-3", text=text)
        when += dt.timedelta(seconds=3)


def merged() -> list[Evidence]:
    """All sources merged by time, as the ingest hands them over (stable for equal times)."""
    items = chat() + notes() + list(eu_log()) + list(us_log())
    carried: dict[str, dt.datetime] = {}
    keyed = []
    for index, item in enumerate(items):
        if item.time is not None:
            carried[item.source] = item.time
        keyed.append((item.time or carried.get(item.source, at(0, 0)), index, item))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [item for _, _, item in keyed]


@pytest.fixture(scope="module")
def incident() -> Timeline:
    return build_timeline(merged(), roles={"maria": "payments on-call", "jon": "SRE"})


def ref(source: str, line: int) -> EvidenceRef:
    return EvidenceRef(source=source, line=line)


def test_incident_milestones_are_reconstructed_exactly(incident: Timeline) -> None:
    m = incident.milestones
    assert m.start == at(14, 2, 10)  # the deploy landing, in the EU log at 15:02:10+01:00
    assert m.alert is not None and m.alert.time == at(14, 9, 30)
    assert m.alert.evidence == (ref(CHAT, 1),)
    assert m.detection is not None and m.detection.time == at(14, 11, 5)
    assert m.detection.evidence == (ref(CHAT, 2),)
    assert m.communication is not None and m.communication.time == at(14, 18)
    assert m.mitigation is not None and m.mitigation.time == at(14, 15, 20)
    assert m.mitigation.evidence == (ref(CHAT, 5),)
    # 14:26 "back to normal" is followed by "still seeing 502s" at 14:29:30, so the
    # resolution is the next one, 14:40 "all clear".
    assert m.resolution is not None and m.resolution.time == at(14, 40)
    assert m.resolution.evidence == (ref(CHAT, 11),)


def test_incident_durations_are_computed_exactly(incident: Timeline) -> None:
    metrics = incident.metrics
    assert metrics.minutes_to_detect == 8.9  # 14:02:10 -> 14:11:05
    assert metrics.minutes_to_mitigate == 13.2  # 14:02:10 -> 14:15:20
    assert metrics.minutes_to_resolve == 37.8  # 14:02:10 -> 14:40:00
    assert metrics.total_minutes == 37.8


def test_incident_resolution_conflicts_are_reported(incident: Timeline) -> None:
    resolution = incident.milestones.resolution
    assert resolution is not None
    conflicts = "\n".join(resolution.conflicts)
    assert len(resolution.conflicts) == 3
    assert "14:26:00" in conflicts and "followed by detection at 14:29" in conflicts
    assert "incident closed" in conflicts and "40 min later" in conflicts
    assert "Resolved: [P1]" in conflicts and "1 min later" in conflicts


def test_incident_timeline_keeps_people_and_collapses_noise(incident: Timeline) -> None:
    events = incident.events
    people = [e for e in events if e.evidence[0].source in (CHAT, NOTES)]
    # the notes' first line names the incident: it is their title, not a row
    assert incident.titles[NOTES] == NOTE_LINES[0][1]
    assert len(people) == len(CHAT_LINES) + len(NOTE_LINES) - 1
    collapsed = [e for e in events if e.count > 1]
    assert {e.evidence[0].source for e in collapsed} == {EU, US}
    timeouts = next(e for e in collapsed if "PaymentClient" in e.what)
    assert timeouts.what.startswith(f"{timeouts.count} x ERROR c.e.payments.PaymentClient")
    assert timeouts.time == at(14, 4, 30)
    assert timeouts.end_time == at(14, 24)
    assert len(timeouts.evidence) == 2
    assert incident.lines_dropped > 1000
    assert len(events) < 40
    assert not any("AccessLog" in e.what or "/static/" in e.what for e in events)


def test_incident_timeline_is_in_time_order_with_untimed_notes_in_place(
    incident: Timeline,
) -> None:
    events = incident.events
    untimed = [i for i, e in enumerate(events) if e.time is None]
    assert len(untimed) == 1  # the pipeline link; the notes' first line is their title
    link = events.index(next(e for e in events if e.what.startswith("(pipeline link")))
    assert events[link - 1].what.startswith("14:01 release pipeline")
    timed = [e.time for e in events if e.time is not None]
    assert timed == sorted(timed)


def test_incident_who_is_role_or_system(incident: Timeline) -> None:
    by_ref = {e.evidence[0]: e for e in incident.events}
    assert by_ref[ref(CHAT, 2)].who == "payments on-call"
    assert by_ref[ref(CHAT, 6)].who == "sam"
    assert by_ref[ref(NOTES, 2)].who is None
    deploy = next(e for e in incident.events if e.kind == "trigger" and e.evidence[0].source == EU)
    assert deploy.who == "checkout-eu-1"


def test_incident_kinds_of_people_rows(incident: Timeline) -> None:
    kinds = [e.kind for e in incident.events if e.evidence[0].source == CHAT]
    assert kinds == [
        "alert", "detection", "detection", "other", "mitigation", "communication", "mitigation",
        "resolution", "detection", "mitigation", "resolution", "resolution", "resolution",
    ]


def test_incident_warns_only_about_what_is_missing(incident: Timeline) -> None:
    assert incident.warnings == []


def test_hundred_thousand_line_log_gives_a_readable_timeline() -> None:
    rng = random.Random(3)
    start = at(13, 0)
    chatter = [
        "INFO c.e.api.AccessLog - GET /api/v2/orders/{n} 200 {ms}ms",
        "DEBUG c.e.cache.RedisCache - cache hit key=cart:{n} ttl={ms}s",
        "INFO c.e.orders.OrderService - order {n} placed in {ms}ms",
    ]
    errors = [
        "ERROR c.e.payments.PaymentClient - charge {n} failed: timeout after {ms}ms",
        "ERROR c.e.db.Pool - could not get connection within {ms}ms (pool {n})",
        "WARN c.e.api.Retry - retrying request {n} after {ms}ms",
    ]

    def lines() -> Iterator[Evidence]:
        for i in range(100_000):
            if i == 20_000:
                text = "INFO deploy-agent - Deployment checkout-api v2.14.0 started"
            elif i == 30_000:
                text = "ALERT alertmanager - [FIRING:1] HighErrorRate checkout-api"
            elif i == 60_000:
                text = "INFO deploy-agent - Rolling back deployment checkout-api to v2.13.4"
            elif i == 80_000:
                text = "INFO alertmanager - [RESOLVED] HighErrorRate checkout-api"
            elif 21_000 <= i < 70_000 and rng.random() < 0.2:
                text = rng.choice(errors).format(n=rng.randint(1, 10**6), ms=rng.randint(1, 999))
            else:
                text = rng.choice(chatter).format(n=rng.randint(1, 10**6), ms=rng.randint(1, 999))
            yield Evidence.model_construct(
                source="big.log", line=i + 1, time=start + dt.timedelta(milliseconds=36 * i),
                time_assumed=(), speaker="web-1", text=text,
            )

    timeline = build_timeline(lines())
    assert timeline.lines_read == 100_000
    assert 5 <= len(timeline.events) <= 50
    assert [e.kind for e in timeline.events if e.kind != "other"] == [
        "trigger", "alert", "mitigation", "resolution"
    ]
    noise = [e for e in timeline.events if e.kind == "other"]
    assert len(noise) == 3  # one collapsed row per error or warning template
    assert all(e.count > 1000 and len(e.evidence) == 2 for e in noise)
    assert sum(e.count for e in timeline.events) + timeline.lines_dropped == 100_000
    assert timeline.metrics.minutes_to_mitigate is not None


def row(
    kind: str, when: dt.datetime, line: int, what: str = "x", source: str = CHAT
) -> TimelineEvent:
    return TimelineEvent.model_validate(
        {"time": when, "kind": kind, "what": what, "evidence": [{"source": source, "line": line}]}
    )


def test_pick_milestones_detection_falls_back_to_alert_without_people() -> None:
    events = [row("alert", at(10, 0), 1), row("mitigation", at(10, 5), 2)]
    milestones = pick_milestones(events)
    assert milestones.detection is not None and milestones.alert is not None
    assert milestones.detection.evidence == milestones.alert.evidence
    timeline_warnings = build_timeline(
        [
            Evidence(source="alerts.csv", line=1, time=at(10, 0), text="[FIRING:1] DiskFull"),
        ]
    ).warnings
    assert any("stands in for detection" in n.message for n in timeline_warnings)


def test_pick_milestones_reports_resolution_before_mitigation() -> None:
    events = [
        row("alert", at(10, 0), 1),
        row("resolution", at(10, 2), 2, "resolved"),
        row("mitigation", at(10, 10), 3, "rolling back"),
        row("resolution", at(10, 30), 4, "error rate back to normal"),
    ]
    resolution = pick_milestones(events).resolution
    assert resolution is not None and resolution.time == at(10, 30)
    assert len(resolution.conflicts) == 1
    assert "before mitigation started" in resolution.conflicts[0]


def test_pick_milestones_reports_people_detecting_before_the_alert() -> None:
    events = [row("detection", at(9, 50), 1, "seeing 500s"), row("alert", at(10, 0), 2)]
    alert = pick_milestones(events).alert
    assert alert is not None
    assert "detection 10 min before it" in alert.conflicts[0]


def test_pick_milestones_start_is_trigger_or_earlier_error() -> None:
    error = row("other", at(9, 40), 1, "ERROR db timeout", source="app.log")
    deploy = row("trigger", at(9, 45), 2, "deploy started", source="app.log")
    alert = row("alert", at(10, 0), 3)
    assert pick_milestones([error, deploy, alert]).start == at(9, 40)
    old_error = row("other", at(8, 0), 1, "ERROR db timeout", source="app.log")
    assert pick_milestones([old_error, deploy, alert]).start == at(9, 45)


def test_pick_milestones_ignores_rows_without_time() -> None:
    untimed = TimelineEvent.model_validate(
        {"time": None, "kind": "alert", "what": "x", "evidence": [{"source": "n", "line": 1}]}
    )
    assert pick_milestones([untimed]) == Milestones()


def milestone(name: str, when: dt.datetime) -> Milestone:
    return Milestone.model_validate(
        {"name": name, "time": when, "what": "x", "evidence": [{"source": "s", "line": 1}]}
    )


def test_compute_metrics_leaves_missing_milestones_as_none() -> None:
    metrics = compute_metrics(Milestones(alert=milestone("alert", at(10, 0))))
    assert metrics.minutes_to_detect is None
    assert metrics.total_minutes is None


def test_compute_metrics_negative_interval_is_a_warning_not_a_number() -> None:
    milestones = Milestones(
        start=at(10, 0),
        detection=milestone("detection", at(9, 50)),
        resolution=milestone("resolution", at(11, 0)),
    )
    metrics = compute_metrics(milestones)
    assert metrics.minutes_to_detect is None
    assert metrics.minutes_to_resolve == 60.0
    (notice,) = metric_warnings(milestones)
    assert "minutes to detect" in notice.message and "10.0 min before start" in notice.message


def test_source_kind_is_guessed_from_many_lines_not_the_first() -> None:
    lines = [Evidence(source="pasted-1", line=1, time=at(10, 0), text="ERROR rate spiking on api")]
    lines += [
        Evidence(source="pasted-1", line=i, time=at(10, i), text=f"{10 + i}:00 checked dashboards")
        for i in range(2, 12)
    ]
    timeline = build_timeline(lines)
    assert timeline.source_kinds == {"pasted-1": "notes"}
    assert len(timeline.events) == 11  # people's lines are all kept, none dropped as chatter


def test_long_source_guessed_as_people_is_read_as_log_past_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("assistant.rules.timeline.build._GUESSED_PEOPLE_LIMIT", 40)
    lines = [
        Evidence(
            source="events.json", line=i + 1, time=at(10, 0) + dt.timedelta(seconds=i),
            speaker="worker-3",
            text=f"processed batch {i} in {i * 7}ms",
        )
        for i in range(200)
    ]
    timeline = build_timeline(lines)
    assert timeline.source_kinds["events.json"] == "log"
    assert len(timeline.events) == 40
    assert timeline.lines_dropped == 160
    assert any(
        n.source == "events.json" and "read as a log" in n.message for n in timeline.warnings
    )


# Notes pasted the way responders paste them: each case is (lines, expected rows as
# (HH:MM UTC or None, number of evidence lines)).
def _rows_of(text: str, day: dt.date = dt.date(2025, 1, 9)) -> list[TimelineEvent]:
    from assistant.ingest.notes import NotesReader
    from assistant.ingest.time.parse import TimestampFinder

    finder = TimestampFinder(default_tz=dt.UTC, default_date=day, mode="notes")
    lines = enumerate(text.splitlines(), 1)
    evidence = list(NotesReader("notes.txt", finder).read(lines))
    return build_timeline(evidence, source_kinds={"notes.txt": "notes"}).events


def _shape(rows: list[TimelineEvent]) -> list[tuple[str | None, int]]:
    return [
        (e.time.astimezone(dt.UTC).strftime("%H:%M") if e.time else None, len(e.evidence))
        for e in rows
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "| Timestamp | Owner | Action |\n|:--|:--|:--|\n| 07:02 | db on call | paged |\n"
            "| 07:09 | db on call | promoted the standby |",
            [("07:02", 1), ("07:09", 1)],
        ),
        (
            "| Date | Time (UTC) | Event |\n|---|---|---|\n| 2025-01-09 | 23:58 | queue full |\n"
            "| | | consumers stuck |\n| 2025-01-10 | 00:06 | consumers restarted |",
            [("23:58", 2), ("00:06", 1)],
        ),
        (
            "Timeline (all times IST)\n- 10:30 deploy went out\n  to both regions\n"
            "- checked the dashboards\n- 10:45 rolled back",
            [("05:00", 2), (None, 1), ("05:15", 1)],
        ),
        (
            "### 14:02\n\nthe cache cluster went down\n\nsecond paragraph of the same entry\n"
            "### Root cause\nan untimed paragraph",
            [("14:02", 3), (None, 1)],
        ),
        (
            "14:02 - failover started\n\nlater we wrote the summary below",
            [("14:02", 1), (None, 1)],
        ),
        (
            "14:05\n    deploy started\n14:09\n    errors seen\nAction items:\n"
            "- add a canary stage\nTODO: page the db team earlier",
            [("14:05", 2), ("14:09", 2), (None, 1), (None, 1), (None, 1)],
        ),
    ],
    ids=["table-any-time-column", "date-and-time-columns", "zone-stated-bullets", "time-heading",
         "blank-line-ends-entry", "to-dos-end-the-entry"],
)
def test_pasted_notes_give_one_row_per_timed_entry(
    text: str, expected: list[tuple[str | None, int]]
) -> None:
    assert _shape(_rows_of(text)) == expected


def _row(clock: str, what: str, kind: str) -> TimelineEvent:
    hour, minute = map(int, clock.split(":"))
    return TimelineEvent(
        time=dt.datetime(2025, 1, 9, hour, minute, tzinfo=dt.UTC),
        what=what,
        kind=kind,  # type: ignore[arg-type]  # test rows name their kind as text
        evidence=(EvidenceRef(source="notes.txt", line=hour * 60 + minute),),
    )


def test_start_of_impact_comes_from_its_wording_and_never_from_a_normal_status_row() -> None:
    rows = [
        _row("09:00", "all checks normal, no errors seen", "other"),
        _row("09:20", "config change applied to the gateway", "trigger"),
        _row("09:31", "customers affected: logins failing", "other"),
        _row("09:34", "acknowledged the page", "detection"),
    ]
    marks = pick_milestones(rows)
    assert marks.start == rows[2].time
    assert compute_metrics(marks).minutes_to_detect == 3.0


def test_a_stated_end_of_impact_counts_even_before_a_later_mitigation_row() -> None:
    rows = [
        _row("11:00", "errors observed on the upload api", "detection"),
        _row("11:10", "impact ends, uploads recovered", "resolution"),
        _row("11:40", "restarted the workers to pick up the fix", "mitigation"),
        _row("13:00", "incident closed", "resolution"),
    ]
    marks = pick_milestones(rows)
    assert marks.resolution is not None and marks.resolution.time == rows[1].time
    assert compute_metrics(marks).total_minutes == 10.0

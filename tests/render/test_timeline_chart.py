"""The SVG timeline chart: events on lanes by kind, milestones, shaded response phases."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from assistant.domain import (
    EvidenceRef,
    Milestone,
    Milestones,
    Postmortem,
    TimelineEvent,
)
from assistant.render.chart import response_phases, tick_step_minutes, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
REF = (EvidenceRef(source="notes.md", line=1),)


def _at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2024, 2, 15, hour, minute, tzinfo=dt.UTC)


def _milestone(name: str, time: dt.datetime | None) -> Milestone:
    return Milestone(name=name, time=time, what=name, evidence=REF)  # type: ignore[arg-type]


def _incident() -> Postmortem:
    events = [
        TimelineEvent(time=_at(14, 5), what="deploy <v2.31>", kind="trigger", evidence=REF),
        TimelineEvent(time=_at(14, 12), what="5xx alert", kind="alert", evidence=REF),
        TimelineEvent(time=_at(14, 15), what="on-call acked", kind="detection", evidence=REF),
        TimelineEvent(time=_at(14, 16), end_time=_at(14, 28), count=40,
                      what="pool exhausted", kind="other", evidence=REF),
        TimelineEvent(time=_at(14, 31), what="rolled back", kind="mitigation", evidence=REF),
        TimelineEvent(time=_at(14, 52), what="resolved", kind="resolution", evidence=REF),
        TimelineEvent(time=None, what="someone mentioned a cache", kind="other", evidence=REF),
    ]
    milestones = Milestones(
        start=_at(14, 5), alert=_milestone("alert", _at(14, 12)),
        detection=_milestone("detection", _at(14, 15)),
        mitigation=_milestone("mitigation", _at(14, 31)),
        resolution=_milestone("resolution", _at(14, 52)),
    )
    return Postmortem(timeline=events, milestones=milestones)


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_chart_draws_one_mark_per_timed_event_and_counts_the_untimed() -> None:
    root = _parse(timeline_svg(_incident()))
    events = [g for g in root.iter(f"{SVG}g") if g.get("class") == "event"]
    assert [g.get("data-kind") for g in events] == [
        "trigger", "alert", "detection", "other", "mitigation", "resolution"]
    assert "1 event(s) without a time" in timeline_svg(_incident())


def test_chart_marks_milestones_and_shades_three_phases() -> None:
    root = _parse(timeline_svg(_incident()))
    names = [g.get("data-name") for g in root.iter(f"{SVG}g") if g.get("class") == "milestone"]
    assert names == ["start", "alert", "detection", "mitigation", "resolution"]
    phases = [g.get("class") for g in root.iter(f"{SVG}g") if "phase" in (g.get("class") or "")]
    assert phases == ["phase phase-detect", "phase phase-mitigate", "phase phase-resolve"]


def test_chart_escapes_event_text() -> None:
    svg = timeline_svg(_incident())
    assert "deploy &lt;v2.31&gt;" in svg and "<v2.31>" not in svg
    _parse(svg)  # well-formed XML


def test_collapsed_rows_are_drawn_as_bars_to_their_last_line() -> None:
    root = _parse(timeline_svg(_incident()))
    other = next(g for g in root.iter(f"{SVG}g") if g.get("data-kind") == "other")
    assert other.find(f"{SVG}line") is not None
    assert "(40 lines)" in (other.findtext(f"{SVG}title") or "")


def test_phases_skip_missing_or_reversed_bounds() -> None:
    milestones = Milestones(
        start=_at(14, 5), detection=_milestone("detection", _at(14, 15)),
        mitigation=_milestone("mitigation", _at(14, 10)),
    )
    assert [p.key for p in response_phases(milestones)] == ["detect"]


def test_detect_phase_ends_at_the_alert_when_no_detection_was_recorded() -> None:
    milestones = Milestones(start=_at(14, 5), alert=_milestone("alert", _at(14, 12)))
    (phase,) = response_phases(milestones)
    assert (phase.key, phase.start, phase.end) == ("detect", _at(14, 5), _at(14, 12))


def test_a_timeline_without_times_gives_a_plain_message() -> None:
    pm = Postmortem(timeline=[TimelineEvent(time=None, what="x", kind="other", evidence=REF)])
    assert "No timed events to chart." in timeline_svg(pm)


@pytest.mark.parametrize(
    ("minutes", "step"),
    [(8, 1), (45, 10), (120, 15), (600, 120), (3 * 24 * 60, 720)],
    ids=["8min", "45min", "2h", "10h", "3days"],
)
def test_tick_step_keeps_at_most_eight_ticks(minutes: int, step: int) -> None:
    assert tick_step_minutes(dt.timedelta(minutes=minutes)) == step


def test_axis_shows_dates_when_the_incident_crosses_midnight() -> None:
    events = [
        TimelineEvent(time=dt.datetime(2024, 2, 15, 23, 40, tzinfo=dt.UTC), what="a",
                      kind="alert", evidence=REF),
        TimelineEvent(time=dt.datetime(2024, 2, 16, 1, 10, tzinfo=dt.UTC), what="b",
                      kind="resolution", evidence=REF),
    ]
    assert "02-16 00:00" in timeline_svg(Postmortem(timeline=events))

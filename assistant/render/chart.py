"""A timeline chart of a postmortem as inline SVG: events over time, milestones, phases.

The app shows it next to the timeline table. It is drawn here, from the domain model alone, so it
needs no plotting library and no front-end asset: one ``<svg>`` element with a ``viewBox`` that
scales to any width. Events sit on one lane per kind (trigger, alert, ...), rows that collapse
repeated lines are drawn as bars to their last occurrence, milestones are dashed vertical lines,
and the detect, mitigate and resolve phases are shaded between the milestones that bound them.
Every mark carries a ``<title>`` so hovering shows its time and text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from assistant.domain import EventKind, Milestones, Postmortem, TimelineEvent

KIND_ORDER: tuple[EventKind, ...] = (
    "trigger", "alert", "detection", "communication", "mitigation", "resolution", "other"
)
KIND_COLOURS: dict[str, str] = {
    "trigger": "#7c3aed",
    "alert": "#dc2626",
    "detection": "#ea580c",
    "communication": "#2563eb",
    "mitigation": "#ca8a04",
    "resolution": "#16a34a",
    "other": "#6b7280",
}
PHASES: tuple[tuple[str, str, str], ...] = (
    ("detect", "Detect", "#fee2e2"),
    ("mitigate", "Mitigate", "#fef3c7"),
    ("resolve", "Resolve", "#dcfce7"),
)
"""Phase key, label and fill colour, in order."""

MILESTONE_LABELS: dict[str, str] = {
    "start": "Start",
    "alert": "T+0 Alert",
    "detection": "Detection",
    "communication": "Comms",
    "mitigation": "Mitigation",
    "resolution": "Resolution",
}

_WIDTH = 880
_LEFT = 112
_RIGHT = 24
_TOP = 52
_LANE = 26
_AXIS = 34
_PHASE_LABELS = 16
"""Height of the strip under the lanes where phase names are written."""
_STEPS_MIN = (1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 43200)
"""Candidate tick intervals in minutes; the smallest that gives at most 8 ticks wins."""


@dataclass(frozen=True)
class Phase:
    """A shaded span of the response between two milestones."""

    key: str
    label: str
    start: dt.datetime
    end: dt.datetime


def response_phases(milestones: Milestones) -> list[Phase]:
    """The detect, mitigate and resolve phases that both of their bounds make known.

    Detect runs from the start of impact (or the alert) to detection (or the alert, when nobody
    recorded a detection); mitigate from detection to the start of mitigation; resolve from there
    to the resolution. A phase with a missing or reversed bound is left out, never guessed.
    """
    def time_of(name: str) -> dt.datetime | None:
        milestone = getattr(milestones, name)
        return milestone.time if milestone is not None else None

    start = milestones.start or time_of("alert")
    detected = time_of("detection") or time_of("alert")
    mitigation = time_of("mitigation")
    resolution = time_of("resolution")
    bounds = {
        "detect": (start, detected),
        "mitigate": (detected, mitigation),
        "resolve": (mitigation, resolution),
    }
    phases = []
    for key, label, _colour in PHASES:
        begin, end = bounds[key]
        if begin is not None and end is not None and end > begin:
            phases.append(Phase(key, label, begin, end))
    return phases


def _milestone_times(milestones: Milestones) -> list[tuple[str, dt.datetime]]:
    """(name, time) of every milestone with a time, the start included, in time order."""
    found: list[tuple[str, dt.datetime]] = []
    if milestones.start is not None:
        found.append(("start", milestones.start))
    for name in ("alert", "detection", "communication", "mitigation", "resolution"):
        milestone = getattr(milestones, name)
        if milestone is not None and milestone.time is not None:
            found.append((name, milestone.time))
    return sorted(found, key=lambda pair: pair[1])


def tick_step_minutes(span: dt.timedelta) -> int:
    """The tick interval (minutes) that puts at most 8 ticks on an axis of ``span``."""
    minutes = span.total_seconds() / 60
    return next((step for step in _STEPS_MIN if minutes / step <= 8), _STEPS_MIN[-1])


def _ticks(first: dt.datetime, last: dt.datetime) -> list[dt.datetime]:
    """Round tick times (UTC) from ``first`` to ``last``."""
    step = dt.timedelta(minutes=tick_step_minutes(last - first))
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    offset = (first - epoch) % step
    tick = first - offset if offset else first
    if tick < first:
        tick += step
    ticks = []
    while tick <= last:
        ticks.append(tick)
        tick += step
    return ticks


def _clock(value: dt.datetime, with_date: bool) -> str:
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%m-%d %H:%M") if with_date else utc.strftime("%H:%M")


def _exact(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class _Scale:
    """Maps times to x positions between the left and right margins."""

    def __init__(self, first: dt.datetime, last: dt.datetime) -> None:
        self.first = first
        self.seconds = max((last - first).total_seconds(), 1.0)

    def x(self, value: dt.datetime) -> float:
        share = (value - self.first).total_seconds() / self.seconds
        return round(_LEFT + share * (_WIDTH - _LEFT - _RIGHT), 1)


def _span(times: Sequence[dt.datetime]) -> tuple[dt.datetime, dt.datetime]:
    """First and last time with a margin of 5% (at least one minute) on each side."""
    first, last = min(times), max(times)
    margin = max((last - first) * 0.05, dt.timedelta(minutes=1))
    return first - margin, last + margin


def _lanes(events: Sequence[TimelineEvent]) -> list[str]:
    present = {event.kind for event in events}
    return [kind for kind in KIND_ORDER if kind in present]


def _phase_marks(phases: Sequence[Phase], scale: _Scale, bottom: int) -> list[str]:
    colours = {key: colour for key, _label, colour in PHASES}
    marks = []
    for phase in phases:
        x0, x1 = scale.x(phase.start), scale.x(phase.end)
        minutes = round((phase.end - phase.start).total_seconds() / 60)
        marks.append(
            f'<g class="phase phase-{phase.key}"><title>{phase.label}: {minutes} min</title>'
            f'<rect x="{x0}" y="{_TOP}" width="{round(x1 - x0, 1)}" height="{bottom - _TOP}" '
            f'fill="{colours[phase.key]}"/>'
            f'<text x="{round((x0 + x1) / 2, 1)}" y="{bottom - 6}" text-anchor="middle" '
            f'font-size="11" fill="#374151">{phase.label}</text></g>'
        )
    return marks


def _milestone_marks(
    milestones: Sequence[tuple[str, dt.datetime]], scale: _Scale, bottom: int
) -> list[str]:
    marks = []
    for index, (name, time) in enumerate(milestones):
        x = scale.x(time)
        label_y = 18 if index % 2 == 0 else 36  # alternate rows so close labels do not collide
        label = MILESTONE_LABELS[name]
        marks.append(
            f'<g class="milestone" data-name="{name}"><title>{label}: {_exact(time)}</title>'
            f'<line x1="{x}" y1="{label_y + 4}" x2="{x}" y2="{bottom}" stroke="#111827" '
            f'stroke-width="1" stroke-dasharray="4 3"/>'
            f'<text x="{x}" y="{label_y}" text-anchor="middle" font-size="11" '
            f'font-weight="bold" fill="#111827">{label}</text></g>'
        )
    return marks


def _event_marks(events: Sequence[TimelineEvent], lanes: Sequence[str], scale: _Scale) -> list[str]:
    marks = []
    for event in events:
        if event.time is None:
            continue
        y = _TOP + lanes.index(event.kind) * _LANE + _LANE // 2
        x = scale.x(event.time)
        colour = KIND_COLOURS[event.kind]
        tip = escape(f"{_exact(event.time)} {event.kind}: {event.what}")
        if event.count > 1:
            tip += escape(f" ({event.count} lines)")
        bar = ""
        if event.end_time is not None and event.end_time > event.time:
            bar = (
                f'<line x1="{x}" y1="{y}" x2="{scale.x(event.end_time)}" y2="{y}" '
                f'stroke="{colour}" stroke-width="4" stroke-opacity="0.5"/>'
            )
        marks.append(
            f'<g class="event" data-kind="{event.kind}"><title>{tip}</title>{bar}'
            f'<circle cx="{x}" cy="{y}" r="5" fill="{colour}" stroke="#ffffff" '
            f'stroke-width="1"/></g>'
        )
    return marks


def _lane_labels(lanes: Sequence[str]) -> list[str]:
    labels = []
    for index, kind in enumerate(lanes):
        y = _TOP + index * _LANE + _LANE // 2
        labels.append(
            f'<text x="{_LEFT - 8}" y="{y + 4}" text-anchor="end" font-size="12" '
            f'fill="{KIND_COLOURS[kind]}">{kind}</text>'
            f'<line x1="{_LEFT}" y1="{y}" x2="{_WIDTH - _RIGHT}" y2="{y}" stroke="#e5e7eb"/>'
        )
    return labels


def _axis(first: dt.datetime, last: dt.datetime, scale: _Scale, bottom: int) -> list[str]:
    with_date = first.astimezone(dt.UTC).date() != last.astimezone(dt.UTC).date()
    parts = [
        f'<line x1="{_LEFT}" y1="{bottom}" x2="{_WIDTH - _RIGHT}" y2="{bottom}" stroke="#6b7280"/>'
    ]
    for tick in _ticks(first, last):
        x = scale.x(tick)
        parts.append(
            f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 5}" stroke="#6b7280"/>'
            f'<text x="{x}" y="{bottom + 18}" text-anchor="middle" font-size="11" '
            f'fill="#374151">{_clock(tick, with_date)}</text>'
        )
    parts.append(
        f'<text x="{_WIDTH - _RIGHT}" y="{bottom + 31}" text-anchor="end" font-size="10" '
        f'fill="#6b7280">UTC</text>'
    )
    return parts


def _empty_chart(message: str) -> str:
    return (
        f'<svg class="timeline-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} 60" '
        f'width="100%" role="img" aria-label="{escape(message)}">'
        f'<text x="{_WIDTH // 2}" y="34" text-anchor="middle" font-size="14" fill="#6b7280">'
        f"{escape(message)}</text></svg>"
    )


def timeline_svg(pm: Postmortem) -> str:
    """The postmortem's timeline as one self-contained ``<svg>`` element (no scripts, no links).

    Events without a time cannot be placed; the chart says how many were left out.
    """
    timed = [event for event in pm.timeline if event.time is not None]
    milestones = _milestone_times(pm.milestones)
    times = [event.time for event in timed if event.time is not None]
    times += [event.end_time for event in timed if event.end_time is not None]
    times += [time for _name, time in milestones]
    if not times:
        return _empty_chart("No timed events to chart.")
    first, last = _span(times)
    scale = _Scale(first, last)
    lanes = _lanes(timed) or ["other"]
    bottom = _TOP + len(lanes) * _LANE + _PHASE_LABELS
    untimed = len(pm.timeline) - len(timed)
    height = bottom + _AXIS + (16 if untimed else 0)
    parts = [
        f'<svg class="timeline-chart" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {_WIDTH} {height}" width="100%" role="img" '
        f'aria-label="Timeline chart: {len(timed)} events, {len(milestones)} milestones" '
        f'font-family="sans-serif">',
        f'<rect x="0" y="0" width="{_WIDTH}" height="{height}" fill="#ffffff"/>',
        *_phase_marks(response_phases(pm.milestones), scale, bottom),
        *_lane_labels(lanes),
        *_milestone_marks(milestones, scale, bottom),
        *_event_marks(timed, lanes, scale),
        *_axis(first, last, scale, bottom),
    ]
    if untimed:
        parts.append(
            f'<text x="{_LEFT}" y="{height - 4}" font-size="11" fill="#6b7280">'
            f"{untimed} event(s) without a time are listed in the table only.</text>"
        )
    parts.append("</svg>")
    return "".join(parts)

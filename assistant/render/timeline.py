"""The timeline part of the Markdown document: rows, milestones with T+ offsets, total time."""

from __future__ import annotations

import datetime as dt

from assistant.domain import Milestone, Postmortem, TimelineEvent
from assistant.render.markdown import (
    TO_FILL,
    escape_block,
    escape_cell,
    format_clock,
    format_evidence,
    format_minutes,
    table_lines,
    to_utc,
)

KIND_LABELS: dict[str, str] = {
    "trigger": "Trigger",
    "alert": "Alert",
    "detection": "Detection",
    "communication": "Communication",
    "mitigation": "Mitigation",
    "resolution": "Resolution",
}
"""Bold prefix of a timeline row's What cell; kind ``other`` has none."""

MILESTONE_LABELS: tuple[tuple[str, str], ...] = (
    ("alert", "T+0 Alert"),
    ("detection", "Detection"),
    ("communication", "Communication"),
    ("mitigation", "Mitigation"),
    ("resolution", "Resolution"),
)


def needs_dates(pm: Postmortem) -> bool:
    """True when times must show their date to be read back unambiguously.

    That is when there is no incident date, when any time falls on another UTC day, or when the
    timeline is not in time order (a reader would take a smaller clock time for the next day).
    """
    if pm.date is None:
        return True
    times = [pm.start, pm.end, pm.milestones.start]
    times += [m.time for _, m in milestones_of(pm) if m is not None]
    for event in pm.timeline:
        times += [event.time, event.end_time]
        if event.time and event.end_time and event.end_time < event.time:
            return True
    if any(t is not None and to_utc(t).date() != pm.date for t in times):
        return True
    ordered = [to_utc(e.time) for e in pm.timeline if e.time is not None]
    return ordered != sorted(ordered)


def timeline_row(event: TimelineEvent, with_date: bool) -> list[str]:
    """Cells of one timeline row: time (range and count), who, kind and what, evidence."""
    when = format_clock(event.time, with_date=with_date)
    if event.end_time is not None:
        when += f" to {format_clock(event.end_time, with_date=with_date)}"
    if event.count > 1:
        when += f" (x{event.count})"
    what = escape_cell(event.what)
    if event.kind in KIND_LABELS:
        what = f"**{KIND_LABELS[event.kind]}:** {what}".rstrip()
    refs = ((ref.source, ref.line) for ref in event.evidence)
    return [when, escape_cell(event.who), what, format_evidence(refs), escape_cell(event.context)]


def milestones_of(pm: Postmortem) -> list[tuple[str, Milestone | None]]:
    """The five milestones in template order with their labels."""
    ms = pm.milestones
    found = {
        "alert": ms.alert,
        "detection": ms.detection,
        "communication": ms.communication,
        "mitigation": ms.mitigation,
        "resolution": ms.resolution,
    }
    return [(label, found[name]) for name, label in MILESTONE_LABELS]


def _offset(value: dt.datetime | None, zero: dt.datetime | None) -> str:
    """``T+4 min`` relative to the alert (or the impact start when there is no alert)."""
    if value is None or zero is None:
        return ""
    minutes = (value - zero).total_seconds() / 60
    sign = "+" if minutes >= 0 else "-"
    return f"T{sign}{format_minutes(round(abs(minutes), 1))} min"


def milestone_lines(pm: Postmortem, with_date: bool) -> list[str]:
    """Milestones table (T+ relative to the alert), total duration, conflicts."""
    ms = pm.milestones
    zero = ms.alert.time if ms.alert and ms.alert.time else ms.start
    rows: list[list[str]] = []
    if ms.start is not None:
        rows.append(
            ["Impact start", format_clock(ms.start, with_date=with_date), _offset(ms.start, zero),
             "", ""]
        )
    conflicts: list[str] = []
    for label, milestone in milestones_of(pm):
        if milestone is None:
            rows.append([label, TO_FILL, "", "", ""])
            continue
        refs = ((ref.source, ref.line) for ref in milestone.evidence)
        rows.append([
            label,
            format_clock(milestone.time, with_date=with_date),
            _offset(milestone.time, zero),
            escape_cell(milestone.what),
            format_evidence(refs),
        ])
        name = label.removeprefix("T+0 ")
        conflicts += [
            f"- **{name}:** {escape_block(text, indent='  ')}" for text in milestone.conflicts
        ]
    lines = ["### Milestones", ""]
    lines += table_lines(["Milestone", "Time (UTC)", "T+", "What", "Evidence"], rows)
    lines += ["", f"**Total duration:** {_total(pm.metrics.total_minutes)}", ""]
    if conflicts:
        lines += ["### Milestone conflicts", "", *conflicts, ""]
    return lines


def _total(minutes: float | None) -> str:
    """Total duration in minutes, or the placeholder."""
    return TO_FILL if minutes is None else f"{format_minutes(minutes)} min"

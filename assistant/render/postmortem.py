"""Markdown and JSON of a postmortem, and Markdown or terminal text of a review.

The Markdown follows the template of the design exactly, so a person can edit it and
``assistant.rules.document.reader.read_postmortem`` can read it back into the same model. Two rules
make that possible:

* User text never becomes Markdown structure. Backslashes and ``<`` are always escaped, a leading
  punctuation character of every line is escaped (so ``# x`` or ``- x`` stays text), and inside
  table cells ``|`` is escaped and newlines become ``<br>``. Every escape is a CommonMark
  backslash escape, so the rendered page shows the text unchanged.
* Provenance is an HTML comment right after a section heading (``<!-- source: rules -->``):
  invisible when rendered, skipped by the reader. Warnings are listed last under ``## Warnings``.

Times are shown in UTC. A time shows its date only when the document needs it (no incident date,
a time on another day, or a timeline out of order); otherwise ``HH:MM`` (``HH:MM:SS`` when the
seconds are not zero). Sub-second precision is not shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.domain import (
    ActionItem,
    ContributingFactor,
    Postmortem,
)
from assistant.render.markdown import (
    TO_FILL,
    bullet_lines,
    category_label,
    escape_block,
    escape_cell,
    escape_chars,
    field_line,
    format_clock,
    format_minutes,
    format_smart,
    guard_label,
    notice_line,
    table_lines,
    why_lines,
)
from assistant.render.review import findings_text, review_markdown, review_text
from assistant.render.timeline import milestone_lines, needs_dates, timeline_row

__all__ = [
    "findings_text",
    "needs_dates",
    "postmortem_json",
    "postmortem_markdown",
    "review_markdown",
    "review_text",
]

HORIZON_HEADINGS: tuple[tuple[str | None, str], ...] = (
    ("immediate", "Immediate (0-7 days)"),
    ("short_term", "Short-term (1-4 weeks)"),
    ("long_term", "Long-term (1-3 months)"),
    (None, "Horizon not set"),
)
"""Action-item sub-headings, in order, keyed by ``ActionItem.horizon``."""

PREVENTIVE_HEADINGS: tuple[tuple[str, str], ...] = (
    ("process", "Process"),
    ("monitoring", "Monitoring and alerting"),
    ("automation", "Automation"),
    ("documentation", "Documentation and training"),
    ("organizational", "Organizational"),
)
"""Preventive-measure groups: field of ``PreventiveMeasures`` and its sub-heading."""

STATUS_LABELS: dict[str, str] = {
    "open": "open",
    "in_progress": "in progress",
    "done": "done",
    "wont_do": "won't do",
}
_TRACKER_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{1,9}-\d{1,7}: ")


def _heading(pm: Postmortem, key: str, title: str) -> list[str]:
    """A section heading and its provenance comment, if the section has one."""
    lines = [f"## {title}"]
    origin = pm.provenance.get(key)
    if origin is not None:
        lines.append(f"<!-- source: {origin} -->")
    return [*lines, ""]

# --- the postmortem -------------------------------------------------------------------------


def _header(pm: Postmortem, with_date: bool) -> list[str]:
    """Title line and the header fields."""
    title = " ".join(pm.title.split()) if pm.title else ""
    lines = [f"# Postmortem: {escape_chars(title, chr(92) + '<')}" if title else "# Postmortem"]
    lines.append("")
    lines.append(field_line("Incident ID", pm.incident_id))
    lines.append(f"- **Date:** {pm.date.isoformat() if pm.date else TO_FILL}")
    lines.append(f"- **Duration:** {_duration(pm, with_date)}")
    lines.append(field_line("Impact", pm.impact_line))
    lines.append(f"- **Severity:** {pm.severity or TO_FILL}")
    return [*lines, ""]


def _duration(pm: Postmortem, with_date: bool) -> str:
    """``14:02 to 15:17 UTC (75 min)``, or the placeholder."""
    if pm.start is None and pm.end is None:
        return TO_FILL
    span = (
        f"{format_clock(pm.start, with_date=with_date)} to "
        f"{format_clock(pm.end, with_date=with_date)} UTC"
    )
    if pm.start is not None and pm.end is not None:
        minutes = (pm.end - pm.start).total_seconds() / 60
        span += f" ({format_minutes(round(minutes, 1))} min)"
    return span


def _summary(pm: Postmortem) -> list[str]:
    """The Incident summary section."""
    body = escape_block(pm.summary) if pm.summary else TO_FILL
    return [*_heading(pm, "summary", "Incident summary"), body, ""]


def _timeline(pm: Postmortem, with_date: bool) -> list[str]:
    """The Timeline section: the table of rows, then the milestones."""
    lines = _heading(pm, "timeline", "Timeline")
    if pm.timeline:
        rows = [timeline_row(event, with_date) for event in pm.timeline]
        lines += [*table_lines(["Time (UTC)", "Who", "What", "Evidence", "Context"], rows), ""]
    else:
        lines += [TO_FILL, ""]
    return lines + milestone_lines(pm, with_date)

def _factor_line(factor: ContributingFactor) -> str:
    """A contributing factor, its category as a bold label."""
    text = escape_block(factor.text, indent="  ")
    if factor.category == "unknown":
        return f"- {guard_label(text)}"
    return f"- **{category_label(factor.category)}:** {text}"


def _root_cause(pm: Postmortem) -> list[str]:
    """Primary root cause, category, 5 Whys and contributing factors."""
    rca = pm.root_cause
    lines = _heading(pm, "root_cause", "Root cause analysis")
    primary = escape_block(rca.primary, indent="") if rca.primary else TO_FILL
    lines += [f"**Primary root cause:** {primary}", ""]
    if rca.category != "unknown":
        lines += [f"**Category:** {category_label(rca.category)}", ""]
    lines += ["### 5 Whys", "", *why_lines(rca.whys), ""]
    factors = [_factor_line(f) for f in rca.contributing_factors] or [TO_FILL]
    return lines + ["### Contributing factors", "", *factors, ""]


def _proximate(pm: Postmortem) -> list[str]:
    """The Proximate vs root causes section: the immediate triggers."""
    lines = _heading(pm, "proximate_vs_root", "Proximate vs root causes")
    return [*lines, *bullet_lines(pm.root_cause.proximate_causes), ""]


def _impact(pm: Postmortem) -> list[str]:
    """The Impact analysis section: labelled fields, then other impacts."""
    impact = pm.impact
    lines = _heading(pm, "impact", "Impact analysis")
    lines += [
        field_line("Customers affected", impact.customers_affected),
        field_line("Duration", impact.duration),
        field_line("Revenue", impact.revenue),
        field_line("Reputation", impact.reputation),
        field_line("Data loss", impact.data_loss),
    ]
    lines += [f"- {guard_label(escape_block(item, indent='  '))}" for item in impact.other]
    return [*lines, ""]


def _detection(pm: Postmortem) -> list[str]:
    """The Detection and response section: minutes and response quality."""
    metrics = pm.metrics
    lines = _heading(pm, "detection_response", "Detection and response")
    lines += [
        f"- **Minutes to detect:** {format_minutes(metrics.minutes_to_detect)}",
        f"- **Minutes to start mitigation:** {format_minutes(metrics.minutes_to_mitigate)}",
        f"- **Minutes to recover:** {format_minutes(metrics.minutes_to_resolve)}",
        field_line("Response quality", metrics.response_quality),
    ]
    return [*lines, ""]


def _list_section(pm: Postmortem, key: str, title: str, items: Sequence[str]) -> list[str]:
    """A section that is a plain list of user text."""
    return [*_heading(pm, key, title), *bullet_lines(items), ""]


def _action_row(item: ActionItem, with_smart: bool) -> list[str]:
    """Cells of one action item; a tracker key prefixes What."""
    what = escape_cell(item.what)
    if item.key:
        what = f"{escape_cell(item.key)}: {what}"
    elif _TRACKER_PREFIX.match(what):  # would read back as a key
        what = what.replace(":", "\\:", 1)
    row = [
        item.priority or "",
        what,
        escape_cell(item.why),
        escape_cell(item.owner),
        item.due.isoformat() if item.due else "",
        STATUS_LABELS[item.status],
    ]
    return [*row, format_smart(item.smart)] if with_smart else row


def _action_items(pm: Postmortem) -> list[str]:
    """One table per horizon that has items, in horizon order."""
    lines = _heading(pm, "action_items", "Action items")
    if not pm.action_items:
        return [*lines, TO_FILL, ""]
    header = ["Priority", "What", "Why", "Owner", "Due", "Status"]
    for horizon, title in HORIZON_HEADINGS:
        items = [item for item in pm.action_items if item.horizon == horizon]
        if not items:
            continue
        with_smart = any(item.smart is not None for item in items)
        rows = [_action_row(item, with_smart) for item in items]
        lines += [f"### {title}", ""]
        lines += [*table_lines([*header, "SMART"] if with_smart else header, rows), ""]
    return lines


def _preventive(pm: Postmortem) -> list[str]:
    """The five preventive groups, or the placeholder when all are empty."""
    measures = pm.preventive_measures
    lines = _heading(pm, "preventive_measures", "Preventive measures")
    groups = [(title, getattr(measures, name)) for name, title in PREVENTIVE_HEADINGS]
    if not any(items for _, items in groups):
        return [*lines, TO_FILL, ""]
    for title, items in groups:
        lines += [f"### {title}", "", *bullet_lines(items), ""]
    return lines


def _fence(text: str) -> list[str]:
    """A fenced block longer than any backtick run inside ``text``."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", text.strip("\n"), fence]


def _appendices(pm: Postmortem) -> list[str]:
    """Evidence excerpts as fenced blocks and related incidents."""
    appendices = pm.appendices
    lines = _heading(pm, "appendices", "Appendices")
    if not appendices.evidence_excerpts and not appendices.related_incidents:
        return [*lines, TO_FILL, ""]
    lines += ["### Evidence excerpts", ""]
    if not appendices.evidence_excerpts:
        lines += [TO_FILL, ""]
    for excerpt in appendices.evidence_excerpts:
        lines += [*_fence(excerpt), ""]
    return lines + ["### Related incidents", "", *bullet_lines(appendices.related_incidents), ""]

def postmortem_markdown(pm: Postmortem) -> str:
    """The postmortem as Markdown, in the template's order, ready to edit and read back."""
    with_date = needs_dates(pm)
    lines = _header(pm, with_date)
    lines += _summary(pm)
    lines += _timeline(pm, with_date)
    lines += _root_cause(pm)
    lines += _proximate(pm)
    lines += _impact(pm)
    lines += _detection(pm)
    lines += _list_section(pm, "went_well", "What went well", pm.went_well)
    lines += _list_section(pm, "could_be_better", "What could be better", pm.could_be_better)
    lines += _action_items(pm)
    lines += _preventive(pm)
    lines += _appendices(pm)
    if pm.warnings:
        lines += ["## Warnings", "", *(notice_line(n) for n in pm.warnings), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def postmortem_json(pm: Postmortem) -> str:
    """The postmortem as JSON (indent 2); times are ISO-8601 with their offset."""
    return pm.model_dump_json(indent=2) + "\n"

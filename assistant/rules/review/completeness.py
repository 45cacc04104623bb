"""Completeness and consistency of a postmortem document.

Which template sections are present, missing or empty; whether the timeline's first and last
times agree with the stated duration; whether the milestones come in a possible order; how many
action items lack an owner or a due date. Everything found is a plain sentence in ``problems``.
"""

from __future__ import annotations

import datetime as dt
import re

from assistant.domain import SECTION_KEYS, ActionItem, Completeness, MilestoneName, Postmortem
from assistant.rules.actions.parse import parse_action_items
from assistant.rules.document.headings import Section, section_text

_ALSO_COUNTS: dict[str, tuple[str, ...]] = {
    "root_cause": ("root_cause", "whys", "contributing_factors"),
}
_TIME = re.compile(
    r"(?:(?P<date>20\d\d-\d\d-\d\d)[ T])?(?<![\d:])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?![\d])"
)
_DURATION_LINE = re.compile(
    r"\b(?:duration|lasted|outage\s+of|total\s+(?:duration|time)|(?:down|degraded|unavailable)"
    r"\s+for)\b\s*[:=-]?\s*(.{0,60})",
    re.IGNORECASE,
)
_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|d|days?)\b", re.IGNORECASE
)
_RANGE = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\s*(?:-|–|—|to)\s*([01]?\d|2[0-3]):([0-5]\d)\b")
_MILESTONE_WORDS: tuple[tuple[MilestoneName, re.Pattern[str]], ...] = (
    ("alert", re.compile(r"\b(alert\w*|paged|page\s+fired|alarm)\b", re.I)),
    ("detection", re.compile(r"\b(detect\w*|noticed|acknowledg\w*|ack'?d|investigat\w*)\b", re.I)),
    (
        "communication",
        re.compile(r"\b(status\s*page|announc\w*|customers?\s+notified|comms)\b", re.I),
    ),
    (
        "mitigation",
        re.compile(r"\b(mitigat\w*|roll(ed|ing)?\s*back|rollback|revert\w*|failover)\b", re.I),
    ),
    (
        "resolution",
        re.compile(r"\b(resolv\w*|recovered|fully\s+restored|all\s+clear|closed)\b", re.I),
    ),
)
_ORDER: tuple[tuple[MilestoneName, MilestoneName], ...] = (
    ("alert", "resolution"),
    ("detection", "mitigation"),
    ("detection", "resolution"),
    ("mitigation", "resolution"),
)
_TOLERANCE_MINUTES = 15
_TOLERANCE_RATIO = 0.25


def _present_keys(sections: list[Section], postmortem: Postmortem | None) -> set[str]:
    """Template keys with content, from the text and from a parsed document."""
    keys = {s.key for s in sections if s.body.strip()}
    present = {k for k in SECTION_KEYS if keys & set(_ALSO_COUNTS.get(k, (k,)))}
    if postmortem is not None:
        present |= {key for key in SECTION_KEYS if _filled(postmortem, key)}
    return present


def _filled(pm: Postmortem, key: str) -> bool:
    """True when the parsed document has content for a template section."""
    rc = pm.root_cause
    values: dict[str, object] = {
        "summary": pm.summary,
        "timeline": pm.timeline,
        "root_cause": rc.primary or rc.whys or rc.contributing_factors,
        "proximate_vs_root": rc.proximate_causes,
        "impact": any(v for v in pm.impact.model_dump().values()),
        "detection_response": any(v is not None for v in pm.metrics.model_dump().values()),
        "went_well": pm.went_well,
        "could_be_better": pm.could_be_better,
        "action_items": pm.action_items,
        "preventive_measures": any(pm.preventive_measures.model_dump().values()),
        "appendices": any(pm.appendices.model_dump().values()),
    }
    return bool(values.get(key))


def _empty_headings(sections: list[Section]) -> list[str]:
    """Problems for template headings written with nothing under them."""
    with_body = {s.key for s in sections if s.body.strip()}
    return [
        f"section '{s.heading}' has a heading but no content"
        for s in sections
        if s.key in SECTION_KEYS and not s.body.strip() and s.key not in with_body
    ]


def parse_duration_minutes(text: str) -> float | None:
    """A stated duration in minutes: "Duration: 2h 15m", "lasted 45 minutes", "14:02-16:10"."""
    for match in _DURATION_LINE.finditer(text):
        tail = match.group(1)
        window = _RANGE.match(tail.strip())
        if window:
            return _range_minutes(window)
        parts = _DURATION_PART.findall(re.split(r"\.(?:\s|$)", tail)[0])
        if parts:
            return sum(_unit_minutes(float(n), unit) for n, unit in parts)
    return None


def _range_minutes(match: re.Match[str]) -> float:
    """Minutes between two clock times, crossing midnight when the end is earlier."""
    start = int(match.group(1)) * 60 + int(match.group(2))
    end = int(match.group(3)) * 60 + int(match.group(4))
    return float((end - start) % (24 * 60))


def _unit_minutes(number: float, unit: str) -> float:
    """A number of hours, minutes or days in minutes."""
    unit = unit.lower()
    if unit.startswith("h"):
        return number * 60
    if unit.startswith("d"):
        return number * 24 * 60
    return number


def timeline_minutes(text: str) -> list[tuple[float, str]]:
    """Each timeline line's time in minutes (rolling past midnight), with the line itself."""
    rows: list[tuple[float, str]] = []
    day_offset = 0.0
    last: float | None = None
    first_date: dt.date | None = None
    for line in text.splitlines():
        match = _TIME.search(line)
        if match is None:
            continue
        minutes = float(int(match.group("h")) * 60 + int(match.group("m")))
        if match.group("date"):
            day = dt.date.fromisoformat(match.group("date"))
            first_date = first_date or day
            value = (day - first_date).days * 1440 + minutes
        else:
            value = day_offset + minutes
            if last is not None and value < last - 60:
                day_offset += 1440
                value += 1440
        last = value
        rows.append((value, line))
    return rows


def _duration_problem(stated: float | None, span: float | None) -> list[str]:
    """A problem when the timeline's span and the stated duration disagree."""
    if stated is None or span is None or stated <= 0:
        return []
    if abs(span - stated) <= max(_TOLERANCE_MINUTES, _TOLERANCE_RATIO * stated):
        return []
    return [
        f"the timeline spans {span:.0f} min but the stated duration is {stated:.0f} min"
    ]


def _pm_span(pm: Postmortem) -> float | None:
    """Minutes from start to end of a parsed document (timeline times when start/end are unset)."""
    times = [e.time for e in pm.timeline if e.time is not None]
    start = pm.start or (min(times) if times else None)
    end = pm.end or (max(times) if times else None)
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 60


def _milestone_times_from_text(rows: list[tuple[float, str]]) -> dict[MilestoneName, float]:
    """The first timeline time whose line names each milestone."""
    found: dict[MilestoneName, float] = {}
    for minutes, line in rows:
        for name, pattern in _MILESTONE_WORDS:
            if name not in found and pattern.search(line):
                found[name] = minutes
    return found


def _milestone_times_from_pm(pm: Postmortem) -> dict[MilestoneName, float]:
    """Milestone times of a parsed document, in minutes since its earliest milestone."""
    names: tuple[MilestoneName, ...] = (
        "alert", "detection", "communication", "mitigation", "resolution"
    )
    times: dict[MilestoneName, dt.datetime] = {}
    for name in names:
        milestone = getattr(pm.milestones, name)
        if milestone is not None and milestone.time is not None:
            times[name] = milestone.time
    if not times:
        return {}
    origin = min(times.values())
    return {name: (t - origin).total_seconds() / 60 for name, t in times.items()}


def _order_problems(times: dict[MilestoneName, float]) -> list[str]:
    """Problems for milestones that come before the ones they depend on."""
    return [
        f"{later} comes before {earlier} in the timeline"
        for earlier, later in _ORDER
        if earlier in times and later in times and times[later] < times[earlier]
    ]


def _row_order_problems(rows: list[tuple[float, str]]) -> list[str]:
    """Problems for timeline rows whose time is earlier than the row above them."""
    problems = []
    for (before, _), (after, line) in zip(rows, rows[1:], strict=False):
        if after < before:
            match = _TIME.search(line)
            when = match.group(0) if match else "?"
            problems.append(f"timeline row at {when} is out of chronological order")
    return problems


def _action_problems(items: list[ActionItem]) -> list[str]:
    """Counts of action items with no owner (or TBD) and with no due date."""
    no_owner = sum(1 for item in items if item.owner in (None, "TBD"))
    no_due = sum(1 for item in items if item.due is None)
    problems = []
    if no_owner:
        problems.append(f"{no_owner} of {len(items)} action item(s) have no owner")
    if no_due:
        problems.append(f"{no_due} of {len(items)} action item(s) have no due date")
    return problems


def check_completeness(
    sections: list[Section], postmortem: Postmortem | None = None
) -> Completeness:
    """Sections present and missing, and consistency problems, of one postmortem."""
    present = _present_keys(sections, postmortem)
    problems = _empty_headings(sections)
    whole = "\n".join(s.body for s in sections if s.key != "timeline")
    whole = "\n".join([*(s.heading for s in sections), whole])
    rows = timeline_minutes(section_text(sections, "timeline"))
    span = rows[-1][0] - rows[0][0] if len(rows) >= 2 else None
    if postmortem is not None and postmortem.timeline:
        span = _pm_span(postmortem)
    problems += _row_order_problems(rows)
    problems += _duration_problem(parse_duration_minutes(whole), span)
    milestones = _milestone_times_from_pm(postmortem) if postmortem is not None else {}
    problems += _order_problems(milestones or _milestone_times_from_text(rows))
    if postmortem is not None and postmortem.action_items:
        items = postmortem.action_items
    else:
        date = postmortem.date if postmortem is not None else None
        items = parse_action_items(section_text(sections, "action_items"), date)
    problems += _action_problems(items)
    return Completeness(
        present=tuple(k for k in SECTION_KEYS if k in present),
        missing=tuple(k for k in SECTION_KEYS if k not in present),
        problems=tuple(problems),
        ratio=round(len(present) / len(SECTION_KEYS), 3),
    )

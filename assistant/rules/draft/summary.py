"""Title, severity guess and summary paragraph of a draft, from the milestones and the figures.

All three are built only from what the timeline found: the trigger row, the milestone rows and
the impact figures stated in the input. Quoted evidence that is itself blameful is not quoted
(the sentence names the milestone and its time instead), so the summary lints clean.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.domain import (
    Milestone,
    Milestones,
    ResponseMetrics,
    Severity,
    TimelineEvent,
)
from assistant.rules.blame.find import find_blame
from assistant.rules.draft.impact import ImpactFigure

_TOOL_PREFIX = re.compile(
    r"^\W*(?:\[?(?:firing|alerting|triggered|resolved)(?::\d+)?\]?\s*[:\-]?\s*"
    r"|[\w .-]{0,30}?\b(?:alert|alarm|page|incident)\s*[:\-]\s*)+",
    re.IGNORECASE,
)
_TRIGGER_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a deploy", re.compile(r"\bdeploy|\brelease|\broll(?:ed|ing)?[ -]?out|\bshipp", re.I)),
    ("a migration", re.compile(r"\bmigrat|\bschema change|\balter table|\bbackfill", re.I)),
    ("a feature flag change", re.compile(r"\bflag\b|\bfeature\b|\bexperiment\b|\btoggl", re.I)),
    ("a configuration change", re.compile(r"\bconfig|\bsetting|\bpolicy|\bthreshold", re.I)),
    ("a certificate change", re.compile(r"\bcert", re.I)),
    ("a DNS change", re.compile(r"\bdns\b|\bcutover\b", re.I)),
    ("an infrastructure change", re.compile(r"terraform|helm|kubectl|upgrad|maintenance", re.I)),
)
_MAX_TITLE = 90
_MAX_QUOTE = 120

_DATA_LOSS = re.compile(
    r"\bdata loss\b|\bdata (?:was |were )?(?:lost|corrupted)\b|\bbreach\b", re.I
)
_FULL_OUTAGE = re.compile(
    r"\b(?:hard down|full outage|complete outage|total outage|all (?:customers|users|traffic)"
    r"|100%|completely (?:down|unavailable)|site (?:is )?down|unavailable for everyone)\b",
    re.I,
)
_CUSTOMER_FACING = re.compile(
    r"\b(?:customers?|users?|merchants?|checkout|payments?|login|sign-?in|5xx|500s|errors?"
    r"|degraded|outage|down|unavailable|status ?page|latency)\b",
    re.I,
)


@dataclass(frozen=True)
class SeverityGuess:
    """A severity guessed from the evidence and the one-line reason for it."""

    severity: Severity | None
    reason: str


def trigger_row(events: Sequence[TimelineEvent], milestones: Milestones) -> TimelineEvent | None:
    """The trigger row the milestones start from (a change at the start of impact), if any."""
    if milestones.start is None:
        return None
    triggers = [e for e in events if e.kind == "trigger" and e.time == milestones.start]
    return triggers[-1] if triggers else None


def symptom(milestones: Milestones) -> str | None:
    """What went wrong, in the alert's words without the tool prefix, or the detection's."""
    for milestone in (milestones.alert, milestones.detection):
        if milestone is not None:
            text = _TOOL_PREFIX.sub("", milestone.what).strip(" .")
            if text and not find_blame(text):
                return _clip(text, _MAX_TITLE)
    return None


def trigger_kind(text: str) -> str:
    """``a deploy``, ``a migration``... : the kind of change a trigger row names."""
    for name, pattern in _TRIGGER_KINDS:
        if pattern.search(text):
            return name
    return "a change"


def guess_title(milestones: Milestones, trigger: TimelineEvent | None) -> str | None:
    """``<symptom> after <kind of change>``; None when the evidence names no symptom."""
    what = symptom(milestones)
    if what is None:
        return None
    if trigger is not None:
        return f"{what} after {trigger_kind(trigger.what)}"
    return what


def guess_severity(
    events: Sequence[TimelineEvent], figures: Sequence[ImpactFigure], metrics: ResponseMetrics
) -> SeverityGuess:
    """A severity from stated impact: data loss P1, full outage P1 (P0 past an hour),
    customer-facing degradation P2, anything else P3; None with no symptom at all."""
    texts = [e.what for e in events if e.count == 1] + [f.phrase for f in figures]
    joined = "\n".join(texts)
    minutes = metrics.total_minutes
    long_outage = minutes is not None and minutes > 60
    if _DATA_LOSS.search(joined) or any(f.kind == "data_loss" for f in figures):
        return SeverityGuess("P1", "the input mentions data loss")
    if _FULL_OUTAGE.search(joined):
        if long_outage:
            return SeverityGuess("P0", "a full outage that lasted more than an hour")
        return SeverityGuess("P1", "the input describes a full outage")
    relevant = [e for e in events if e.kind in ("alert", "detection", "communication")]
    if any(_CUSTOMER_FACING.search(e.what) for e in relevant) or figures:
        return SeverityGuess("P2", "customer-facing errors or degradation, no full outage")
    if relevant:
        return SeverityGuess("P3", "an alert or detection with no customer-facing impact stated")
    return SeverityGuess(None, "no alert, detection or impact found")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _clock(value: dt.datetime | None) -> str:
    if value is None:
        return "an unknown time"
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%H:%M:%S UTC") if utc.second else utc.strftime("%H:%M UTC")


def _quoted(text: str) -> str | None:
    """``"text"`` when it is blameless, else None (never quote blame into the summary)."""
    if find_blame(text):
        return None
    return f'"{_clip(text.strip(), _MAX_QUOTE)}"'


def _milestone_sentence(lead: str, milestone: Milestone | None) -> str | None:
    if milestone is None:
        return None
    quote = _quoted(milestone.what)
    said = f" ({quote})" if quote else ""
    return f"{lead} at {_clock(milestone.time)}{said}."


def _minutes(value: float | None) -> str | None:
    return None if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def summary_paragraph(
    milestones: Milestones,
    metrics: ResponseMetrics,
    trigger: TimelineEvent | None,
    day: dt.date | None,
) -> str | None:
    """One paragraph from the milestones: start, alert, detection, communication, mitigation,
    resolution and the total duration, each with its time. None without any milestone."""
    sentences: list[str] = []
    on_day = f"On {day.isoformat()}, " if day else ""
    if trigger is not None:
        quote = _quoted(trigger.what) or "a change"
        sentences.append(f"{on_day}impact began at {_clock(trigger.time)} after {quote}.")
    elif milestones.start is not None:
        sentences.append(f"{on_day}impact began at {_clock(milestones.start)}.")
    leads = (
        ("The first alert fired", milestones.alert),
        ("The problem was detected", milestones.detection),
        ("The first communication went out", milestones.communication),
        ("Mitigation started", milestones.mitigation),
        ("The incident was resolved", milestones.resolution),
    )
    for lead, milestone in leads:
        sentence = _milestone_sentence(lead, milestone)
        if sentence is not None:
            sentences.append(sentence)
    if not sentences:
        return None
    if not on_day and trigger is None and milestones.start is None and day is not None:
        sentences[0] = f"On {day.isoformat()}, {sentences[0][0].lower()}{sentences[0][1:]}"
    figures = [
        ("Total duration", _minutes(metrics.total_minutes)),
        ("time to detect", _minutes(metrics.minutes_to_detect)),
        ("time to start mitigation", _minutes(metrics.minutes_to_mitigate)),
    ]
    stated = [f"{name} {value} min" for name, value in figures if value is not None]
    if stated:
        sentences.append(", ".join(stated) + ".")
    text = " ".join(sentences)
    return text[0].upper() + text[1:]

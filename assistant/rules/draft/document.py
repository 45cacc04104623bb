"""The offline first draft: the whole template filled from the timeline, by rules.

``draft_document`` turns a reconstructed ``Timeline`` into a ``Postmortem``: title and severity
guesses, a summary paragraph from the milestones, impact figures stated in the input (each
citing its lines), the timeline and metrics, a 5 Whys skeleton seeded with the trigger,
contributing-factor prompts, action-item candidates from the notes scored SMART, and evidence
excerpts. What the rules cannot know (the primary root cause, what went well, preventive
measures) stays empty, so it renders as "to fill in" and is never invented.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.domain import (
    SECTION_KEYS,
    ActionItem,
    Appendices,
    ContributingFactor,
    EvidenceRef,
    Milestones,
    Notice,
    Origin,
    Postmortem,
    ResponseMetrics,
    RootCauseAnalysis,
    TimelineEvent,
    WhyStep,
)
from assistant.rules.actions.parse import read_action_items
from assistant.rules.actions.smart import score_action_item
from assistant.rules.blame.find import find_blame
from assistant.rules.draft.impact import (
    ImpactFigure,
    cite,
    find_impact_figures,
    impact_from_figures,
    impact_line,
)
from assistant.rules.draft.neutral import originals_excerpt, reword_rows
from assistant.rules.draft.summary import (
    guess_severity,
    guess_title,
    summary_paragraph,
    symptom,
    trigger_kind,
    trigger_row,
)
from assistant.rules.timeline.build import Timeline
from assistant.rules.timeline.sources import HUMAN_SOURCES, SourceKind

TO_ANSWER = "To fill in."
"""Answer of a why step the team still has to answer."""

_PREFIXED = re.compile(
    r"^(?:[-*+]\s+)?(?:\[[ xX]\]\s*)?(?:todo|action(?:\s+item)?|ai|follow[\s-]?up|next step)"
    r"\s*[:\-]\s*",
    re.IGNORECASE,
)
_WE_SHOULD = re.compile(
    r"\b(?:we|i think we|team) (?:should|need to|must|ought to)\b(?!\s+have\b)\s*", re.IGNORECASE
)
_FOLLOW_UP = re.compile(r"\bfollow[\s-]?up\b", re.IGNORECASE)


@dataclass(frozen=True)
class ActionCandidate:
    """An action item found in the notes, scored SMART, with the line it came from."""

    item: ActionItem
    text: str
    ref: EvidenceRef


def candidate_text(line: str) -> str | None:
    """The action a line proposes ("TODO: add a canary" -> "add a canary"), or None.

    Questions ("should we roll back?") and hindsight ("we should have...") are not actions.
    """
    stripped = line.strip()
    if not stripped or stripped.endswith("?"):
        return None
    prefixed = _PREFIXED.match(stripped)
    if prefixed:
        return stripped[prefixed.end() :].strip() or None
    proposed = _WE_SHOULD.search(stripped)
    if proposed:
        rest = stripped[proposed.end() :].strip(" .")
        return rest[:1].upper() + rest[1:] if rest else None
    if _FOLLOW_UP.search(stripped):
        return stripped
    return None


def find_action_candidates(
    events: Iterable[TimelineEvent],
    source_kinds: dict[str, SourceKind],
    incident_date: dt.date | None,
) -> list[ActionCandidate]:
    """Action items proposed in people's lines, with owner and due only when the line names
    them, each scored SMART against the incident date."""
    found: list[ActionCandidate] = []
    for event in events:
        ref = event.evidence[0]
        if source_kinds.get(ref.source, "notes") not in HUMAN_SOURCES:
            continue
        text = candidate_text(event.what)
        if text is None:
            continue
        parsed = read_action_items(text, incident_date)
        item = parsed[0].item if parsed and parsed[0].item.what else ActionItem(what=text)
        score = score_action_item(item, raw_text=text, incident_date=incident_date)
        found.append(ActionCandidate(item.model_copy(update={"smart": score}), text, ref))
    return found


def whys_skeleton(
    milestones: Milestones, metrics: ResponseMetrics, trigger: TimelineEvent | None
) -> tuple[WhyStep, ...]:
    """Five why questions to answer; the first is seeded with the trigger as a hypothesis."""
    what = symptom(milestones) or "the incident"
    steps: list[WhyStep] = []
    if trigger is not None and not find_blame(trigger.what):
        when = trigger.time.astimezone(dt.UTC).strftime("%H:%M UTC") if trigger.time else ""
        steps.append(
            WhyStep(
                question=f"Why did {what} happen?",
                answer=f"It began after {trigger.what.strip().rstrip('.')}"
                f"{' at ' + when if when else ''} {cite(trigger.evidence)}; to confirm.",
                hypothesis=True,
            )
        )
        change = trigger_kind(trigger.what)
        steps.append(WhyStep(question=f"Why did {change} lead to {what}?", answer=TO_ANSWER))
        steps.append(
            WhyStep(
                question=f"Why was the problem in {change} not caught before it reached users "
                "(tests, review, staged rollout)?",
                answer=TO_ANSWER,
            )
        )
    else:
        steps.append(WhyStep(question=f"Why did {what} happen?", answer=TO_ANSWER))
        steps.append(WhyStep(question="Why did that condition occur?", answer=TO_ANSWER))
        steps.append(
            WhyStep(question="Why was it not prevented or caught earlier?", answer=TO_ANSWER)
        )
    detect = metrics.minutes_to_detect
    question = "Why did detection and mitigation take as long as they did?"
    if detect is not None:
        question = f"Why did it take {_minutes(detect)} min to detect the problem?"
    steps.append(WhyStep(question=question, answer=TO_ANSWER))
    steps.append(
        WhyStep(
            question="Which process, tooling or design condition allowed this, and what would "
            "keep it from happening again?",
            answer=TO_ANSWER,
        )
    )
    return tuple(steps)


def _minutes(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def factor_prompts(
    milestones: Milestones, metrics: ResponseMetrics, trigger: TimelineEvent | None
) -> tuple[ContributingFactor, ...]:
    """Swiss-cheese questions, one per category, with the figures the timeline gives."""
    monitoring = "What signal would have alerted before people noticed?"
    if milestones.start is not None and milestones.alert is not None and milestones.alert.time:
        lag = (milestones.alert.time - milestones.start).total_seconds() / 60
        monitoring = (
            f"The first alert came {_minutes(lag)} min after impact began: what signal would "
            "have fired sooner?"
        )
    process = "Which check in the change process would catch this before release?"
    if trigger is not None:
        process = (
            f"Which check in the process around {trigger_kind(trigger.what)} (tests, review, "
            "canary, staged rollout) would catch this before it reaches users?"
        )
    tooling = "Did the tools used to diagnose and mitigate work as expected?"
    if metrics.minutes_to_mitigate is not None:
        tooling = (
            f"Mitigation started {_minutes(metrics.minutes_to_mitigate)} min after impact "
            "began: did rollback and diagnosis tools work as expected?"
        )
    communication = "Did updates reach the people affected in time?"
    comm, alert = milestones.communication, milestones.alert
    if comm is not None and alert is not None and comm.time and alert.time:
        lag = (comm.time - alert.time).total_seconds() / 60
        communication = (
            f"The first communication went out {_minutes(lag)} min after the alert: was that "
            "timely, and did it reach those affected?"
        )
    return (
        ContributingFactor(text=f"To answer: {process}", category="process"),
        ContributingFactor(text=f"To answer: {monitoring}", category="monitoring"),
        ContributingFactor(text=f"To answer: {tooling}", category="tooling"),
        ContributingFactor(text=f"To answer: {communication}", category="communication"),
        ContributingFactor(
            text="To answer: Were runbooks, dashboards and ownership clear enough to find the "
            "cause quickly?",
            category="knowledge",
        ),
        ContributingFactor(
            text="To answer: What limited the blast radius, and what would have contained it "
            "further?",
            category="architecture",
        ),
    )


def evidence_excerpts(
    events: Sequence[TimelineEvent],
    milestones: Milestones,
    figures: Sequence[ImpactFigure],
    candidates: Sequence[ActionCandidate],
) -> tuple[str, ...]:
    """Excerpts of the lines the draft rests on: milestones, impact figures, action items."""
    text_of = {ref: event.what for event in events for ref in event.evidence if event.count == 1}
    blocks: list[str] = []
    marks = [
        (name, getattr(milestones, name))
        for name in ("alert", "detection", "communication", "mitigation", "resolution")
    ]
    milestone_lines = [
        f"{name}: {m.evidence[0].source}:{m.evidence[0].line}  {m.what}"
        for name, m in marks
        if m is not None
    ]
    if milestone_lines:
        blocks.append("Milestones\n" + "\n".join(milestone_lines))
    figure_refs = dict.fromkeys(ref for figure in figures for ref in figure.refs)
    if figure_refs:
        lines = [f"{ref.source}:{ref.line}  {text_of.get(ref, '')}".rstrip() for ref in figure_refs]
        blocks.append("Impact figures\n" + "\n".join(lines))
    if candidates:
        lines = [f"{c.ref.source}:{c.ref.line}  {text_of.get(c.ref, c.text)}" for c in candidates]
        blocks.append("Action-item candidates\n" + "\n".join(lines))
    return tuple(blocks)


def _without_follow_ups(
    events: Sequence[TimelineEvent], candidates: Sequence[ActionCandidate]
) -> list[TimelineEvent]:
    """Rows minus untimed follow-up lines, which are action items, not events."""
    moved = {c.ref for c in candidates}
    return [e for e in events if not (e.time is None and e.evidence[0] in moved)]


def _candidate_notices(candidates: Sequence[ActionCandidate]) -> list[Notice]:
    notices = []
    for candidate in candidates:
        if find_blame(candidate.text):
            notices.append(
                Notice(
                    message=f"action item from {candidate.ref.source}:{candidate.ref.line} "
                    "reads as blameful; reword it to change a system or process",
                    source="action_items",
                )
            )
    return notices


def draft_document(
    timeline: Timeline,
    *,
    incident_date: dt.date | None,
    warnings: Sequence[Notice] = (),
) -> Postmortem:
    """The complete rules draft around ``timeline``; empty sections render "to fill in"."""
    reworded = reword_rows(timeline.events, timeline.milestones)
    marks, metrics, events = reworded.milestones, timeline.metrics, reworded.events
    kinds = dict(timeline.source_kinds)
    times = [e.time for e in events if e.time is not None]
    start = marks.start or (marks.alert.time if marks.alert else None) or min(times, default=None)
    end = marks.resolution.time if marks.resolution else None
    day = incident_date or (start.astimezone(dt.UTC).date() if start else None)
    trigger = trigger_row(events, marks)
    figures = find_impact_figures(events, kinds)
    candidates = find_action_candidates(events, kinds, day)
    severity = guess_severity(events, figures, metrics)
    notices = list(warnings)
    if severity.severity is not None:
        notices.append(
            Notice(
                message=f"severity {severity.severity} is a guess ({severity.reason}); confirm it",
                source="severity",
            )
        )
    notices += _candidate_notices(candidates)
    provenance: dict[str, Origin] = dict.fromkeys(SECTION_KEYS, "rules")
    return Postmortem(
        title=_title(timeline, marks, trigger),
        date=day,
        start=start,
        end=end,
        impact_line=impact_line(figures, metrics),
        severity=severity.severity,
        summary=summary_paragraph(marks, metrics, trigger, day),
        timeline=_without_follow_ups(events, candidates),
        milestones=marks,
        metrics=metrics,
        root_cause=RootCauseAnalysis(
            whys=whys_skeleton(marks, metrics, trigger),
            contributing_factors=factor_prompts(marks, metrics, trigger),
            proximate_causes=(f"{trigger.what} {cite(trigger.evidence)}",) if trigger else (),
        ),
        impact=impact_from_figures(figures, marks, metrics),
        action_items=[c.item for c in candidates],
        appendices=Appendices(
            evidence_excerpts=(
                *evidence_excerpts(events, marks, figures, candidates),
                *filter(None, [originals_excerpt(reworded.originals)]),
            )
        ),
        provenance=provenance,
        warnings=notices,
    )


def _title(
    timeline: Timeline, marks: Milestones, trigger: TimelineEvent | None
) -> str | None:
    """The symptom-and-change title; the notes' own title when that would read as a table row
    (cells joined by ``|``) or when the evidence names no symptom."""
    guessed = guess_title(marks, trigger)
    if guessed is not None and " | " not in guessed:
        return guessed
    named = _named_title(timeline)
    if named is not None or guessed is None:
        return named
    return guessed.split(" | ")[-1].strip() or None


def _named_title(timeline: Timeline) -> str | None:
    """The title the notes give themselves (their first heading or line), when one does."""
    for source, kind in timeline.source_kinds.items():
        title = timeline.titles.get(source)
        if title and kind in HUMAN_SOURCES and not find_blame(title):
            return title
    return None


@dataclass(frozen=True)
class DraftStats:
    """Figures of one draft: input size, and the model's calls and tokens when one was used."""

    lines_read: int
    timeline_rows: int
    model_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    input_tokens: int | None = None
    """Tokens of every input line as the model would be shown it (None without a model)."""
    evidence_tokens: int = 0
    """Tokens of the evidence lines packed into the budget (sent to each evidence chain)."""
    evidence_lines: int = 0
    calls_by_task: dict[str, int] = field(default_factory=dict)

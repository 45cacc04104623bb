"""Turn checked chain answers into sections of the postmortem, or keep the rules' sections.

One function per chain. Each takes the rules document and the answer, applies the checks of
``grounding`` (evidence, times, facts, owners, refusals) and returns the section updates it
accepted, the provenance of those sections and warnings for what it refused. A section the
answer leaves empty keeps the rules content.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, get_args

from assistant.chains.draft_context import DraftContext
from assistant.chains.grounding import (
    GroundedRow,
    ground_row,
    is_refusal,
    mark_unsupported,
    named_in,
    parse_ref,
)
from assistant.chains.schemas import DraftActions, DraftCauses, DraftSummary, DraftTimeline
from assistant.domain import (
    ActionItem,
    CauseCategory,
    ContributingFactor,
    Horizon,
    Notice,
    Origin,
    Postmortem,
    PreventiveMeasures,
    Priority,
    Severity,
    TimelineEvent,
    WhyStep,
)
from assistant.rules.actions.smart import score_action_item
from assistant.rules.whys.causes import classify_cause

_WORD = re.compile(r"[a-z0-9]{4,}")
_STEM = 4
"""Words compare by their first letters, so "rollback" and "rolling back" share a word."""
_STOP = frozenset({"that", "this", "with", "from", "have", "were", "been", "into", "about"})
_SAME_ITEM = 0.5
"""Word overlap (Jaccard) above which a rules action item counts as covered by a model item."""


@dataclass
class Applied:
    """Section updates accepted from one chain, their provenance and the warnings raised."""

    updates: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Origin] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)


def _usable(text: str | None) -> str | None:
    """The text stripped, or None when it is empty or a refusal."""
    if text is None or not text.strip() or is_refusal(text):
        return None
    return text.strip()


def _checked_figures(text: str, ctx: DraftContext, where: str, out: Applied) -> str:
    """``text`` with unsupported numbers and times marked, and a warning naming them."""
    missing = ctx.facts.unsupported(text)
    if not missing:
        return text
    out.notices.append(
        Notice(
            message=f"{where}: {', '.join(missing)} not found in the evidence; marked "
            "[unverified]",
            source="facts",
        )
    )
    return mark_unsupported(text, missing)


def apply_summary(rules: Postmortem, answer: DraftSummary, ctx: DraftContext) -> Applied:
    """Title, severity, summary, impact line and impact fields that pass the checks."""
    out = Applied()
    title = _usable(answer.title)
    unsupported = ctx.facts.unsupported(title) if title is not None else []
    if title is not None and unsupported:
        out.notices.append(
            Notice(message=f"the model's title states {', '.join(unsupported)}, which the "
                   "evidence does not; the rules title is kept", source="facts")
        )
    elif title is not None:
        out.updates["title"] = " ".join(title.split())
    severity = (answer.severity or "").strip().upper()
    if severity in get_args(Severity):
        if _near(severity, rules.severity):
            out.updates["severity"] = severity
        else:
            out.notices.append(
                Notice(message=f"the model's severity {severity} is far from the rules' guess "
                       f"{rules.severity} for the stated impact; the guess is kept, confirm it",
                       source="severity")
            )
    summary = _usable(answer.summary)
    if summary is not None:
        out.updates["summary"] = _checked_figures(summary, ctx, "summary", out)
        out.provenance["summary"] = "model"
    line = _usable(answer.impact_line)
    if line is not None:
        out.updates["impact_line"] = _checked_figures(line, ctx, "impact line", out)
    impact_updates: dict[str, Any] = {}
    for name in ("customers_affected", "duration", "revenue", "reputation", "data_loss"):
        value = _usable(getattr(answer.impact, name))
        if value is not None:
            impact_updates[name] = _checked_figures(value, ctx, f"impact {name}", out)
    others = [v for v in (_usable(o) for o in answer.impact.other) if v is not None]
    if others:
        impact_updates["other"] = tuple(
            _checked_figures(v, ctx, "impact", out) for v in others
        )
    if impact_updates:
        out.updates["impact"] = rules.impact.model_copy(update=impact_updates)
        out.provenance["impact"] = "model"
    return out


def _near(severity: str, guess: str | None) -> bool:
    """True when a severity is at most one level from the rules' guess (or there is none)."""
    return guess is None or abs(int(severity[1]) - int(guess[1])) <= 1


def _words(text: str) -> frozenset[str]:
    return frozenset(w[:_STEM] for w in _WORD.findall(text.lower()) if w not in _STOP)


def _shares_words(row: GroundedRow, ctx: DraftContext) -> bool:
    """A reworded row must share a content word with its lines (catches invented events)."""
    source = " ".join(ctx.sent[ref].text for ref in row.refs) + " " + " ".join(
        ctx.shown.get(ref, "") for ref in row.refs
    )
    return bool(_words(row.what) & _words(source)) or not _words(source)


def apply_timeline(rules: Postmortem, answer: DraftTimeline, ctx: DraftContext) -> Applied:
    """Rules rows reworded where a model row is grounded in the same lines; others dropped."""
    out = Applied()
    rows: list[TimelineEvent] = list(rules.timeline)
    reworded: set[int] = set()
    for number, proposed in enumerate(answer.rows, 1):
        grounded = ground_row(proposed, ctx.row_lines, ctx.aliases, ctx.day, ctx.shown)
        if isinstance(grounded, GroundedRow) and not _shares_words(grounded, ctx):
            grounded = "describes something its evidence does not mention"
        if isinstance(grounded, str):
            out.notices.append(
                Notice(message=f"model timeline row {number} dropped: it {grounded}",
                       source="timeline")
            )
            continue
        index = next(
            (i for i, row in enumerate(rows)
             if i not in reworded and set(row.evidence) & set(grounded.refs)),
            None,
        )
        if index is None:
            continue  # a second rewording of a row already reworded
        reworded.add(index)
        rows[index] = rows[index].model_copy(
            update={"what": grounded.what, "who": grounded.who or rows[index].who}
        )
    if reworded:
        out.updates["timeline"] = rows
        out.provenance["timeline"] = "model"
    return out


def _category(value: str | None) -> CauseCategory:
    name = (value or "").strip().lower().replace(" ", "_")
    return name if name in get_args(CauseCategory) else "unknown"  # type: ignore[return-value]


def _confirmed(refs: list[str], ctx: DraftContext) -> bool:
    parsed = [parse_ref(text, ctx.aliases) for text in refs]
    return bool(parsed) and all(ref is not None and ref in ctx.sent for ref in parsed)


def apply_causes(rules: Postmortem, answer: DraftCauses, ctx: DraftContext) -> Applied:
    """Whys (hypotheses unless their evidence exists), root cause unless it is human error,
    factors, proximate causes and lessons."""
    out = Applied()
    rca_updates: dict[str, Any] = {}
    whys = [
        WhyStep(
            question=step.question.strip(),
            answer=step.answer.strip(),
            hypothesis=not (step.confirmed and _confirmed(step.evidence, ctx)),
        )
        for step in answer.whys
        if _usable(step.question) and _usable(step.answer)
    ]
    if whys:
        rca_updates["whys"] = tuple(whys)
    primary = _usable(answer.primary_root_cause)
    category = _category(answer.category)
    if primary is not None and "human_error" in (category, classify_cause(primary)):
        out.notices.append(
            Notice(message="the model named human error as the root cause; it is only a place "
                   "to ask the next why, so the root cause is left to fill in",
                   source="root_cause")
        )
    elif primary is not None:
        rca_updates["primary"] = primary
        rca_updates["category"] = category
        out.notices.append(
            Notice(message="primary root cause proposed by the model: confirm it",
                   source="root_cause")
        )
    factors = [
        ContributingFactor(text=text, category=_category(f.category))
        for f in answer.contributing_factors
        if (text := _usable(f.text)) is not None
    ]
    if factors:
        rca_updates["contributing_factors"] = tuple(factors)
    proximate = tuple(v for v in map(_usable, answer.proximate_causes) if v is not None)
    if proximate:
        rca_updates["proximate_causes"] = proximate
        out.provenance["proximate_vs_root"] = "model"
    if rca_updates:
        out.updates["root_cause"] = rules.root_cause.model_copy(update=rca_updates)
        out.provenance["root_cause"] = "model"
    for name in ("went_well", "could_be_better"):
        values = [v for v in map(_usable, getattr(answer, name)) if v is not None]
        if values:
            out.updates[name] = values
            out.provenance[name] = "model"
    return out


def _due(text: str | None, ctx: DraftContext) -> dt.date | None:
    """A due date the input gives; a date the model made up is not kept."""
    if not text:
        return None
    try:
        due = dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
    return due if named_in(due.isoformat(), ctx.corpus) else None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def apply_actions(rules: Postmortem, answer: DraftActions, ctx: DraftContext) -> Applied:
    """Scored action items with owners and dates only as the input names them, the notes'
    candidates the model left out, and preventive measures."""
    out = Applied()
    items: list[ActionItem] = []
    placeholders = 0
    for proposed in answer.action_items:
        what = _usable(proposed.what)
        if what is None:
            continue
        owner = proposed.owner.strip() if proposed.owner else None
        if not named_in(owner, ctx.corpus):
            placeholders += owner is not None
            owner = "TBD"
        horizon = (proposed.horizon or "").strip().lower().replace("-", "_")
        priority = (proposed.priority or "").strip().upper()
        item = ActionItem(
            what=what,
            why=_usable(proposed.why),
            owner=owner,
            due=_due(proposed.due, ctx),
            priority=priority if priority in get_args(Priority) else None,
            horizon=horizon if horizon in get_args(Horizon) else None,
        )
        score = score_action_item(item, raw_text=what, incident_date=ctx.day)
        items.append(item.model_copy(update={"smart": score}))
    if placeholders:
        out.notices.append(
            Notice(message=f"{placeholders} owner(s) proposed by the model are not named in the "
                   "input and were replaced by TBD", source="action_items")
        )
    if items:
        kept = [i.what for i in items]
        missing = [
            r for r in rules.action_items
            if all(_jaccard(_words(r.what), _words(k)) < _SAME_ITEM for k in kept)
        ]
        out.updates["action_items"] = items + missing
        out.provenance["action_items"] = "model"
    groups = answer.preventive_measures
    measures = {
        name: tuple(v for v in map(_usable, getattr(groups, name)) if v is not None)
        for name in ("process", "monitoring", "automation", "documentation", "organizational")
    }
    if any(measures.values()):
        out.updates["preventive_measures"] = PreventiveMeasures(**measures)
        out.provenance["preventive_measures"] = "model"
    return out

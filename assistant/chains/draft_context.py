"""What the drafting chains are shown: budgeted evidence, the rules' findings, rows, candidates.

``build_context`` prepares, once per draft, every text the four chains receive and the indexes
their answers are checked against. Evidence is first stripped of plain log chatter (the lines
the timeline counts but does not keep), then packed into the token budget by priority
(``pack_for_budget``), and shown with short source names (``notes.md`` rather than a long path)
that the checks map back. Secrets are redacted later, by ``invoke_structured``, on every value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from assistant.chains.grounding import FactIndex
from assistant.domain import Evidence, EvidenceRef, Milestone, Postmortem, TimelineEvent
from assistant.rules.draft.summary import trigger_row
from assistant.rules.timeline.build import Timeline
from assistant.rules.timeline.packing import format_evidence_line, pack_for_budget

_NO_ACTIONS = "(none found in the notes)"


@dataclass(frozen=True)
class DraftContext:
    """Texts for the prompts and what the answers are checked against."""

    aliases: dict[str, str]
    """Short name shown to the model -> real source name."""
    sent: dict[EvidenceRef, Evidence]
    """Every evidence line shown to the model (packed lines and the rows' lines)."""
    row_lines: dict[EvidenceRef, Evidence]
    """The lines the timeline rows rest on: what a reworded row may cite."""
    shown: dict[EvidenceRef, str]
    """The row each line was shown in, as the model saw it."""
    evidence: str
    findings: str
    rows: str
    whys: str
    candidates: str
    facts: FactIndex
    corpus: str
    """All sent text, lower case with single spaces: where owners and dates must appear."""
    day: dt.date | None
    input_tokens: int
    evidence_tokens: int


def source_aliases(sources: Sequence[str]) -> dict[str, str]:
    """Real source name -> a short unique name (the file name, numbered when two clash)."""
    aliases: dict[str, str] = {}
    used: set[str] = set()
    for source in dict.fromkeys(sources):
        base = PurePath(source).name or source
        alias, number = base, 1
        while alias in used:
            number += 1
            alias = f"{base}#{number}"
        used.add(alias)
        aliases[source] = alias
    return aliases


def shorten_sources(text: str, aliases: dict[str, str]) -> str:
    """``text`` with every real source name replaced by its short name (longest first)."""
    for real in sorted(aliases, key=len, reverse=True):
        if real != aliases[real]:
            text = text.replace(real, aliases[real])
    return text


def _aliased(evidence: Evidence, aliases: dict[str, str]) -> str:
    return format_evidence_line(evidence.model_copy(update={"source": aliases[evidence.source]}))


def _ref_text(refs: Sequence[EvidenceRef], aliases: dict[str, str]) -> str:
    return ", ".join(f"{aliases.get(r.source, r.source)}:{r.line}" for r in refs)


def _utc(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else "-"


def _row_line(event: TimelineEvent, aliases: dict[str, str]) -> str:
    when = _utc(event.time)
    if event.end_time is not None:
        when += f" to {_utc(event.end_time)}"
    count = f" (x{event.count})" if event.count > 1 else ""
    who = aliases.get(event.who, event.who) if event.who else "-"
    return (
        f"[{_ref_text(event.evidence, aliases)}] {when}{count} | {event.kind} | {who} | "
        f"{shorten_sources(event.what, aliases)}"
    )


def budgeted_rows(
    rows: Sequence[TimelineEvent],
    aliases: dict[str, str],
    budget: int,
    count_tokens: Callable[[str], int],
) -> list[TimelineEvent]:
    """The rows that fit in ``budget`` tokens, events (not ``other``) first, in time order."""
    order = sorted(range(len(rows)), key=lambda i: (rows[i].kind == "other", i))
    chosen: set[int] = set()
    used = 0
    for index in order:
        cost = count_tokens(_row_line(rows[index], aliases))
        if used + cost <= budget:
            chosen.add(index)
            used += cost
    return [rows[i] for i in sorted(chosen)]


def _milestone_line(label: str, milestone: Milestone | None, aliases: dict[str, str]) -> str:
    if milestone is None:
        return f"{label}: not found"
    return (
        f"{label}: {_utc(milestone.time)} [{_ref_text(milestone.evidence, aliases)}] "
        f"{milestone.what}"
    )


def _minutes(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.1f}".rstrip("0").rstrip(".")


def findings_text(rules: Postmortem, aliases: dict[str, str]) -> str:
    """The rules' milestones, metrics and figures, as the prompts show them."""
    ms, metrics = rules.milestones, rules.metrics
    lines = [
        f"Incident date: {rules.date.isoformat() if rules.date else 'unknown'}",
        f"Impact start: {_utc(ms.start)}",
        _milestone_line("Alert (T+0)", ms.alert, aliases),
        _milestone_line("Detection", ms.detection, aliases),
        _milestone_line("Communication", ms.communication, aliases),
        _milestone_line("Mitigation", ms.mitigation, aliases),
        _milestone_line("Resolution", ms.resolution, aliases),
        f"Minutes to detect: {_minutes(metrics.minutes_to_detect)}; to start mitigation: "
        f"{_minutes(metrics.minutes_to_mitigate)}; to recover: "
        f"{_minutes(metrics.minutes_to_resolve)}; total duration: "
        f"{_minutes(metrics.total_minutes)}",
    ]
    trigger = trigger_row(rules.timeline, ms)
    if trigger is not None:
        lines.append(f"Trigger: [{_ref_text(trigger.evidence, aliases)}] {trigger.what}")
    return "\n".join(lines)


def _whys_text(rules: Postmortem, aliases: dict[str, str]) -> str:
    text = "\n".join(
        f"{n}. {step.question}\n   {step.answer}"
        for n, step in enumerate(rules.root_cause.whys, 1)
    )
    return shorten_sources(text, aliases) or "(none)"


def _candidates_text(rules: Postmortem) -> str:
    items = [f"- {item.what}" for item in rules.action_items]
    return "\n".join(items) or _NO_ACTIONS


def _worth_sending(evidence: Evidence, timeline: Timeline, cited: set[EvidenceRef]) -> bool:
    """People's lines and alerts, and of a log only the lines a timeline row rests on: the
    rows already stand for the rest (a collapsed template keeps its first and last line)."""
    kind = timeline.source_kinds.get(evidence.source)
    return kind != "log" or evidence.ref() in cited


def build_context(
    rules: Postmortem,
    timeline: Timeline,
    evidence: Sequence[Evidence],
    *,
    budget: int,
    count_tokens: Callable[[str], int],
) -> DraftContext:
    """Pack, alias and format everything the four chains are sent, once."""
    aliases = source_aliases([e.source for e in evidence])
    cited = {ref for event in timeline.events for ref in event.evidence}
    candidates = [e for e in evidence if _worth_sending(e, timeline, cited)]
    packed = pack_for_budget(candidates, timeline, budget=budget, count_tokens=count_tokens)
    shown_rows = budgeted_rows(rules.timeline, aliases, budget, count_tokens)
    wanted = {ref for event in shown_rows for ref in event.evidence}
    row_lines = {e.ref(): e for e in evidence if e.ref() in wanted}
    sent = {e.ref(): e for e in packed.lines} | row_lines
    shown = {ref: _row_line(ev, aliases) for ev in shown_rows for ref in ev.evidence}
    left = len(evidence) - len(packed.lines)
    evidence_text = "\n".join(_aliased(e, aliases) for e in packed.lines)
    if left:
        evidence_text += (
            f"\n({left:,} more lines not shown: routine log lines and repeats of the lines "
            "shown; the timeline rows give their counts)"
        )
    findings = findings_text(rules, aliases)
    rows = "\n".join(_row_line(event, aliases) for event in shown_rows) or "(no rows)"
    if len(shown_rows) < len(rules.timeline):
        rows += f"\n({len(rules.timeline) - len(shown_rows):,} more rows not shown)"
    texts = [e.text for e in sent.values()] + [findings, rows]
    times = [e.time for e in sent.values() if e.time is not None]
    times += [m.time for m in _marks(rules) if m is not None and m.time is not None]
    if rules.milestones.start is not None:
        times.append(rules.milestones.start)
    metrics = rules.metrics
    figures = [
        v for v in (metrics.minutes_to_detect, metrics.minutes_to_mitigate,
                    metrics.minutes_to_resolve, metrics.total_minutes) if v is not None
    ]
    figures += [float(e.count) for e in rules.timeline if e.count > 1]
    return DraftContext(
        aliases={alias: real for real, alias in aliases.items()},
        sent=sent,
        row_lines=row_lines,
        shown=shown,
        evidence=evidence_text or "(no evidence lines)",
        findings=findings,
        rows=rows,
        whys=_whys_text(rules, aliases),
        candidates=_candidates_text(rules),
        facts=FactIndex.build(texts, times, figures),
        corpus=" ".join(" ".join(texts).lower().split()),
        day=rules.date,
        input_tokens=sum(count_tokens(_aliased(e, aliases)) for e in evidence),
        evidence_tokens=packed.tokens_used,
    )


def _marks(rules: Postmortem) -> list[Milestone | None]:
    ms = rules.milestones
    return [ms.alert, ms.detection, ms.communication, ms.mitigation, ms.resolution]

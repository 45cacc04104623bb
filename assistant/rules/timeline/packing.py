"""Pack evidence lines into a model's token budget, most telling lines first.

The model cannot read a million log lines, so ``pack_for_budget`` chooses which whole lines it
sees. Priority, highest first: people's notes and chat messages, and every line a timeline row
of a non-``other`` kind rests on (the milestone candidates); then the first and last lines of
each collapsed template and each error line kept in the timeline; then everything else in time
order. A line that does not fit is skipped whole (never cut), and smaller later lines may still
fill the rest. The result is given back in time order, with a summary of what was left out.

The token counter is injected: tests count words, production counts with tiktoken.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.domain import Evidence, EvidenceRef
from assistant.rules.timeline.build import Timeline
from assistant.rules.timeline.sources import HUMAN_SOURCES, infer_source_kind

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Packed:
    """The lines chosen for the model, in time order, and an account of the rest."""

    lines: list[Evidence]
    tokens_used: int
    left_out: int
    left_out_summary: str


def format_evidence_line(evidence: Evidence) -> str:
    """How one line is shown to the model: ``[source:line] time speaker: text``.

    Packing counts the tokens of this form, so callers should send lines in this form too.
    """
    when = evidence.time.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if evidence.time else "-"
    who = f" {evidence.speaker}:" if evidence.speaker else ""
    return f"[{evidence.source}:{evidence.line}] {when}{who} {evidence.text}"


def pack_for_budget(
    evidence: Sequence[Evidence],
    timeline: Timeline,
    *,
    budget: int,
    count_tokens: Callable[[str], int],
) -> Packed:
    """The whole lines that fit in ``budget`` tokens, chosen by priority, in time order."""
    if budget < 0:
        raise ValueError("budget must not be negative")
    tiers = _priority_tiers(evidence, timeline)
    chosen: set[int] = set()
    used = 0
    for tier in tiers:
        for index in tier:
            if index in chosen:
                continue
            cost = count_tokens(format_evidence_line(evidence[index]))
            if used + cost <= budget:
                chosen.add(index)
                used += cost
            if used >= budget:
                break
        if used >= budget:
            break
    order = sorted(chosen, key=_time_order(evidence))
    left = [i for i in range(len(evidence)) if i not in chosen]
    return Packed(
        lines=[evidence[i] for i in order],
        tokens_used=used,
        left_out=len(left),
        left_out_summary=summarize_left_out([evidence[i] for i in left]),
    )


def _priority_tiers(evidence: Sequence[Evidence], timeline: Timeline) -> list[list[int]]:
    """Indexes of the evidence in three tiers: people and milestone candidates, then template
    and error lines from the timeline, then all the rest; each tier in time order."""
    candidates: set[EvidenceRef] = set()
    templates: set[EvidenceRef] = set()
    for event in timeline.events:
        if event.kind != "other":
            candidates.update(event.evidence)
        else:
            templates.update(event.evidence)
    kinds = dict(timeline.source_kinds)
    first: list[int] = []
    second: list[int] = []
    rest: list[int] = []
    for index in sorted(range(len(evidence)), key=_time_order(evidence)):
        item = evidence[index]
        kind = kinds.get(item.source)
        if kind is None:
            kind = kinds[item.source] = infer_source_kind(
                item.source, text=item.text, speaker=item.speaker
            )
        ref = item.ref()
        if kind in HUMAN_SOURCES or ref in candidates:
            first.append(index)
        elif ref in templates:
            second.append(index)
        else:
            rest.append(index)
    return [first, second, rest]


def _time_order(evidence: Sequence[Evidence]) -> Callable[[int], tuple[dt.datetime, int]]:
    """A sort key for indexes: the line's time, or the last time before it in its source."""
    carried: dict[str, dt.datetime] = {}
    keys: list[tuple[dt.datetime, int]] = []
    for index, item in enumerate(evidence):
        if item.time is not None:
            carried[item.source] = item.time
        keys.append((item.time or carried.get(item.source, _EPOCH), index))
    return keys.__getitem__


def summarize_left_out(lines: Sequence[Evidence]) -> str:
    """One sentence per source: how many lines were left out and over which time span."""
    if not lines:
        return "nothing left out"
    counts = Counter(item.source for item in lines)
    spans: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for item in lines:
        if item.time is None:
            continue
        low, high = spans.get(item.source, (item.time, item.time))
        spans[item.source] = (min(low, item.time), max(high, item.time))
    parts = []
    for source, count in counts.most_common():
        span = spans.get(source)
        when = ""
        if span is not None:
            start, end = (t.astimezone(dt.UTC) for t in span)
            when = f" ({start:%Y-%m-%d %H:%M:%S} to {end:%Y-%m-%d %H:%M:%S} UTC)"
        parts.append(f"{count:,} from {source}{when}")
    return f"{len(lines):,} lines left out: " + "; ".join(parts)

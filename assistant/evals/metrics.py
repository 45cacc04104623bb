"""Metrics of one case's draft and review against its gold answers, and their aggregation.

Every function here is pure: it takes the produced document, the gold and (for groundedness)
the evidence index, and returns numbers. A metric that does not apply to a case (a review-only
case has no timeline) is None and is left out of the averages, never counted as zero.

Timeline matching is one-to-one: a produced row matches a gold event of the same kind whose
time is within the case's tolerance, closest pairs first. Recall is over gold events;
precision is over produced rows that claim a role (every kind but ``other``): a context row is
not a claim, while a second "resolution" row or an alert that was no alert is a false one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.domain import (
    ActionItemReview,
    Evidence,
    EvidenceRef,
    Finding,
    Milestones,
    Postmortem,
    ResponseMetrics,
    Review,
    TimelineEvent,
)

LETTERS = ("specific", "measurable", "assignable", "realistic", "time_bound")

Direction = Literal["higher", "lower"]
Aggregation = Literal["mean", "sum"]


@dataclass(frozen=True)
class MetricSpec:
    """What a metric means for comparisons: the one place for its direction, suite figure and
    baseline tolerance (used by the baseline check, ``eval compare`` and the report)."""

    name: str
    direction: Direction
    aggregation: Aggregation = "mean"
    tolerance: float | None = 0.0
    """How much worse than the baseline a figure may be; None: never compared (timings)."""
    relative: bool = False
    """The tolerance is a share of the baseline figure (token counts) rather than absolute."""
    model: bool = False
    """The metric scores what a model adds (prose, whys, items, rewrites)."""


SPECS: tuple[MetricSpec, ...] = (
    MetricSpec("event_recall", "higher"),
    MetricSpec("event_precision", "higher"),
    MetricSpec("milestone_exactness", "higher"),
    MetricSpec("groundedness", "higher"),
    MetricSpec("blame_recall", "higher"),
    MetricSpec("blame_precision", "higher"),
    MetricSpec("why_stop_accuracy", "higher"),
    MetricSpec("why_category_match", "higher"),
    MetricSpec("smart_agreement", "higher"),
    MetricSpec("schema_validity", "higher"),
    MetricSpec("summary_fact_recall", "higher", model=True),
    MetricSpec("why_proposal_hit", "higher", model=True),
    MetricSpec("action_item_coverage", "higher", model=True),
    MetricSpec("rewrite_meaning_kept", "higher", model=True),
    MetricSpec("unsupported_claims", "lower", "sum", model=True),
    MetricSpec("duration_error_min", "lower", tolerance=0.5),
    MetricSpec("blame_residue", "lower"),
    MetricSpec("output_blame", "lower", "sum"),
    MetricSpec("secrets_sent", "lower", "sum"),
    MetricSpec("model_calls", "lower", "sum"),
    MetricSpec("prompt_tokens", "lower", "sum", tolerance=0.1, relative=True),
    MetricSpec("completion_tokens", "lower", "sum", tolerance=0.1, relative=True),
    MetricSpec("latency_s", "lower", tolerance=None),
)
"""Every metric, in report order: quality, what the model adds, then cost."""

SPEC = {spec.name: spec for spec in SPECS}
METRICS = tuple(spec.name for spec in SPECS)
"""Every metric name, in report order."""
HIGHER_IS_BETTER = tuple(s.name for s in SPECS if s.direction == "higher")
LOWER_IS_BETTER = tuple(s.name for s in SPECS if s.direction == "lower")
SUMMED = tuple(s.name for s in SPECS if s.aggregation == "sum")
"""Metrics whose suite figure is the total over cases rather than the mean."""
MODEL_METRICS = tuple(s.name for s in SPECS if s.model)
"""The metrics that credit a model: a good model beats a weak one, which beats none."""


@dataclass(frozen=True)
class GoldTimedEvent:
    """A gold event with its time resolved."""

    time: dt.datetime
    kind: str


def match_events(
    produced: Sequence[TimelineEvent], gold: Sequence[GoldTimedEvent], tolerance_s: float
) -> list[tuple[int, int]]:
    """One-to-one (produced index, gold index) pairs of equal kind within the tolerance."""
    candidates: list[tuple[float, int, int]] = []
    for i, row in enumerate(produced):
        if row.time is None:
            continue
        for j, event in enumerate(gold):
            gap = abs((row.time - event.time).total_seconds())
            if row.kind == event.kind and gap <= tolerance_s:
                candidates.append((gap, i, j))
    used_rows: set[int] = set()
    used_gold: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _gap, i, j in sorted(candidates):
        if i in used_rows or j in used_gold:
            continue
        used_rows.add(i)
        used_gold.add(j)
        pairs.append((i, j))
    return pairs


def event_scores(
    produced: Sequence[TimelineEvent], gold: Sequence[GoldTimedEvent], tolerance_s: float
) -> tuple[float | None, float | None]:
    """Timeline event recall (over gold) and precision (over rows that claim a role)."""
    pairs = match_events(produced, gold, tolerance_s)
    matched_rows = {i for i, _ in pairs}
    claims = [i for i, row in enumerate(produced) if row.kind != "other"]
    recall = len(pairs) / len(gold) if gold else None
    precision = sum(1 for i in claims if i in matched_rows) / len(claims) if claims else None
    return recall, precision


def milestone_exactness(
    produced: Milestones, gold: Mapping[str, dt.datetime | None], tolerance_s: float
) -> float | None:
    """Share of gold milestones hit: same time within tolerance, or both absent."""
    if not gold:
        return None
    hits = 0
    for name, expected in gold.items():
        actual = _milestone_time(produced, name)
        if expected is None or actual is None:
            hits += expected is None and actual is None
        else:
            hits += abs((actual - expected).total_seconds()) <= tolerance_s
    return hits / len(gold)


def _milestone_time(milestones: Milestones, name: str) -> dt.datetime | None:
    if name == "start":
        return milestones.start
    mark = getattr(milestones, name)
    return mark.time if mark is not None else None


def duration_error(produced: ResponseMetrics, gold: Mapping[str, float]) -> float | None:
    """Mean absolute error, in minutes, of the gold durations; a missing figure counts fully."""
    if not gold:
        return None
    errors = []
    for name, expected in gold.items():
        actual = getattr(produced, name)
        errors.append(abs(actual - expected) if actual is not None else abs(expected))
    return sum(errors) / len(errors)


def groundedness(
    produced: Sequence[TimelineEvent], evidence: Mapping[tuple[str, int], Evidence]
) -> float | None:
    """Share of timeline rows whose every cited line exists and whose time the first one carries.

    ``evidence`` maps (source, line) to the ingested record of the cited lines. A row with a
    time must carry the time of its first cited line (collapsed rows: the first occurrence).
    """
    if not produced:
        return None
    grounded = sum(1 for row in produced if row_is_grounded(row, evidence))
    return grounded / len(produced)


def row_is_grounded(row: TimelineEvent, evidence: Mapping[tuple[str, int], Evidence]) -> bool:
    """True when the row's evidence exists and its time agrees with the first cited line."""
    found = [evidence.get((ref.source, ref.line)) for ref in row.evidence]
    if not found or any(record is None for record in found):
        return False
    first = found[0]
    if row.time is None or first is None or first.time is None:
        return True
    return row.time == first.time


def cited_refs(documents: Iterable[Postmortem]) -> set[tuple[str, int]]:
    """Every (source, line) a document's timeline or milestones cite."""
    refs: set[tuple[str, int]] = set()
    for document in documents:
        rows: list[EvidenceRef] = [ref for row in document.timeline for ref in row.evidence]
        for name in ("alert", "detection", "communication", "mitigation", "resolution"):
            mark = getattr(document.milestones, name)
            if mark is not None:
                rows.extend(mark.evidence)
        refs.update((ref.source, ref.line) for ref in rows)
    return refs


def locate_spans(text: str, snippets: Sequence[str]) -> list[tuple[int, int] | None]:
    """Character span of each gold snippet in ``text`` (whitespace-insensitive); None if absent."""
    spans: list[tuple[int, int] | None] = []
    for snippet in snippets:
        words = [re.escape(word) for word in snippet.split()]
        found = re.search(r"\s+".join(words), text) if words else None
        spans.append((found.start(), found.end()) if found else None)
    return spans


def blame_scores(
    findings: Sequence[Finding], gold_spans: Sequence[tuple[int, int] | None]
) -> tuple[float | None, float | None]:
    """Blameful-span recall (gold spans overlapped) and precision (findings on a gold span)."""
    located = [span for span in gold_spans if span is not None]

    def overlaps(finding: Finding, span: tuple[int, int]) -> bool:
        return finding.start < span[1] and span[0] < finding.end

    recall = None
    if gold_spans:
        recall = sum(1 for s in located if any(overlaps(f, s) for f in findings)) / len(gold_spans)
    precision = None
    if findings:
        precision = sum(1 for f in findings if any(overlaps(f, s) for s in located)) / len(findings)
    return recall, precision


def blame_residue(rewritten: str, cues: Sequence[Sequence[str]]) -> float | None:
    """Share of gold blameful spans whose cue words survive in the rewritten text."""
    if not cues:
        return None
    lowered = rewritten.lower()
    surviving = 0
    for words in cues:
        if any(_contains_phrase(lowered, word.lower()) for word in words):
            surviving += 1
    return surviving / len(cues)


def _contains_phrase(text: str, phrase: str) -> bool:
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)"
    return re.search(pattern, text) is not None


def why_stop_accuracy(review: Review, stops_human: bool, stops_proximate: bool) -> float:
    """Share of the two stop flags (human error, proximate cause) the review got right."""
    right = (review.whys.stops_at_human_error == stops_human) + (
        review.whys.stops_at_proximate_cause == stops_proximate
    )
    return right / 2


def find_item(items: Sequence[ActionItemReview], phrase: str) -> ActionItemReview | None:
    """The reviewed action item whose text holds ``phrase`` (case- and space-insensitive)."""
    wanted = " ".join(phrase.lower().split())
    for entry in items:
        if wanted in " ".join(entry.item.what.lower().split()):
            return entry
    return None


def smart_agreement(
    items: Sequence[ActionItemReview], gold: Sequence[tuple[str, Sequence[int]]]
) -> float | None:
    """Share of SMART letters equal to gold; an item not found disagrees on all five."""
    if not gold:
        return None
    agree = 0
    for phrase, letters in gold:
        entry = find_item(items, phrase)
        if entry is None:
            continue
        values = [getattr(entry.smart, letter) for letter in LETTERS]
        agree += sum(1 for got, want in zip(values, letters, strict=True) if got == want)
    return agree / (5 * len(gold))


def generated_texts(review: Review) -> list[str]:
    """Texts the review proposes to the author: proposed whys and action-item suggestions."""
    texts = [f"{step.question} {step.answer}" for step in review.whys.proposed_whys]
    texts += [entry.suggestion for entry in review.action_items if entry.suggestion]
    return texts


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none."""
    present = [value for value in values if value is not None]
    return sum(present) / len(present) if present else None


def aggregate(per_case: Sequence[Mapping[str, float | None]]) -> dict[str, float | None]:
    """Suite figures: the mean of each metric over the cases it applies to (totals for counts)."""
    result: dict[str, float | None] = {}
    for name in METRICS:
        values = [case.get(name) for case in per_case]
        if name in SUMMED:
            present = [value for value in values if value is not None]
            result[name] = sum(present) if present else None
        else:
            result[name] = mean(values)
    return result

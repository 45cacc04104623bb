"""The rules-only review of a postmortem draft: blame, whys depth, SMART items, completeness, score.

This is the complete review without a model; a model may later deepen the whys and rewrite
passages, but never replaces these findings. ``score_review`` explains its arithmetic in
``docs/review-score.md``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assistant.domain import (
    DOCUMENT_SECTIONS,
    ActionItemReview,
    Completeness,
    DocumentInfo,
    DocumentSection,
    Finding,
    Notice,
    Postmortem,
    Review,
    WhysReview,
)
from assistant.rules.actions.smart import review_document_action_items
from assistant.rules.blame.config import LintConfig
from assistant.rules.blame.find import find_blame
from assistant.rules.document.headings import split_sections
from assistant.rules.document.reader import read_postmortem
from assistant.rules.review.completeness import check_completeness
from assistant.rules.whys.review import review_whys

# Weights of the overall score (sum 100).
BLAME_POINTS, WHYS_POINTS, ACTIONS_POINTS, COMPLETENESS_POINTS = 30, 25, 25, 20


@dataclass(frozen=True)
class ScoreParts:
    """The four parts of the overall score, each in points."""

    blame: float
    whys: float
    actions: float
    completeness: float

    @property
    def total(self) -> int:
        return round(self.blame + self.whys + self.actions + self.completeness)


def _blame_points(findings: list[Finding]) -> float:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    return max(0.0, BLAME_POINTS - 6 * errors - 2 * warnings)


def _whys_points(whys: WhysReview) -> float:
    steps = len(whys.chain)
    if steps == 0:
        return 0.0
    if whys.stops_at_human_error:
        return WHYS_POINTS * 0.2
    if whys.stops_at_proximate_cause or whys.final_cause_category == "unknown":
        return WHYS_POINTS * 0.4
    depth = min(steps, 3) / 3  # a systemic end reached in three or more steps earns it all
    return WHYS_POINTS * (0.6 + 0.4 * depth)


def _action_points(items: list[ActionItemReview]) -> float:
    totals = [entry.smart.total for entry in items if entry.smart.total is not None]
    if not totals:
        return 0.0
    blameful = sum(1 for entry in items if entry.blame)
    mean = sum(totals) / (10 * len(totals))
    return max(0.0, ACTIONS_POINTS * mean - 3 * blameful)


def score_review(
    blame: list[Finding], whys: WhysReview, items: list[ActionItemReview], done: Completeness
) -> ScoreParts:
    """Overall quality in four weighted parts: blame 30, whys 25, action items 25, sections 20."""
    return ScoreParts(
        blame=_blame_points(blame),
        whys=_whys_points(whys),
        actions=_action_points(items),
        completeness=COMPLETENESS_POINTS * done.ratio,
    )


_SECTION_SOURCES: dict[DocumentSection, tuple[str, ...]] = {
    "lessons": ("went_well", "could_be_better"),
}
"""Template sections that count for a reported section (others count only for themselves)."""


def document_info(document: Postmortem, done: Completeness) -> DocumentInfo:
    """The header facts read from the document and which reported sections it has."""
    present = set(done.present)
    sections = {
        key: any(k in present for k in _SECTION_SOURCES.get(key, (key,)))
        for key in DOCUMENT_SECTIONS
    }
    duration = document.metrics.total_minutes
    if duration is None and document.start is not None and document.end is not None:
        duration = round((document.end - document.start).total_seconds() / 60, 1)
    return DocumentInfo(
        title=document.title,
        date=document.date,
        severity=document.severity,
        duration_minutes=duration,
        sections=sections,
    )


def review_document(
    text: str,
    *,
    incident_date: dt.date | None = None,
    config: LintConfig | None = None,
    source: str = "-",
) -> Review:
    """The complete rules-only review of the postmortem in ``text``."""
    sections = split_sections(text)
    read = read_postmortem(text, source=source)
    date = read.date or incident_date
    document = read
    if read.date is None and incident_date is not None:
        document = read.model_copy(update={"date": incident_date})

    def body(*keys: str) -> str:
        return "\n".join(s.body for s in sections if s.key in keys)

    blame = find_blame(text, config)
    whys = review_whys(body("root_cause"), body("whys"), body("contributing_factors"))
    items = review_document_action_items(text, date)
    done = check_completeness(sections, document)
    warnings = list(document.warnings)
    unresolved = any(i.startswith("due date not resolved") for e in items for i in e.issues)
    if date is None and unresolved:
        warnings.append(
            Notice(message="no incident date found; relative due dates were left unresolved "
                   "(add a Date: line or pass --date)", source=source)
        )
    review = Review(
        document=document_info(read, done),
        blame=blame,
        whys=whys,
        action_items=items,
        completeness=done,
        provenance={"blame": "rules", "whys": "rules", "action_items": "rules"},
        warnings=warnings,
    )
    return review.model_copy(update={"score": score_review(blame, whys, items, done).total})

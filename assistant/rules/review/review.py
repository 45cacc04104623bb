"""The rules-only review of a postmortem draft: blame, whys depth, SMART items, completeness, score.

This is the complete review without a model; a model may later deepen the whys and rewrite
passages, but never replaces these findings. ``score_review`` explains its arithmetic in
``docs/review-score.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from assistant.domain import (
    DOCUMENT_SECTIONS,
    SECTION_KEYS,
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
from assistant.rules.actions.smart import review_action_items
from assistant.rules.blame.config import LintConfig
from assistant.rules.blame.find import find_blame
from assistant.rules.document.contents import DocumentContents, read_contents
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


def document_info(
    document: Postmortem, done: Completeness, contents: DocumentContents | None = None
) -> DocumentInfo:
    """The header facts read from the document and which reported sections it has.

    With ``contents`` (the block-by-block reading of the text) a section is present when its
    content is there under any heading, and the date and title fall back on what it found.
    """
    present = set(done.present)
    sections = {
        key: any(k in present for k in _SECTION_SOURCES.get(key, (key,)))
        for key in DOCUMENT_SECTIONS
    }
    if contents is not None:
        sections = {key: contents.sections.get(key, sections[key]) for key in DOCUMENT_SECTIONS}
        if document.action_items:
            sections["action_items"] = True
    duration = document.metrics.total_minutes
    if duration is None and document.start is not None and document.end is not None:
        duration = round((document.end - document.start).total_seconds() / 60, 1)
    if duration is None and contents is not None:
        duration = _entries_span(contents)
    return DocumentInfo(
        title=document.title or (contents.title if contents else None),
        date=document.date or (contents.date if contents else None),
        severity=document.severity,
        duration_minutes=duration,
        sections=sections,
    )


def _entries_span(contents: DocumentContents) -> float | None:
    """Minutes from the first to the last clocked timeline entry (None below two entries)."""
    times = [e.time for e in contents.clocked() if not e.prose and e.time is not None]
    if len(times) < 2:
        return None
    return round((max(times) - min(times)).total_seconds() / 60, 1)


def _agree(done: Completeness, sections: Mapping[DocumentSection, bool]) -> Completeness:
    """Completeness whose present/missing template sections agree with the content reading."""
    present = set(done.present)
    for key in ("summary", "timeline", "root_cause", "impact", "action_items",
                "detection_response"):  # fmt: skip
        if sections.get(key):
            present.add(key)
        else:
            present.discard(key)
    if not sections.get("lessons"):
        present -= {"went_well", "could_be_better"}
    return done.model_copy(
        update={
            "present": tuple(k for k in SECTION_KEYS if k in present),
            "missing": tuple(k for k in SECTION_KEYS if k not in present),
            "ratio": round(len(present) / len(SECTION_KEYS), 3),
        }
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
    contents = read_contents(text, date=incident_date)
    date = incident_date or contents.date or read.date
    document = read
    if date is not None and date != read.date:
        document = read.model_copy(update={"date": date})

    def body(*keys: str) -> str:
        return "\n".join(s.body for s in sections if s.key in keys)

    blame = find_blame(text, config)
    whys = review_whys(body("root_cause"), body("whys"), body("contributing_factors"))
    items = review_action_items(body("action_items"), date)
    done = check_completeness(sections, document)
    info = document_info(document, done, contents)
    done = _agree(done, info.sections)
    warnings = list(document.warnings)
    if len(contents.clocked()) >= 3:  # the timeline was read by content: its lines are no loss
        warnings = [w for w in warnings if "timeline text without a time" not in w.message]
    if date is None and any(entry.item.due is None for entry in items):
        warnings.append(
            Notice(
                message="no incident date found; relative due dates were left unresolved "
                "(add a Date: line or pass --date)",
                source=source,
            )
        )
    review = Review(
        document=info,
        blame=blame,
        whys=whys,
        action_items=items,
        completeness=done,
        provenance={"blame": "rules", "whys": "rules", "action_items": "rules"},
        warnings=warnings,
    )
    return review.model_copy(update={"score": score_review(blame, whys, items, done).total})

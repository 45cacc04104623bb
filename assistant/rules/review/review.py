"""The rules-only review of a postmortem draft: blame, whys depth, SMART items, completeness, score.

This is the complete review without a model; a model may later deepen the whys and rewrite
passages, but never replaces these findings. ``score_review`` explains its arithmetic in
``docs/review-score.md``.
"""

from __future__ import annotations

import datetime as dt
import re
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
    ScorePart,
    WhysReview,
)
from assistant.rules.actions.smart import review_document_action_items
from assistant.rules.blame.config import LintConfig
from assistant.rules.blame.find import find_blame
from assistant.rules.document.contents import DocumentContents, read_contents
from assistant.rules.document.headings import split_sections
from assistant.rules.document.markdown import parse_markdown, sentences_of
from assistant.rules.document.reader import read_postmortem
from assistant.rules.review.completeness import check_completeness, parse_duration_minutes
from assistant.rules.whys.review import review_whys

# Weights of the overall score (sum 100).
BLAME_POINTS, CAUSE_POINTS, ACTIONS_POINTS, SECTIONS_POINTS, TIMELINE_POINTS = 20, 25, 25, 15, 15
SUBSTANCE_WORDS = 800
"""Words of prose a write-up needs before its blamelessness earns in full: saying nothing is
not the same as saying it without blame."""
ITEMS_FOR_FULL = 3
"""Concrete action items needed for the action-item part in full."""
ENTRIES_FOR_FULL = 6
"""Timed timeline entries needed for the timeline part in full."""
CAUSAL_SENTENCES_FOR_FULL = 6
_CAUSAL = re.compile(
    r"\b(because|caused|due\s+to|root\s+cause|resulted\s+in|led\s+to|as\s+a\s+result|triggered"
    r"|which\s+meant|so\s+that|this\s+meant|contribut\w+)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ScoreParts:
    """The parts of the overall score, each explained."""

    parts: tuple[ScorePart, ...]

    @property
    def total(self) -> int:
        return max(0, min(100, round(sum(p.points for p in self.parts))))

    def part(self, name: str) -> ScorePart:
        return next(p for p in self.parts if p.name == name)


def _blame_part(findings: list[Finding], words: int) -> ScorePart:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    substance = min(1.0, words / SUBSTANCE_WORDS)
    points = max(0.0, BLAME_POINTS * substance - 5 * errors - 2 * warnings)
    earned = [f"{words} words of prose with no blame found" if not findings
              else f"{words} words of prose"]  # fmt: skip
    lost = []
    if substance < 1:
        lost.append(f"short write-up ({words} of {SUBSTANCE_WORDS} words for full credit)")
    if errors:
        lost.append(f"{errors} blame error(s), -5 each")
    if warnings:
        lost.append(f"{warnings} blame warning(s), -2 each")
    return ScorePart(name="blamelessness", points=round(points, 1), out_of=BLAME_POINTS,
                     earned=tuple(earned), lost=tuple(lost))  # fmt: skip


def _cause_part(whys: WhysReview, causal_sentences: int) -> ScorePart:
    """Causal analysis: a why chain reaching a systemic cause, or causal prose that explains."""
    steps = len(whys.chain)
    earned: list[str] = []
    lost: list[str] = []
    chain = 0.0
    if steps:
        if whys.stops_at_human_error:
            chain = CAUSE_POINTS * 0.2
            lost.append("the why chain stops at human error")
        elif whys.stops_at_proximate_cause or whys.final_cause_category == "unknown":
            chain = CAUSE_POINTS * 0.4
            lost.append("the why chain stops before a systemic cause")
        else:
            chain = CAUSE_POINTS * (0.6 + 0.4 * min(steps, 3) / 3)
            earned.append(f"a why chain of {steps} step(s) reaching a systemic cause "
                          f"({whys.final_cause_category})")  # fmt: skip
    prose = CAUSE_POINTS * 0.7 * min(1.0, causal_sentences / CAUSAL_SENTENCES_FOR_FULL)
    if causal_sentences:
        earned.append(f"{causal_sentences} sentence(s) of causal explanation")
    if not steps and not causal_sentences:
        lost.append("no causal analysis found")
    points = max(chain, prose) if steps else prose
    if steps and chain < CAUSE_POINTS:
        points = min(CAUSE_POINTS, max(chain, prose) + 0.3 * min(chain, prose))
    return ScorePart(name="causal_depth", points=round(points, 1), out_of=CAUSE_POINTS,
                     earned=tuple(earned), lost=tuple(lost))  # fmt: skip


def _action_part(items: list[ActionItemReview]) -> ScorePart:
    totals = [entry.smart.total for entry in items if entry.smart.total is not None]
    if not totals:
        return ScorePart(name="action_items", points=0.0, out_of=ACTIONS_POINTS,
                         lost=("no action items found",))  # fmt: skip
    blameful = sum(1 for entry in items if entry.blame)
    mean = sum(totals) / (10 * len(totals))
    coverage = min(1.0, len(totals) / ITEMS_FOR_FULL)
    points = max(0.0, ACTIONS_POINTS * mean * coverage - 3 * blameful)
    earned = [f"{len(items)} action item(s), mean SMART {mean * 10:.1f}/10"]
    lost = []
    if coverage < 1:
        lost.append(f"fewer than {ITEMS_FOR_FULL} concrete action items")
    if mean < 1:
        lost.append(f"items not fully SMART (mean {mean * 10:.1f}/10)")
    if blameful:
        lost.append(f"{blameful} blameful item(s), -3 each")
    return ScorePart(name="action_items", points=round(points, 1), out_of=ACTIONS_POINTS,
                     earned=tuple(earned), lost=tuple(lost))  # fmt: skip


def _sections_part(sections: Mapping[DocumentSection, bool]) -> ScorePart:
    have = [k for k in DOCUMENT_SECTIONS if sections.get(k)]
    missing = [k for k in DOCUMENT_SECTIONS if not sections.get(k)]
    points = SECTIONS_POINTS * len(have) / len(DOCUMENT_SECTIONS)
    return ScorePart(
        name="sections", points=round(points, 1), out_of=SECTIONS_POINTS,
        earned=(f"present: {', '.join(have)}",) if have else (),
        lost=(f"missing: {', '.join(missing)}",) if missing else (),
    )


def _timeline_part(contents: DocumentContents | None) -> ScorePart:
    entries = [e for e in contents.clocked() if not e.prose] if contents else []
    dated = [e for e in contents.entries if e.time is None and not e.prose] if contents else []
    weight = len(entries) + 0.5 * len(dated)  # a date without a clock counts half
    points = TIMELINE_POINTS * 0.8 * min(1.0, weight / ENTRIES_FOR_FULL)
    earned, lost = [], []
    if dated:
        earned.append(f"{len(dated)} dated entries without a clock (half credit)")
    if entries:
        earned.append(f"{len(entries)} timed timeline entries")
        if all(e.zone_stated for e in entries):
            points += TIMELINE_POINTS * 0.2
            earned.append("their time zone is stated")
        else:
            lost.append("no time zone stated for some entries")
    elif not dated:
        lost.append("no timed timeline entries")
    if 0 < weight < ENTRIES_FOR_FULL:
        lost.append(f"fewer than {ENTRIES_FOR_FULL} timed entries")
    return ScorePart(name="timeline", points=round(points, 1), out_of=TIMELINE_POINTS,
                     earned=tuple(earned), lost=tuple(lost))  # fmt: skip


def _prose_measures(text: str) -> tuple[int, int]:
    """Words of prose and sentences that explain a cause, from the document's blocks."""
    blocks = parse_markdown(text).blocks
    prose = [b.text for b in blocks if b.kind in ("paragraph", "item")]
    words = sum(len(t.split()) for t in prose)
    causal = sum(1 for _, _, sentence in sentences_of(text) if _CAUSAL.search(sentence))
    return words, causal


def score_review(
    blame: list[Finding],
    whys: WhysReview,
    items: list[ActionItemReview],
    sections: Mapping[DocumentSection, bool],
    *,
    contents: DocumentContents | None = None,
    text: str = "",
) -> ScoreParts:
    """Overall quality in five explained parts: blamelessness 20, causal depth 25, action items
    25, sections 15, timeline 15 (``docs/review-score.md``)."""
    words, causal = _prose_measures(text) if text else (0, 0)
    return ScoreParts((
        _blame_part(blame, words),
        _cause_part(whys, causal),
        _action_part(items),
        _sections_part(sections),
        _timeline_part(contents),
    ))  # fmt: skip


_SECTION_SOURCES: dict[DocumentSection, tuple[str, ...]] = {
    "lessons": ("went_well", "could_be_better"),
}
"""Template sections that count for a reported section (others count only for themselves)."""


def document_info(
    document: Postmortem,
    done: Completeness,
    contents: DocumentContents | None = None,
    text: str = "",
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
    if duration is None and text:
        duration = parse_duration_minutes(text)
    if duration is None and contents is not None:
        duration = _entries_span(contents)
    return DocumentInfo(
        title=document.title or (contents.title if contents else None),
        date=document.date or (contents.date if contents else None),
        severity=document.severity or (contents.severity if contents else None),
        duration_minutes=duration,
        sections=sections,
    )


def _entries_span(contents: DocumentContents) -> float | None:
    """Minutes from the first to the last clocked timeline entry, when they lie within a day
    (None below two entries: a timeline over days is no measure of the impact)."""
    times = [e.time for e in contents.clocked() if not e.prose and e.time is not None]
    if len(times) < 2:
        return None
    minutes = round((max(times) - min(times)).total_seconds() / 60, 1)
    return minutes if minutes <= 24 * 60 else None


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
    items = review_document_action_items(text, date)
    done = check_completeness(sections, document)
    info = document_info(document, done, contents, text)
    done = _agree(done, info.sections)
    warnings = list(document.warnings)
    if len(contents.clocked()) >= 3:  # the timeline was read by content: its lines are no loss
        warnings = [w for w in warnings if "timeline text without a time" not in w.message]
    unresolved = any(i.startswith("due date not resolved") for e in items for i in e.issues)
    if date is None and unresolved:
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
    parts = score_review(blame, whys, items, info.sections, contents=contents, text=text)
    return review.model_copy(update={"score": parts.total, "score_parts": list(parts.parts)})

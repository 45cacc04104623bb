"""Split a postmortem written by a person into the template's sections.

People write headings in many ways: ``## Root Cause Analysis``, ``### 5 Whys``, ``**Timeline**``,
``Action Items:``, ``# Lessons learned``. ``split_sections`` finds heading lines of any of these
shapes and maps their wording to a canonical key of the template (``SECTION_KEYS`` in the domain
plus a few sub-sections such as ``whys`` and ``contributing_factors``). Text is never lost: every
line belongs to exactly one section, and lines before the first heading form the ``preamble``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ordered: the first pattern that matches a heading's wording decides its key.
_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("whys", r"\b(5|five)\s*whys?\b|\bwhy\s*chain\b|\bwhys\b"),
    ("contributing_factors", r"contributing|swiss\s*cheese|\bfactors\b"),
    (
        "proximate_vs_root",
        r"proximate|trigger(ing)?\s+(vs|versus|and)\s+root|^triggers?$|^triggering\s+event"
        r"|^what\s+triggered|^fault$",
    ),
    ("root_cause", r"root\s*cause|\brca\b|\bcauses?\b|analysis\s+of\s+cause"),
    ("timeline", r"timeline|chronology|sequence\s+of\s+events|what\s+happened\s+when"),
    (
        "detection_response",
        r"detection|response\s+(metrics|time|quality)|time\s+to\s+(detect|recover|mitigate)"
        r"|\bmtt[dra]\b|^(response|recovery|resolution|mitigation)$|^(response|recovery)\s+and\b",
    ),
    ("impact", r"impact|customer\s+effect|blast\s+radius|scope"),
    ("went_well", r"went\s+well|what\s+worked|good\s+things|positives?\b|where\s+we\s+got\s+lucky"),
    (
        "could_be_better",
        r"could\s+(be|have\s+gone)\s+better|went\s+(wrong|poorly|badly)|didn'?t\s+go\s+well"
        r"|improve(ments)?\b|lessons?\s+learn|to\s+improve|what\s+was\s+hard",
    ),
    (
        "action_items",
        r"action\s*items?|follow[\s-]*ups?|remediation|next\s+steps|\btasks?\b|todo"
        r"|corrective\s+actions?|^actions$",
    ),
    ("preventive_measures", r"prevent|recurrence|long[\s-]*term\s+fix"),
    ("appendices", r"appendi|evidence|supporting|related\s+incidents|references|attachments"),
    ("summary", r"summary|overview|description|tl;?dr|background|executive|lead[\s-]?up"),
)

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_BOLD_HEADING = re.compile(r"^\s*(\*\*|__)([^*_]{2,80}?)\1\s*:?\s*$")
_COLON_HEADING = re.compile(r"^([A-Z][A-Za-z0-9 &/'()\-]{2,60}):\s*$")


@dataclass(frozen=True)
class Section:
    """A run of lines under one heading. ``start_line`` is the 1-based line of the heading."""

    key: str
    heading: str
    level: int
    start_line: int
    body: str
    body_start_line: int
    """1-based line number of the first line of ``body``."""


def classify_heading(heading: str) -> str | None:
    """The canonical section key a heading's wording names, or None if it names none."""
    words = re.sub(r"[*_`#:]+", " ", heading).strip().lower()
    words = re.sub(r"^\d+(\.\d+)*\.?\s+", "", words)  # "3. Timeline" -> "timeline"
    for key, pattern in _SYNONYMS:
        if re.search(pattern, words):
            return key
    return None


def _marks(text: str) -> list[tuple[int, int, str, int]]:
    """``(first line index, body line index, heading, level)`` of every heading line.

    Headings come from the Markdown parser (ATX and setext; never inside code or front
    matter), plus the informal ones people write: a paragraph that is only bold text
    (``**Timeline**``) and a single line ``Action Items:`` whose wording names a section.
    """
    from assistant.rules.document.markdown import parse_markdown

    marks: list[tuple[int, int, str, int]] = []
    for block in parse_markdown(text).blocks:
        if block.kind == "heading":
            raw = block.lines[0] if block.lines else block.text
            atx = _MD_HEADING.match(raw)
            heading = atx.group(2).strip() if atx else raw.strip()
            marks.append((block.start - 1, block.end, heading, block.level))
        elif block.kind == "paragraph" and len(block.lines) == 1:
            line = block.lines[0]
            bold = _BOLD_HEADING.match(line)
            if bold:
                marks.append((block.start - 1, block.start, bold.group(2).strip(), 3))
                continue
            colon = _COLON_HEADING.match(line)
            if colon and classify_heading(colon.group(1)) is not None:
                marks.append((block.start - 1, block.start, colon.group(1).strip(), 3))
    return marks


def split_sections(text: str) -> list[Section]:
    """Every heading-led run of lines, in order, with its canonical key.

    A heading whose wording names no template section (``## Background notes``) keeps the key of
    the section it sits in when it is deeper than that section's heading, otherwise it gets the
    key ``other``. Headings are found by a Markdown parser, so a ``#`` inside a fenced block, a
    front matter's ``---`` and a table's separator row are never headings.
    """
    lines = text.splitlines()
    marks: list[tuple[int, int, str, int, str]] = []  # (index, body index, heading, level, key)
    for index, body_index, heading, level in _marks(text):
        key = classify_heading(heading)
        if key is None:
            parent = next((m for m in reversed(marks) if m[3] < level), None)
            key = parent[4] if parent is not None else ("title" if level == 1 else "other")
        marks.append((index, body_index, heading, level, key))

    sections: list[Section] = []
    first = marks[0][0] if marks else len(lines)
    if first > 0:
        sections.append(Section("preamble", "", 0, 1, "\n".join(lines[:first]), 1))
    for position, (index, body_index, heading, level, key) in enumerate(marks):
        end = marks[position + 1][0] if position + 1 < len(marks) else len(lines)
        body_start = min(max(body_index, index + 1), end)
        body = "\n".join(lines[body_start:end])
        sections.append(Section(key, heading, level, index + 1, body, body_start + 1))
    return sections


def section_text(sections: list[Section], key: str) -> str:
    """All body text filed under ``key``, joined in document order ("" when absent)."""
    return "\n".join(s.body for s in sections if s.key == key).strip("\n")

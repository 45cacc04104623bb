"""The draft's title: the incident named from the notes' own heading or first line, else the
symptom, never a table row or a bare date.
"""

from __future__ import annotations

import re

from assistant.domain import (
    Evidence,
)
from assistant.ingest.notes import stated_zone

_TITLE_MAX = 100


_TITLE_LINES = 12
"""A heading or ``title:`` within a source's first lines names it."""


_GENERIC_TITLE = re.compile(
    r"^(?:timeline|notes?|summary|incident(?: notes| report| timeline)?|post-?mortem|overview"
    r"|status|updates?|log|chat|transcript)\W*(?:\([^)]*\)\W*)?$",
    re.IGNORECASE,
)


_DATE_LINE = re.compile(
    r"^[\W\d_]*(?:(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
    r"|dec)[a-z]*\.?[\W\d_]*){0,3}$",
    re.IGNORECASE,
)


def _not_an_event(text: str) -> bool:
    """True for a line that only dates or zones what follows (``2025-06-12``, ``Tue 3 June``,
    ``All times in CET``)."""
    return bool(_DATE_LINE.match(text)) or (len(text) <= 60 and stated_zone(text) is not None)


def title_of(evidence: Evidence, *, first: bool) -> str:
    """A title from one of a source's first lines (``# Checkout outage`` -> ``Checkout
    outage``, ``title: ...``, or a plain first line), or "" when it is not one: a timed line,
    a table row, a list item, a front-matter fence, a generic heading."""
    text = evidence.text.strip()
    if evidence.time is not None or not text or text[0] in "|-*+>[<{" or text[0].isdigit():
        return ""
    if text.lower().startswith("title:"):
        text = text[len("title:") :].strip().strip("\"'")
    elif text.startswith("#"):
        text = text.lstrip("#").strip()
    elif not first:
        return ""
    text = text.strip("*_`").strip()
    if _GENERIC_TITLE.match(text):
        return ""
    if len(text) > _TITLE_MAX or sum(c.isalpha() for c in text) < 4:
        return ""
    return text

"""Applying blameless rewrites, showing them as a diff, and checking they keep the facts.

- ``apply_suggestions`` replaces the sentence of each finding with the finding's suggestion
  (one finding: "apply one"; all findings: "apply all").
- ``unified_diff`` shows what changed, as ``git diff`` would.
- ``facts_preserved`` lists the facts of an original passage (numbers, times, dates, versions,
  hosts, service names, ids) that a rewrite lost. A rewrite from a model is accepted only when
  this list is empty: blameless wording must never cost a fact.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence

from assistant.domain import Finding
from assistant.errors import InputError
from assistant.rules.blame.find import sentence_bounds
from assistant.rules.blame.lexicon import PRODUCT_NAMES, ROLE_NOUNS

_NUMBER_WORDS = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "fifteen": "15", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50",
    "sixty": "60", "ninety": "90", "hundred": "100",
}

# Ordered: the first pattern that covers a stretch of text claims it.
_FACT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("code", re.compile(r"`([^`\n]+)`")),
    ("url", re.compile(r"https?://[^\s)>\]]+")),
    ("ip", re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b")),
    ("timestamp", re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?"
                             r"(?:Z|[+-]\d{2}:?\d{2})?")),
    ("date", re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
                        r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
                        r"\s+\d{1,2}(?:st|nd|rd|th)?\b")),
    ("time", re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s?(?:am|pm|AM|PM))?(?:\s?UTC|Z)?")),
    ("version", re.compile(r"\bv?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?\b")),
    ("id", re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d+\b|#\d+\b|\bPR\s?#?\d+\b|#[a-z][\w-]+")),
    ("host", re.compile(r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+\.[a-z]{2,}\b"
                        r"|\b(?=[a-z0-9-]*[a-z])(?=[a-z0-9-]*\d)[a-z0-9]+(?:-[a-z0-9]+)+\b")),
    ("service", re.compile(r"\b[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+\b|\b[A-Z][a-z]+[A-Z]\w*\b"
                           r"|\b[A-Z]{2,}[0-9]*\b|\b[A-Z][a-z]+\b")),
    ("quantity", re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?\s?(?:%|percent\b|[a-zA-Z]{1,7}\b)?")),
    ("number_word", re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)),
)


def _claim(taken: list[bool], start: int, end: int) -> bool:
    """Mark ``[start, end)`` as used; False if any part of it was already claimed."""
    if any(taken[start:end]):
        return False
    taken[start:end] = [True] * (end - start)
    return True


def extract_facts(text: str) -> list[str]:
    """The checkable facts of ``text`` in order of appearance, without duplicates.

    Capitalised words count only when they name a known system ("Redis", "Kafka"), not people:
    a blameless rewrite is expected to drop a person's name.
    """
    taken = [False] * len(text)
    found: list[tuple[int, str]] = []
    for kind, pattern in _FACT_PATTERNS:
        for match in pattern.finditer(text):
            value = match.group(1) if kind == "code" else match.group(0).strip()
            if kind == "service" and not _is_system_name(value):
                continue
            if value and _claim(taken, match.start(), match.end()):
                found.append((match.start(), value))
    facts: list[str] = []
    for _, value in sorted(found):
        if value not in facts:
            facts.append(value)
    return facts


def _is_system_name(word: str) -> bool:
    """True for identifiers and product names, not for ordinary capitalised words, names or
    roles ("on-call" is who, not what: a blameless rewrite may drop it)."""
    if word.lower() in ROLE_NOUNS:
        return False
    if re.fullmatch(r"[A-Z][a-z]+", word):
        return word.lower() in PRODUCT_NAMES
    if re.fullmatch(r"[A-Z]{2,}[0-9]*", word):
        return word not in {"UTC", "GMT", "PR", "RCA", "TL", "DR", "IC", "SRE", "QA", "OK"}
    return not _PREFIXED_WORD.fullmatch(word)


_PREFIXED_WORD = re.compile(r"(?:re|pre|un|de|co|non|over|under|mis|self|multi|cross)-[a-z]+")
"""Ordinary English words with a hyphenated prefix ("re-enable", "pre-warm"): a rewrite may
inflect them ("re-enabled"), so they are not names of systems to keep letter for letter."""


def _normalise(text: str) -> str:
    """Lower case, spaces collapsed, number words as digits: how facts are compared."""
    lowered = re.sub(r"\s+", " ", text.lower())
    lowered = re.sub(r"\s+%", "%", lowered).replace(" percent", "%")
    return re.sub(
        r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", lambda m: _NUMBER_WORDS[m.group(1)], lowered
    )


def facts_preserved(original: str, rewrite: str) -> list[str]:
    """Facts of ``original`` missing from ``rewrite``; an empty list means nothing was lost."""
    target = _normalise(rewrite)
    missing: list[str] = []
    for fact in extract_facts(original):
        wanted = _normalise(fact)
        if not re.search(r"(?<![\w.])" + re.escape(wanted) + r"(?![\w])", target):
            missing.append(fact)
    return missing


def facts_added(original: str, rewrite: str) -> list[str]:
    """Facts of ``rewrite`` that ``original`` does not hold: a rewrite must not invent any.

    Catches a model that slips new figures, names of systems or injected markers ("APPROVED")
    into what should only be a neutral rewording.
    """
    return facts_preserved(rewrite, original)


def _check_current(text: str, finding: Finding) -> None:
    """Fail when a finding no longer points at the same words (the text changed since lint)."""
    if text[finding.start : finding.end] != finding.text:
        raise InputError(
            f"line {finding.line}",
            f"the text changed since it was checked (expected {finding.text!r}); lint it again",
        )


def apply_suggestions(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with the sentence of every finding replaced by that finding's suggestion.

    Pass one finding to apply one, or all of ``find_blame``'s findings to apply all. Findings in
    one sentence share its rewrite, which is applied once. An empty suggestion removes the
    sentence (pure sarcasm has nothing to keep).
    """
    replacements: dict[tuple[int, int], str] = {}  # a None suggestion leaves its sentence
    for finding in findings:
        _check_current(text, finding)
        if finding.suggestion is None:
            continue  # advice only: the sentence has no offline rewrite
        bounds = sentence_bounds(text, finding.start)
        replacements.setdefault(bounds, finding.suggestion)
    result = text
    for (start, end), suggestion in sorted(replacements.items(), reverse=True):
        if not suggestion:
            end += len(result[end:]) - len(result[end:].lstrip(" "))
        result = result[:start] + suggestion + result[end:]
    return result


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of two versions of the document ``name`` ("" when they are equal)."""
    lines_before = before.splitlines(keepends=True)
    lines_after = after.splitlines(keepends=True)
    diff = difflib.unified_diff(lines_before, lines_after, f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n" for line in diff)

"""Metrics of what a model adds: facts its prose states, claims it cannot back, the causes its
whys reach, the action items it drafts and whether its rewrites keep the meaning.

Every function is pure. Phrases are matched word by word with ``rapidfuzz``, so "gift-card
carts" finds "carts with a gift card" and "rollbacks" finds "rollback", while a number, a time
or a version must appear exactly: "14:03" is not "14:08" however alike they look.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

WORD_SIMILARITY = 85.0
"""rapidfuzz ratio at which two words count as the same word (plural, inflection, typo)."""

ITEM_WORD_SHARE = 0.75
"""Share of a gold action item's words a drafted item must hold to cover it."""

STOPWORDS = frozenset({
    "a", "an", "and", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of",
    "on", "or", "so", "the", "to", "was", "were", "with",
})

_CLAIM = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"  # dates
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\b"  # clock times
    r"|\b\d+(?:[.,]\d+)+\b"  # decimals, versions, thousands: 1.2, 4.12.0, 3,900
    r"|\b\d+(?:%|k\b|x\b|M\b|ms\b|s\b)"  # figures with a unit: 35%, 212k, 14x, 800ms
    r"|\b\d{3,}\b"  # long numbers: ticket ids, counts, ports
    r"|[#@][\w-]+"  # channels, handles
    r"|\b[A-Za-z]+[a-z][A-Z]\w*"  # CamelCase names: PriceCalculator
    r"|\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d+\b"  # numbered hosts: orders-db-1, mail-relay-2
    r"|\b[a-z][\w-]*(?:\.[a-z][\w-]*)+"  # dotted names: search.query_cache.enabled
)
"""What prose claims checkably. Small plain numbers (minutes between two events, counts) and
ordinary hyphenated words are left out: they are derived or wording, not facts to look up."""


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased with punctuation as spaces (rapidfuzz's processor)."""
    return default_process(text).split()


def _is_exact(word: str) -> bool:
    return any(char.isdigit() for char in word)


def _same_word(want: str, have: str) -> bool:
    if _is_exact(want) or _is_exact(have):
        return want == have
    return want == have or fuzz.ratio(want, have) >= WORD_SIMILARITY


def word_share(phrase: str, text: str) -> float:
    """Share of the phrase's content words found in ``text`` (numbers exactly, words fuzzily)."""
    wanted = [word for word in words(phrase) if word not in STOPWORDS] or words(phrase)
    if not wanted:
        return 0.0
    present = set(words(text))
    found = sum(1 for want in wanted if want in present or any(_same_word(want, have)
                                                               for have in present))
    return found / len(wanted)


def states(text: str, phrase: str) -> bool:
    """True when ``text`` states every content word of ``phrase``."""
    return word_share(phrase, text) >= 1.0


def fact_recall(text: str | None, facts: Sequence[str]) -> float | None:
    """Share of the gold facts ``text`` states; None without gold, 0 when there is no text."""
    if not facts:
        return None
    if not text:
        return 0.0
    return sum(1 for fact in facts if states(text, fact)) / len(facts)


def claims(text: str) -> set[str]:
    """Checkable claims in prose: dates, times, numbers, versions, channels and system names."""
    return {match.group(0).lower().rstrip(".,") for match in _CLAIM.finditer(text)}


def unsupported(texts: Iterable[str], evidence: str, allowed: Iterable[str] = ()) -> list[str]:
    """Claims of ``texts`` that ``evidence`` does not contain and ``allowed`` (figures the rules
    derived from it, such as durations and the times of the evidence) does not list, sorted.

    The evidence is searched as lower-cased text, so "14:03" is backed by "14:03:12"."""
    known = evidence.lower()
    exempt = {value.lower() for value in allowed}
    found = {claim for text in texts for claim in claims(text)}
    return sorted(claim for claim in found if claim not in exempt and claim not in known)


@dataclass(frozen=True)
class CauseText:
    """One statement of a cause the output makes, with the category it carries (if any)."""

    text: str
    category: str | None = None


def reaches(statements: Sequence[CauseText], category: str, keywords: Sequence[str]) -> bool:
    """True when one statement names every keyword of the cause (and carries its category, when
    the statement carries one at all)."""
    for statement in statements:
        if statement.category is not None and statement.category != category:
            continue
        if all(states(statement.text, keyword) for keyword in keywords):
            return True
    return False


def item_coverage(drafted: Sequence[str], gold: Sequence[str]) -> float | None:
    """Share of the gold action items some drafted item covers (most of its words)."""
    if not gold:
        return None
    covered = sum(1 for phrase in gold
                  if any(word_share(phrase, item) >= ITEM_WORD_SHARE for item in drafted))
    return covered / len(gold)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The text split into sentences and lines, whitespace-normalised."""
    return [" ".join(part.split()) for part in _SENTENCE_END.split(text) if part.strip()]


def rewrite_pairs(original: str, rewritten: str) -> list[tuple[str, str]]:
    """(original sentences, rewritten sentences) of every changed stretch of the document."""
    before, after = sentences(original), sentences(rewritten)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return [(" ".join(before[i1:i2]), " ".join(after[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag in ("replace", "delete")]


def meaning_kept(
    original: str, rewritten: str, passages: Sequence[str], facts: Sequence[str],
    lint: Callable[[str], int],
    *,
    proposals: Sequence[tuple[str, str | None]] | None = None,
) -> float | None:
    """Share of the gold blameful passages rewritten with their meaning kept: every fact of the
    passage (gold facts and its own numbers, times and names) survives, none is added, and the
    rewrite lints clean (``lint`` counts findings). A passage left as written counts as not kept.

    With a model, ``proposals`` (each flagged passage and the model's rewrite as proposed) are
    judged, not the final text: the product refuses a bad rewrite and falls back to the rules',
    which would hide how good the model's own rewrites are.
    """
    if not passages:
        return None
    pairs = (
        [(old, new or "") for old, new in proposals]
        if proposals else rewrite_pairs(original, rewritten)
    )
    kept = 0
    for passage in passages:
        wanted = " ".join(passage.split())
        pair = next(((old, new) for old, new in pairs if wanted in old), None)
        if pair is None or not pair[1]:
            continue
        old, new = pair
        own_facts = [fact for fact in facts if states(old, fact)]
        keeps = all(states(new, fact) for fact in own_facts) and claims(old) <= claims(new)
        adds = bool(claims(new) - claims(old))
        kept += keeps and not adds and lint(new) == 0
    return kept / len(passages)

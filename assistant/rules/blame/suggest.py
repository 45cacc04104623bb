"""Neutral rewrites for blameful sentences.

Each rule hands back a ``Fix``: a span of the sentence and the neutral text that replaces it. The
common move is to drop the person and put the object first ("Dave forgot to renew the
certificate" -> "The certificate was not renewed"); judgement and hindsight words are removed;
"human error" becomes the condition that made the slip possible. ``rewrite_sentence`` applies
every fix of one sentence and tidies spacing, capitals and articles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.rules.blame.lexicon import (
    CLAUSE_VERBS,
    INTRANSITIVE_VERBS,
    NO_FORM,
    PHRASAL_VERBS,
    TRANSITIVE_VERBS,
    gerund,
)

_PREPOSITION_SPLIT = re.compile(
    r"\s(?=(?:(?:for|at|in|on|to|into|onto|against|from|with|without|by|during|within|over|under"
    r"|about|straight|directly|instead|back|before|after|until|since|while|when|because|so|again"
    r"|yet|either|anyway|too|twice|ever|lol|tbh|today|yesterday|earlier|sooner|later"
    r"|much|way|all|an\s+hour)\b|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen"
    r"|twenty|thirty|forty|fifty|sixty)(?:\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?"
    r"|seconds?|ms)\b|:\d\d)))",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(
    r"[,;:!?()]|\.(?=\s|$)|\s(?=(?:so|because|and|but|which|while|when|until|since|then|as|if"
    r"|although|though|whereas|unless)\s)|\s[-\u2013\u2014]\s",
    re.IGNORECASE,
)
_OPENS_CLAUSE = re.compile(r"^(?:whether|that|if|what|which|who|how|why|to|a\s+single)\b", re.I)
_PLURAL_EXCEPTIONS = ("ss", "us", "is", "ous", "dns", "ops", "sms", "aws", "redis", "postgres")
_PLURAL_WORDS = frozenset({"they", "them", "people", "data"})

_ADVERBIAL = re.compile(
    r"(?:before|after|during|until|till|when|while|within|since|in\s+time|again|sooner|earlier"
    r"|later|much|way|\d|at\s+\d|for\s+(?:\d|an?\s|about|over|under|more|less|several|hours"
    r"|minutes|days|weeks|the\s+(?:first|next|whole|entire|rest)))\b",
    re.IGNORECASE,
)
_PARTICLES = frozenset({"off", "on", "up", "down", "back", "out", "over"})
_PERSONAL_OBJECTS = frozenset({"us", "me", "him", "her", "them", "you", "everyone", "anyone"})
_WH_WORDS = frozenset({"whether", "if", "how", "what", "which", "why", "where", "when", "who"})
_BAD_OBJECT_STARTS = frozenset(
    {"up", "down", "out", "off", "better", "worse", "more", "less", "much", "so", "too", "very",
     "enough", "again", "anyway", "now", "then", "there", "here", "also", "just", "even",
     "instead", "not", "never", "and", "but", "or", "as", "than", "about", "around"}
)
_FINITE = re.compile(r"\s(?:was|were|is|are|had|has|would|could|did|will)\s", re.IGNORECASE)

UNGUARDED_STEP = "a manual step without a safeguard"
PROCESS_GAP = "a gap in the process"


@dataclass(frozen=True)
class Fix:
    """Replace ``text[start:end]`` (absolute offsets) by ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Shape:
    """Builds a clause from an object and its verb "be" (``was``/``were``)."""

    words: str
    """The participle ("acknowledged") or, for ``went`` shapes, the whole state ("broke")."""
    negative: bool
    """True when the clause says something did not happen ("was not acknowledged")."""
    is_passive: bool

    def __call__(self, obj: str, be: str) -> str:
        if not self.is_passive:
            return f"{obj} {self.words}"
        return f"{obj} {be}{' not' if self.negative else ''} {self.words}"


def was(participle: str, *, negative: bool = False) -> Shape:
    """A shape "<object> was [not] <participle>" (e.g. "the alert was not acknowledged")."""
    return Shape(participle, negative, True)


def went(state: str) -> Shape:
    """A shape "<object> <state>" for verbs with no good passive ("went unnoticed")."""
    return Shape(state, state in ("went unnoticed", "went unattended"), False)


def clause_end(masked: str, sentence_start: int, position: int) -> int:
    """Absolute offset where the clause containing ``position`` ends."""
    local = position - sentence_start
    match = _CLAUSE_END.search(masked, local)
    return sentence_start + (match.start() if match else len(masked.rstrip()))


def split_object(words: str) -> tuple[str, str]:
    """Split what follows a verb into its object and the rest ("the alert", "for 25 minutes")."""
    words = words.strip()
    match = _PREPOSITION_SPLIT.search(" " + words)
    if match is not None and match.start() == 0 and re.match(r"\s(?:all|much|way)\b", match.group(0)
                                                             + words[:4], re.IGNORECASE):
        match = _PREPOSITION_SPLIT.search(" " + words, 1)  # "all the pods": an object
    if match is None:
        return words, ""
    cut = max(match.start() - 1, 0)
    return words[:cut].strip(), words[cut:].strip()


def _be(obj: str) -> str:
    """``was`` or ``were`` to agree with the object's head noun."""
    head = obj.split()[-1].lower() if obj.split() else ""
    plural = head in _PLURAL_WORDS or (
        head.endswith("s") and not head.endswith(_PLURAL_EXCEPTIONS) and len(head) > 3
    )
    return "were" if plural else "was"


def _subject_form(obj: str) -> str:
    """An object reworded to serve as a subject ("it" -> "it", "them" -> "they")."""
    return {"them": "they", "him": "he", "her": "she", "us": "we", "me": "I"}.get(
        obj.lower(), obj
    )


def passive(
    obj_and_rest: str,
    verb: str,
    shape: Shape,
    *,
    default_object: str | None = None,
) -> str:
    """The object of ``verb`` promoted to subject: ``shape(object, was/were)`` plus the rest.

    With no usable object ("escalate to the database team", "check whether ...") the action
    itself becomes the subject ("Escalating to the database team did not happen"), or
    ``default_object`` stands in when given. A that-clause object ("known the flag was global")
    becomes "it ... that ...".
    """
    from assistant.rules.blame.inflect import lemma

    base = lemma(verb.split()[0]) if verb.split() else ""
    obj, rest = split_object(obj_and_rest)
    words = obj.split()
    while len(words) > 1 and words[-1].lower().endswith("ly"):  # "the tests locally"
        rest = f"{words.pop()} {rest}".strip()
    obj = " ".join(words)
    phrasal = len(words) > 1 and f"{base} {words[-1].lower()}" in PHRASAL_VERBS
    if phrasal and words[-1].lower() in _PARTICLES:
        obj, rest = " ".join(words[:-1]), f"{words[-1]} {rest}".strip()
    first = words[0].lower() if words else ""
    if first in _WH_WORDS:
        if base not in CLAUSE_VERBS:
            return NO_FORM
        return f"{shape('it', 'was')} {obj} {rest}".strip()  # "it was not checked whether"
    if obj and _FINITE.search(f" {obj} "):
        if base not in CLAUSE_VERBS:
            return NO_FORM  # only verbs of knowing and saying take a that-clause
        fact = re.sub(r"^that\s+", "", obj, flags=re.IGNORECASE)
        return f"{shape('it', 'was')} that {fact} {rest}".strip()
    if first in _BAD_OBJECT_STARTS or first.endswith("ly") or len(words) > 10 or any(
        w.lower() in ("not", "never", "no") for w in words
    ):
        return NO_FORM  # "badly", "not to restart ...": no noun phrase to promote
    if not obj and default_object:
        obj = default_object
    if not obj or _OPENS_CLAUSE.match(obj) or first in _PERSONAL_OBJECTS:
        if not shape.negative:
            return NO_FORM  # "breaking ... did not happen" would deny what happened
        when = _ADVERBIAL.match(rest)
        if not obj and when:
            return f"{gerund(verb).capitalize()} did not happen {rest}".strip()
        action = " ".join(p for p in (gerund(verb), obj, rest) if p)
        return f"{action} did not happen"
    if shape.is_passive and base in INTRANSITIVE_VERBS and base not in TRANSITIVE_VERBS:
        return NO_FORM  # "the incident was not resigned over": no passive for this verb
    obj = _subject_form(obj)
    clause = shape(obj, _be(obj))
    return f"{clause} {rest}".strip()


def rewrite_sentence(sentence: str, sentence_start: int, fixes: Sequence[Fix]) -> str:
    """``sentence`` with every fix applied (wider fixes win over fixes they contain), tidied."""
    chosen: list[Fix] = []
    for fix in sorted(fixes, key=lambda f: (-(f.end - f.start), f.start)):
        if all(fix.end <= c.start or fix.start >= c.end for c in chosen):
            chosen.append(fix)
    text = sentence
    for fix in sorted(chosen, key=lambda f: f.start, reverse=True):
        local_start, local_end = fix.start - sentence_start, fix.end - sentence_start
        text = text[:local_start] + fix.replacement + text[local_end:]
    return tidy(text)


_TIDY_STEPS = (
    (re.compile(r"[ \t]{2,}"), " "),
    (re.compile(r"\b(the|a|an)\s+\1\b", re.IGNORECASE), r"\1"),
    (re.compile(r"[,;:]\s*$"), ""),
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"^[\s,;:\-]+"), ""),
    (re.compile(r",(\s*[.!?])"), r"\1"),
    (re.compile(r"\b([Aa])n (?=[bcdfgjklmnpqrstvwxz])"), r"\1 "),
    (re.compile(r"\b([Aa]) (?=[aeio][a-z])"), r"\1n "),
)
_WORD = re.compile(r"[A-Za-z]{2,}")


def tidy(text: str) -> str:
    """Collapse spaces, drop orphan punctuation, fix a/an, capitalise the first letter."""
    for pattern, replacement in _TIDY_STEPS:
        text = pattern.sub(replacement, text)
    text = text.strip()
    if len(_WORD.findall(text)) < 3:
        return ""  # nothing left but the blame: the sentence goes
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text


_TEMPLATE_TEXT = """
    a an the it its this that they he she we was were is are be been not no did do does happen
    happened went gone unnoticed unattended so to of in on at for with without by and or as
    process gap gaps safeguard safeguards manual step steps unguarded contributed triggered
    acted followed completed wiped overwritten changed incorrectly problem noticed mistyped
    forgotten remembered remembering depended depend carried risk catch caught had add
    individual care automated check fix visible hindsight time error engineer engineers
    obvious clear apparent evident planned go went down broke broken skipped bypassed there
    one
    """
TEMPLATE_WORDS = frozenset(_TEMPLATE_TEXT.split())
"""Words the rewrite templates may add to a sentence (each is checked against an English word
list by the tests)."""

_ALPHA = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")


def words_known(original: str, rewritten: str) -> bool:
    """True when every word of ``rewritten`` is in ``original``, is a form of a verb there
    (``renew`` -> ``renewed``) or is a template word: a rewrite never invents vocabulary."""
    from assistant.rules.blame.inflect import lemma

    have = {w.lower().replace("\u2019", "'") for w in _ALPHA.findall(original)}
    lemmas = {lemma(w) for w in have}
    for word in _ALPHA.findall(rewritten):
        lowered = word.lower().replace("\u2019", "'")
        if lowered in have or lowered in TEMPLATE_WORDS or lemma(lowered) in lemmas:
            continue
        return False
    return True

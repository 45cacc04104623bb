"""Who the actor is, for the rules that find people as actors of harm: first person, generic,
passive, and whether a subject is blamed and how severely.
"""

from __future__ import annotations

import re

from assistant.domain import FindingCategory, FindingSeverity
from assistant.rules.blame import lexicon as lex
from assistant.rules.blame.context import IGNORE, Context, Hit, word_pattern
from assistant.rules.blame.subject import (
    PEOPLE,
    Subject,
    Token,
    bare,
    classify_phrase,
)

_SELF = ("i", "we", "me", "us", "i'd", "we'd", "i'm", "we're", "i've", "we've")
_GENERIC = ("you", "one", "nobody", "no-one", "everyone", "everybody", "anyone", "anybody")
_NAMES_FIX = re.compile(
    r"\b(?:so\s+(?:we|it|the)\b|which\s+is\s+why|now\s+(?:shows|asks|requires|runs|has|fires"
    r"|defaults|blocks|refuses|checks)|(?:we|it)\s+(?:are|have)\s+(?:now\s+)?(?:adding|added"
    r"|automated|replaced|moved|turned|built)|we\s+(?:now|then)\s+\w+|action\s+item)\b",
    IGNORE,
)
_DENIED = word_pattern(
    r"\b(?:not|n't|never)\s+(?:that|because|about|just|simply|only)\s+(?:\w+\s+){0,3}$"
    r"|\bif\s+(?:\w+\s+){0,2}$|\b(?:whether|unless)\s+(?:\w+\s+){0,3}$",
    IGNORE,
)
_PURPOSE = re.compile(
    r"^[^.;]{0,60}?\b(?:to|so\s+as\s+to|in\s+order\s+to)\s+(?:prevent|stop|avoid|protect|mitigate"
    r"|free|unblock|restore|recover|contain|limit|isolate|drain)\b",
    IGNORE,
)
_MISTAKE_CUE = word_pattern(
    r"\b(?:wrong|wrongly|by\s+mistake|by\s+accident|accidental\w*|mistaken\w*|inadvertent\w*"
    r"|instead\s+of|thought|thinking|believ\w*|assum\w*)\b",
    IGNORE,
)
_PASSIVE_BEFORE = frozenset({"was", "were", "been", "being", "is", "are", "be", "got", "get",
                             "gets", "getting"})


def _hit(
    kind: str,
    category: FindingCategory,
    start: int,
    end: int,
    what: str,
    who: str = "a person",
    severity: FindingSeverity | None = None,
) -> Hit:
    message = _ADVICE[kind].format(what=f'"{" ".join(what.split())}"', who=who)
    return Hit(start, end, category, message, None, severity)


def _category(subject: Subject) -> FindingCategory:
    return "named_blame" if subject.kind == "named" else "role_blame"


def _judge_subject(ctx: Context, subject: Subject) -> tuple[bool, FindingSeverity | None]:
    """Whether a subject is blamed, and the severity: first person is self-deprecation."""
    if subject.kind not in PEOPLE:
        return False, None
    words = ctx.text(subject.start, subject.end).split()
    said = bare(words[0]) if words else ""
    if said == "one" and len(words) > 1:
        said = "one person"  # "one of the employees", "one person": someone, not generic "one"
    if said in _GENERIC or said in lex.NEGATIVE_PRONOUNS:
        return False, None
    if said in _SELF:
        return (not _NAMES_FIX.search(ctx.masked)), "warning"
    return True, None


def _passive(ctx: Context, offset: int) -> bool:
    """True when the verb at ``offset`` follows a form of "be"/"get" (a passive)."""
    index = ctx.token_at(offset)
    j = index - 1
    while j >= 0 and (ctx.tokens[j].lower.endswith("ly") or ctx.tokens[j].lower in ("also",
                                                                                  "then")):
        j -= 1
    return j >= 0 and ctx.tokens[j].lower in _PASSIVE_BEFORE


_ADVICE: dict[str, str] = {
    "harm": "Presents {who} as the one whose act caused the harm ({what}). Say what happened to "
    "the system and what made the step easy to get wrong.",
    "narrative": "Tells the incident as a person's confusion or wrong belief ({what}). Describe "
    "what the tools and signals showed at the time, so the reader sees why it made sense.",
    "cause": "Gives a person or role as the cause ({what}). Name the condition or missing "
    "safeguard instead; people appear in the timeline, not in the cause.",
    "punishment": "Reports or asks for punishment of a person ({what}). Punishment hides the "
    "conditions that made the failure possible; describe the fix to the system instead.",
    "attribution": "Attributes the problem to people ({what}). Ask what in the system let the "
    "action cause harm.",
}


_NOT_CAUSE = re.compile(
    r"(?:\bnot|n't|\bnever|\bno|\brather\s+than|\binstead\s+of|\bbeyond|\bnor)\s+(?:\w+\s+){0,2}$"
    r"|\bnone\s+of\s+\w+(?:\s+\w+){0,3}\s*$",
    IGNORE,
)


def _phrase_after(ctx: Context, offset: int, limit: int = 6) -> list[Token]:
    """The noun phrase that starts at ``offset``: words up to a clause word or punctuation."""
    phrase: list[Token] = []
    for token in ctx.tokens[ctx.token_at(offset) : ctx.token_at(offset) + limit]:
        if not token.is_word and token.text not in ("'", "\u2019", "-"):
            break
        stop = token.lower in lex.CLAUSE_BREAKS or token.lower in _PHRASE_STOPS
        if stop and (token.lower != "of" or not phrase or phrase[-1].lower not in ("one", "some")):
            break
        phrase.append(token)
    return phrase


def _people_phrase(ctx: Context, phrase: list[Token]) -> Subject | None:
    """The phrase as a person or role (a possessive causer counts), else None."""
    words = [t for t in phrase if t.is_word]
    if not words:
        return None
    first = bare(words[0].text)
    if len(words) > 1 and words[1].lower in ("else", "other"):
        return None  # "repeated by someone else": anyone, no one in particular
    if first == "one" and len(words) > 1 and words[1].lower == "of":
        first = "one of"  # "by one of the DBAs": a person of a group
    if first in _SELF or first in _GENERIC or first in lex.NEGATIVE_PRONOUNS or first in (
        "him", "her", "them", "it", "this", "that"
    ):
        return None
    for end in range(1, len(words) + 1):
        if re.search(r"['\u2019]s?$", words[end - 1].text):
            kind = classify_phrase(words[:end], ctx.vocabulary)
            if kind in ("named", "role"):
                return Subject(kind, words[0].start, words[-1].end)
            return None
    kind = classify_phrase(words, ctx.vocabulary)
    if kind == "named" and any(t.lower in _STATE_WORDS for t in words):
        return None  # "due to Concourse being down": a system's state
    if kind in ("named", "role") or (kind == "person" and first in ("he", "she", "they",
                                                                     "someone", "somebody")):
        return Subject(kind if kind != "person" else "role", words[0].start, words[-1].end)
    return None


_PHRASE_STOPS = frozenset(
    {"for", "in", "at", "during", "with", "on", "to", "from", "by", "of", "is", "was", "were",
     "are", "be", "may", "can", "will", "would", "should", "could", "must", "might", "has",
     "have", "had", "not"}
)


_STATE_WORDS = frozenset({"being", "down", "up", "offline", "unavailable", "overloaded", "having",
                          "going", "failing", "crashing", "outage", "outages"})

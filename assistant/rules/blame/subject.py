"""Who does what in a sentence: tokens and the grammatical subject of a verb.

The blamelessness rules care less about a verb than about its subject: "the deploy failed to
complete" is about a system, "Dave failed to check" is about a person. Without a parser we get
far with a few facts: the noun phrase just before a verb (skipping adverbs and auxiliaries) is
its subject; a pronoun, an ``@handle``, a role noun or a capitalised name-like word makes it a
person; a determiner plus an ordinary noun, or a known infrastructure word, makes it a system.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

from assistant.rules.blame.lexicon import (
    AMBIGUOUS_ROLES,
    AUXILIARIES,
    CLAUSE_BREAKS,
    DETERMINERS,
    HUMAN_MODIFIERS,
    NOT_NAMES,
    PROCESS_ROLES,
    PRONOUNS,
    ROLE_NOUNS,
    SENIORITY_WORDS,
    SYSTEM_WORDS,
)

SubjectKind = Literal["named", "role", "person", "system", "unknown"]
PEOPLE: frozenset[SubjectKind] = frozenset({"named", "role", "person"})

_TOKEN = re.compile(r"@[\w.\-]*\w|\w[\w'\u2019\-./]*\w|\w|[^\w\s]")
_NAME = re.compile(r"^(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|(?:Mc|Mac|O')[A-Z][a-z]+)$")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


class Token(NamedTuple):
    """A word or punctuation mark with its absolute offsets in the text (a tuple: the rules
    build thousands per document)."""

    text: str
    start: int
    end: int
    lower: str
    """Lower-case text with typographic apostrophes made plain."""
    is_word: bool
    """True for words, handles and numbers; False for punctuation."""


@dataclass(frozen=True)
class Subject:
    """The noun phrase that does a verb, and what kind of actor it is."""

    kind: SubjectKind
    start: int
    end: int
    seniority: bool = False
    """True when the phrase points at newness or juniority ("the new hire", "the intern")."""
    relative: bool = False
    """True when found through a relative clause ("the engineer who wrote it ... deleted"):
    a rewrite that drops the subject would leave the relative clause dangling."""


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words and punctuation of ``text``; offsets are shifted by ``offset``."""
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group(0)
        lower = word.lower().replace("\u2019", "'")
        is_word = word[0].isalnum() or word[0] in "@_"
        tokens.append(Token(word, match.start() + offset, match.end() + offset, lower, is_word))
    return tokens


def bare(word: str) -> str:
    """``word`` lower-cased without a possessive ending (``Dave's`` -> ``dave``)."""
    return _POSSESSIVE.sub("", word.lower().replace("\u2019", "'"))


def is_name_like(token: Token, lower_vocabulary: frozenset[str]) -> bool:
    """True for a capitalised word that reads as a person's name in this document.

    Not a name: function words and sentence openers, infrastructure words and products, role
    nouns, words with digits or inner capitals (``PagerDuty``, ``S3``), and any word the document
    also uses in lower case (so "Staging" at the start of a sentence is not a name when the
    document says "staging" elsewhere).
    """
    word = _POSSESSIVE.sub("", token.text.replace("\u2019", "'"))
    if not _NAME.match(word):
        return False
    lowered = word.lower()
    if len(lowered) > 5 and lowered.endswith(("ing", "tion", "ment", "ness", "ity", "ers")):
        return False  # "Deploying", "Monitoring", "Deployment": not people's names
    return not (
        lowered in NOT_NAMES
        or lowered in SYSTEM_WORDS
        or lowered in ROLE_NOUNS
        or lowered in lower_vocabulary
    )


def classify_phrase(tokens: list[Token], lower_vocabulary: frozenset[str]) -> SubjectKind:
    """What kind of actor a noun phrase names (``tokens`` in reading order)."""
    words = [t for t in tokens if t.is_word]
    if not words:
        return "unknown"
    if any(t.text.startswith("@") for t in words):
        return "named"
    first = words[0].lower
    lowers = [bare(t.text) for t in words]
    if first in PRONOUNS or first in ("no-one",):
        return "role" if any(w in ROLE_NOUNS for w in lowers[1:]) else "person"
    has_determiner = lowers[0] in DETERMINERS
    for index, word in enumerate(lowers):
        if _POSSESSIVE.search(words[index].text) and index < len(lowers) - 1:
            continue  # "the contractor's script": the head noun is the script
        if word in ROLE_NOUNS and _is_role_here(lowers, index):
            return "role"
    if not has_determiner and any(is_name_like(t, lower_vocabulary) for t in words[:3]):
        return "named"
    return "system"


def _is_role_here(lowers: list[str], index: int) -> bool:
    """True when a role noun at ``index`` means a person (an "operator" may be a controller)."""
    word = lowers[index]
    if word in PROCESS_ROLES:
        return index > 0 and lowers[index - 1] in HUMAN_MODIFIERS  # "a maintenance worker"
    if word not in AMBIGUOUS_ROLES:
        return True
    following = lowers[index + 1] if index + 1 < len(lowers) else ""
    if following in SYSTEM_WORDS or following.endswith(("er", "or")):
        return False  # "the operator console", "the lead controller"
    previous = lowers[index - 1] if index else ""
    return previous not in SYSTEM_WORDS


def has_seniority(tokens: list[Token]) -> bool:
    """True when a phrase singles out someone new or junior ("the new hire", "the intern")."""
    lowers = [bare(t.text) for t in tokens]
    return any(w in SENIORITY_WORDS for w in lowers) and any(w in ROLE_NOUNS for w in lowers)


def subject_before(
    tokens: list[Token], index: int, lower_vocabulary: frozenset[str], *, max_words: int = 7
) -> Subject:
    """The subject of the verb at ``tokens[index]``: the noun phrase just before it.

    Adverbs and auxiliaries between subject and verb are skipped ("He clearly didn't"). When the
    verb opens its clause after "and"/"but"/"then" the subject of the sentence's first clause is
    used ("Dave restarted the pods and forgot to page"). An empty subject is ``unknown``, which is
    how notes and chat drop it ("forgot to scale the workers back up").
    """
    j = index - 1
    while j >= 0 and tokens[j].lower in AUXILIARIES:
        j -= 1
    phrase: list[Token] = []
    while j >= 0 and len(phrase) < max_words:
        token = tokens[j]
        if not token.is_word and token.text not in ("-", "'"):
            break
        if token.lower in CLAUSE_BREAKS or token.lower in AUXILIARIES:
            break
        phrase.insert(0, token)
        if bare(token.text) in DETERMINERS or token.lower in PRONOUNS:
            break
        j -= 1
    while phrase and phrase[0].text in ("-", "'"):
        phrase.pop(0)  # "Root cause - Kevin did not": the dash is punctuation
    if phrase and bare(phrase[0].text) in DETERMINERS and j >= 2:
        joint, head = tokens[j - 1], tokens[j - 2]
        if joint.lower in ("on", "in", "of", "from") and (
            head.lower in PRONOUNS or bare(head.text) in ROLE_NOUNS
        ):
            phrase = [head, joint, *phrase]  # "someone on the networking team"
    if phrase and all(bare(t.text) in DETERMINERS for t in phrase):
        return Subject("system", phrase[0].start, phrase[-1].end)  # "the missed heartbeat"
    if not phrase:
        if j >= 0 and tokens[j].lower in ("and", "but", "then", ","):
            return clause_subject(tokens, 0, lower_vocabulary)
        anchor = tokens[index].start
        return Subject("unknown", anchor, anchor)
    kind = classify_phrase(phrase, lower_vocabulary)
    return Subject(kind, phrase[0].start, phrase[-1].end, has_seniority(phrase))


def clause_subject(tokens: list[Token], start: int, lower_vocabulary: frozenset[str]) -> Subject:
    """The subject that opens a clause at ``tokens[start]``: its first noun phrase.

    At the start of a sentence a label ("**Identified**:", "Cause:") and Markdown marks are
    skipped, so "**Identified**: CP team member did ..." has the subject "CP team member".
    """
    if start == 0:
        colon = next((i for i, t in enumerate(tokens[:6]) if t.text == ":"), None)
        if colon is not None and colon + 1 < len(tokens):
            start = colon + 1
        while start < len(tokens) - 1 and tokens[start].text in ("*", "_", "-", ">", "#"):
            start += 1
    phrase: list[Token] = []
    for token in tokens[start : start + 6]:
        if not token.is_word or (phrase and _ends_opening_phrase(token, phrase)):
            break
        phrase.append(token)
        if token.lower in PRONOUNS or token.text.startswith("@"):
            break
    if not phrase:
        anchor = tokens[start].start if start < len(tokens) else 0
        return Subject("unknown", anchor, anchor)
    kind = classify_phrase(phrase, lower_vocabulary)
    return Subject(kind, phrase[0].start, phrase[-1].end, has_seniority(phrase))


def _ends_opening_phrase(token: Token, phrase: list[Token]) -> bool:
    """True when ``token`` is past the opening noun phrase (a verb, a clause word)."""
    lowered = token.lower
    last = phrase[-1]
    if last.lower in PRONOUNS or last.text.startswith("@"):
        return True
    return (
        lowered in CLAUSE_BREAKS
        or lowered in AUXILIARIES
        or lowered in _COMMON_VERBS
        or lowered.endswith(("ed", "n't"))
    )


_COMMON_VERBS = frozenset(
    {
        "ran", "broke", "took", "went", "made", "did", "was", "were", "is", "are", "had", "has",
        "pushed", "put", "set", "left", "got", "sent", "wrote", "saw", "knew", "forgot", "kept",
        "brought", "shipped", "merged", "deployed", "deleted", "dropped", "never", "didn't",
        "just", "simply", "clearly", "also", "approved", "restarted", "changed", "ignored",
        "missed", "skipped", "runs", "goes", "does",
    }
)

"""What every blame rule works on: a sentence's context (tokens, subjects, clause ends), the hits
rules return and the pattern helper they share.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from assistant.domain import FindingCategory, FindingSeverity
from assistant.rules.blame import lexicon as lex
from assistant.rules.blame.subject import (
    PEOPLE,
    Subject,
    SubjectKind,
    Token,
    bare,
    subject_before,
    tokenize,
)
from assistant.rules.blame.suggest import (
    Fix,
    clause_end,
)

IGNORE = re.IGNORECASE


def word_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled for speed: every match must start with a letter, and saying so in a
    lookahead lets the regex engine skip to candidate positions (three times faster on the long
    alternations these rules use)."""
    return re.compile(r"(?=[A-Za-z])(?:" + pattern + ")", flags)


@dataclass(frozen=True)
class Hit:
    """One blameful span found by a rule, with the fix that rewrites its clause."""

    start: int
    end: int
    category: FindingCategory
    message: str
    fix: Fix | None
    """How to rewrite the clause; None when no template fits (the finding gives advice only)."""
    severity: FindingSeverity | None = None
    """Overrides the category's severity (a warning for self-deprecation or soft words)."""


_HEAD_WITH_PREPOSITION = re.compile(
    r"^\s*(?:(?:an?|the|one|some|someone|somebody|an?\s+\w+)\s+)?[\w@.'-]+"
    r"(?:\s+[\w@.'-]+)?\s+(?:on|in|from|of|at|with)\s+$|^\s*(?:an?|the)\s+$",
    re.IGNORECASE,
)


class Context:
    """One sentence as the rules see it: masked text (for matching) and original (for fixes)."""

    def __init__(
        self,
        *,
        start: int,
        masked: str,
        original: str,
        vocabulary: frozenset[str],
        actor: SubjectKind | None = None,
    ) -> None:
        self.start = start
        self.masked = masked
        self.original = original
        self.vocabulary = vocabulary
        self.actor = actor
        """Who acts when the sentence drops its subject: a timeline row's "Who" cell."""

    @cached_property
    def lower(self) -> str:
        """The masked sentence lower-cased, for quick substring checks before a regex."""
        return self.masked.lower().replace("\u2019", "'")

    @cached_property
    def tokens(self) -> list[Token]:
        """The sentence's tokens with absolute offsets (built on first use)."""
        return tokenize(self.masked, self.start)

    def token_at(self, offset: int) -> int:
        """Index of the first token that starts at or after absolute ``offset``."""
        for index, token in enumerate(self.tokens):
            if token.start >= offset:
                return index
        return len(self.tokens)

    def subject(self, offset: int) -> Subject:
        """Subject of the verb starting at absolute ``offset``.

        A verb with no subject in a table cell takes the cell to its left as subject when that
        cell names a person or role ("| ops | Ignored the page |").
        """
        found = subject_before(self.tokens, self.token_at(offset), self.vocabulary)
        if found.kind in PEOPLE and self._object_of_gerund(found):
            # "blaming an intern ignores the roots": the subject is the gerund clause
            return Subject("system", found.start, found.end)
        if found.kind == "unknown" and self.actor is not None and offset == self.start:
            return Subject(self.actor, found.start, found.end)
        if found.kind != "unknown" and _HEAD_WITH_PREPOSITION.match(self.text(self.start,
                                                                             found.start)):
            # "Mark on the platform team forgot": the whole phrase from "Mark" is the subject
            return Subject(found.kind, self.start, found.end, found.seniority)
        return found

    def _object_of_gerund(self, found: Subject) -> bool:
        """True when the phrase follows a gerund or an infinitive ("firing the engineer")."""
        index = self.token_at(found.start)
        if index == 0:
            return False
        previous = self.tokens[index - 1].lower
        return previous in lex.GERUND_HEADS or (
            previous.endswith("ing") and len(previous) > 4 and previous not in lex.NOT_GERUNDS
        )

    def agent(self, offset: int) -> Subject:
        """Who does the verb at ``offset``, looking through a relative clause.

        "The engineer who wrote the migration never tested it": the subject of "tested" is "the
        engineer", not "the migration"; "a contractor, who had admin rights, wiped the bucket"
        likewise. Falls back to ``subject``.
        """
        found = self.subject(offset)
        if found.kind in PEOPLE:
            return found
        index = self.token_at(offset)
        for k in range(index - 1, max(-1, index - 16), -1):
            token = self.tokens[k]
            if token.text in ";.!?" or token.lower in lex.MAIN_CLAUSE_BREAKS:
                break
            if token.lower == "whoever":  # "Whoever approved the change did not look at it"
                return Subject("role", token.start, token.end, relative=True)
            relative = token.lower == "who" or (
                token.lower == "that" and k > 0 and bare(self.tokens[k - 1].text) in lex.ROLE_NOUNS
            )
            if not relative or k == 0:
                continue
            head = k - 1 if self.tokens[k - 1].text == "," else k
            candidate = subject_before(self.tokens, head, self.vocabulary)
            if candidate.kind in PEOPLE:
                return Subject(candidate.kind, candidate.start, candidate.end,
                               candidate.seniority, relative=True)
            break
        return found

    def text(self, start: int, end: int) -> str:
        """Original text between two absolute offsets."""
        return self.original[start - self.start : end - self.start]

    def clause_end(self, offset: int) -> int:
        """Absolute end of the clause that contains ``offset``."""
        return clause_end(self.masked, self.start, offset)

    def before(self, offset: int) -> str:
        """Masked sentence text before absolute ``offset``, lower-cased."""
        return self.masked[: offset - self.start].lower()

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, int, re.Match[str]]]:
        """Matches of ``pattern`` in the masked sentence, as absolute (start, end, match)."""
        for match in pattern.finditer(self.masked):
            yield self.start + match.start(), self.start + match.end(), match


Rule = Callable[[Context], Iterator[Hit]]

_MESSAGES: dict[str, str] = {
    "named_blame": "Names a person as the one who failed ({what}). Describe what happened and "
    "what the system allowed, not who slipped.",
    "role_blame": "Singles out a role as the culprit ({what}). Roles appear in the timeline to "
    "explain actions, never as the cause.",
    "failure_verb": "Attributes a failure to people ({what}). State what did or did not happen "
    "and ask what made it easy to miss.",
    "human_error": "Gives human error as a cause ({what}). It is where the investigation starts: "
    "ask why the system let the slip happen and go unnoticed.",
    "counterfactual": "Counterfactual about people ({what}) judges past actions with knowledge "
    "only available afterwards. Say what happened instead.",
    "judgement": "Judgement word ({what}) blames and shuts down learning. Describe the condition, "
    "not the person's character.",
    "hindsight": "Hindsight or minimising ({what}) makes the situation look simpler than it was "
    "for those in it.",
    "tone": "Blaming tone ({what}). Sarcasm and exasperation make people defensive; keep to facts.",
}


def _hit(
    category: FindingCategory, start: int, end: int, what: str, fix: Fix | None
) -> Hit:
    return Hit(start, end, category, _MESSAGES[category].format(what=f'"{what}"'), fix)


def _people_category(subject: Subject, default: FindingCategory) -> FindingCategory:
    """named_blame / role_blame when the subject names someone, else ``default``."""
    if subject.kind == "named":
        return "named_blame"
    if subject.kind == "role":
        return "role_blame"
    return default


def _negated_before(ctx: Context, offset: int, window: int = 40) -> bool:
    """True when a negation or rejection shortly precedes ``offset`` ("never", "rather than")."""
    before = ctx.before(offset)[-window:]
    return bool(
        re.search(
            r"\b(?:not|never|no|n't|isn't|don't|rather than|instead of|beyond|avoid|reject"
            r"|nobody|no one|without)\b[^.]*$",
            before,
        )
    )


def _quoted(ctx: Context, start: int, end: int) -> bool:
    """True when the span is a short quoted mention ('"human error"', "'should have'")."""
    local_start, local_end = start - ctx.start, end - ctx.start
    left = ctx.masked[max(local_start - 1, 0) : local_start]
    right = ctx.masked[local_end : local_end + 1]
    return left in "\"'\u201c\u2018" and left != "" and right in "\"'\u201d\u2019" and right != ""

"""Punishment of a person, reported or demanded ('was fired', 'remove him from the rotation'), and
the problem put on people ('a people problem', 'the engineer responsible').
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.rules.blame import lexicon as lex
from assistant.rules.blame.agents import (
    _NOT_CAUSE,
    _category,
    _hit,
    _passive,
    _people_phrase,
    _phrase_after,
)
from assistant.rules.blame.context import IGNORE, Context, Hit, word_pattern
from assistant.rules.blame.subject import (
    PEOPLE,
    Subject,
    bare,
    classify_phrase,
)

# --- punishment -------------------------------------------------------------------------------

_PUNISHED = word_pattern(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|got|is\s+being|are\s+being|will\s+be"
    r"|would\s+be|should\s+be|should\s+have\s+been|must\s+be|to\s+be|be)\s+(?:\w+ly\s+)?"
    r"(?P<p>fired|sacked|suspended|dismissed|reprimanded|disciplined|let\s+go|reassigned|demoted"
    r"|removed\s+from\s+(?:the\s+)?(?:\w+\s+)?(?:rotation|rota|project|team|on-call|pager)"
    r"|banned|barred|written\s+up|terminated|stripped\s+of|placed\s+on\s+(?:leave|probation)"
    r"|put\s+on\s+(?:leave|probation|a\s+performance)|retrained|held\s+(?:personally\s+)?"
    r"accountable|punished|named\s+and\s+shamed)\b",
    IGNORE,
)
_PUNISH_ACTIVE = word_pattern(
    r"\b(?P<a>fire|fired|fires|sack|sacked|suspend|suspended|dismiss|dismissed|discipline"
    r"|disciplined|reprimand|reprimanded|punish|punished|demote|demoted|reassign|reassigned"
    r"|retrain|retrained)\s+",
    IGNORE,
)
_PUNISH_PHRASE = word_pattern(
    r"\b(?:no\s+longer\s+(?:allowed|permitted|welcome)|off\s+(?:of\s+)?(?:this|the)\s+project"
    r"|lose\s+(?:their|his|her|your)\s+(?:production\s+|prod\s+|admin\s+|root\s+)?(?:access|job"
    r"|jobs|rights|privileges|badge)|hold\s+(?:them|him|her|the\s+\w+(?:\s+\w+)?)\s+accountable"
    r"|find\s+(?:out\s+)?who\s+(?:did|caused|broke|approved|pushed|disabled|deleted|is\s+"
    r"responsible|was\s+responsible)|(?:disciplinary|punitive)\s+(?:action|actions|steps"
    r"|measures|process|hearing)|written\s+warning|have\s+a\s+word\s+with|heads?\s+(?:will"
    r"|should|must)\s+roll|(?:get|got|given)\s+the\s+(?:shitcan|boot|axe|sack)|told\s+(?:me|him"
    r"|her|them)\s+to\s+leave|(?:his|her|their)\s+(?:dismissal|firing|termination|suspension)"
    r"|there\s+will\s+be\s+consequences|(?:drive|walk)\s+of\s+shame)\b",
    IGNORE,
)
_NO_PUNISHMENT = re.compile(
    r"\b(?:not|never|no|nobody|no\s+one|n't|without|instead\s+of|rather\s+than|why\s+would)\b"
    r"[^.;]*$",
    IGNORE,
)


def rule_punishment(ctx: Context) -> Iterator[Hit]:
    """Punishment reported or demanded: "was fired", "fire the employee", "lose their access"."""
    for start, end, _match in ctx.finditer(_PUNISHED):
        subject = ctx.agent(start)
        said = bare(ctx.text(subject.start, subject.end)) if subject.kind in PEOPLE else ""
        if subject.kind not in PEOPLE or said in lex.NEGATIVE_PRONOUNS or said in ("you", "one"):
            continue
        if _NO_PUNISHMENT.search(ctx.before(start)[-30:]):
            continue
        yield _hit("punishment", _category(subject), subject.start, end,
                   ctx.text(subject.start, end))
    for start, end, _match in ctx.finditer(_PUNISH_ACTIVE):
        if _NO_PUNISHMENT.search(ctx.before(start)) or _passive(ctx, start):
            continue
        found = _people_phrase(ctx, _phrase_after(ctx, end, 4))
        if found is None and re.match(r"(?:him|her|them)\b", ctx.masked[end - ctx.start :], IGNORE):
            found = Subject("role", end, end + 3 if ctx.masked[end - ctx.start] == "h" else end + 4)
        if found is None:
            continue
        yield _hit("punishment", _category(found), start, found.end, ctx.text(start, found.end))
    for start, end, match in ctx.finditer(_PUNISH_PHRASE):
        if _NO_PUNISHMENT.search(ctx.before(start)[-25:]):
            continue
        yield _hit("punishment", "role_blame", start, end, match.group(0))


# --- the problem put on people ----------------------------------------------------------------

_ATTRIBUTION = word_pattern(
    r"\b(?:people|human|personnel|staff|staffing|attitude|competence)\s+(?:problem|issue"
    r"|failure|failing)s?\b"
    r"|\bculprits?\b|\b(?:was|were|is|are|found|been)\s+(?:\w+\s+)?guilty\b(?!\s+(?:verdict|plea))"
    r"|\b(?P<role>[\w-]+)\s+responsible(?=\s+(?:has|have|was|were|is|are|will|for\s+(?:the\s+"
    r"|this\s+|that\s+)?(?:error|mistake|outage|incident|breach|failure|mess|loss|data\s+loss"
    r"|crash|downtime|mishandl\w*|break\w*))|\s*[,.])"
    r"|\b(?:mistake|error|slip|typo|blunder)s?\s+(?:that\s+|which\s+)?(?P<np>(?:an?|the|one|our)"
    r"\s+(?:[\w'-]+\s+){0,2}?)(?:had\s+)?made\b",
    IGNORE,
)


def rule_attribution(ctx: Context) -> Iterator[Hit]:
    """"a people problem", "the culprits", "the engineer responsible", "a mistake an intern
    made"."""
    if not any(cue in ctx.lower for cue in ("problem", "issue", "failure", "failing", "culprit",
                                             "guilty", "responsible", "made")):
        return
    for start, end, match in ctx.finditer(_ATTRIBUTION):
        if _NOT_CAUSE.search(ctx.before(start)):
            continue
        word = match.group(0).lower()
        if match.group("role"):
            role = match.group("role")
            if bare(role) not in lex.ROLE_NOUNS or _passive(ctx, start + len(role) + 1):
                continue
        elif match.group("np"):
            np_start = start + match.start("np") - match.start()
            if _people_phrase(ctx, _phrase_after(ctx, np_start, 4)) is None:
                continue
        elif word.startswith(("culprit", "guilty")) and not any(
            classify_phrase([t], ctx.vocabulary) in ("named", "role")
            for t in ctx.tokens if t.is_word
        ):
            continue  # "the culprit was a race condition"
        yield _hit("attribution", "role_blame", start, end, match.group(0))

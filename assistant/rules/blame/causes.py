"""Rules that find a person given as the cause: "Dave caused the outage", "human error",
"a mistake by the on-call SRE", "Kim's typo".

Companion to ``blame_rules`` (failure verbs) and ``blame_style`` (framing). Statements that reject
blame ("human error is never a root cause", a quoted "human error") are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.domain import FindingCategory
from assistant.rules.blame import lexicon as lex
from assistant.rules.blame.context import (
    IGNORE,
    Context,
    Hit,
    _hit,
    _negated_before,
    _people_category,
    _quoted,
    word_pattern,
)
from assistant.rules.blame.subject import PEOPLE, Token, bare, classify_phrase
from assistant.rules.blame.suggest import PROCESS_GAP, UNGUARDED_STEP, Fix, passive, was

_CAUSED = word_pattern(
    r"\b(?:caused|causes)\s+(?:the|this|an?|our|that)?\s*(?:whole\s+)?(?:outage|incident|issue"
    r"|problem|failure|downtime|breakage|mess|data\s+loss|sev\w*)\b"
    r"|\b(?:was|is|were|are)\s+(?:to\s+blame|at\s+fault|responsible\s+for\s+(?:the|this|our)"
    r"\s+(?:outage|incident|breakage|failure|downtime|mess|problem|issue|data\s+loss|mistake))\b",
    IGNORE,
)


def rule_caused(ctx: Context) -> Iterator[Hit]:
    """A person who "caused the outage", "was to blame", "was responsible for the incident"."""
    for start, end, match in ctx.finditer(_CAUSED):
        subject = ctx.subject(start)
        if subject.kind not in PEOPLE or _negated_before(ctx, start, 15):
            continue
        if "'" in ctx.text(subject.start, subject.end).replace("\u2019", "'"):
            continue  # "Bob's deploy caused ...": the possessive rule reports and rewrites it
        if re.search(r"\bby\s*$", ctx.before(subject.start)):
            continue  # "a mistake by the engineer caused ...": the mistake rule reports it
        if bare(ctx.text(subject.start, subject.end)) in lex.NEGATIVE_PRONOUNS:
            continue
        stop = ctx.clause_end(end)
        phrase = match.group(0).lower()
        if phrase.startswith("cause"):
            obj = re.sub(r"^(?:caused|causes)\s+", "", match.group(0), flags=IGNORE)
            replacement = f"{obj} was triggered{ctx.text(end, stop)}"
        else:
            rest = re.sub(r"^\s*for\b", " to", ctx.text(end, stop))
            replacement = f"{PROCESS_GAP} contributed{rest}"
        yield _hit(_people_category(subject, "failure_verb"), subject.start, end,
                   match.group(0), Fix(subject.start, stop, replacement))


# --- human error ------------------------------------------------------------------------------

_HUMAN_ERROR = word_pattern(
    r"\b(?:human|operator|user|pilot|personnel|people)\s+(?:error|mistake|slip)s?\b"
    r"(?!\s+(?:rate|rates|count|counts|code|codes|message|messages|budget|page|handling|log))"
    r"|\bPEBKAC\b|\bPEBCAK\b|\bPICNIC\b|\bID-?10-?T\b|\blayer[\s-]?8(?:\s+(?:problem|issue|error))?"
    r"\b|\bfat[\s-]?finger(?:ed|ing|s)?\b(?!\s+(?:protection|guard|check|proof|prevention"
    r"|safeguard|safety))",
    IGNORE,
)
_REJECTED_AFTER = re.compile(
    r"^\W{0,3}\s*(?:is|was|are|will|happens?|occurs?)\s+(?:never|not|a\s+symptom|where|the\s+start"
    r"|only|rarely|inevitable|normal|expected|a\s+given|part\s+of|bound\s+to|going\s+to|always"
    r"|happen|common)\b",
    IGNORE
)


_NOT_HUMAN_ERROR = re.compile(
    r"\b(?:not|never|no|n't|rather\s+than|instead\s+of|beyond|nor|avoid|reject\w*|without)\s+"
    r"(?:(?:an?|the|just|simply|only|merely|mere|any|due\s+to|because\s+of|caused\s+by|about"
    r"|blame|blaming|call\s+it|calling\s+it|stop\s+at|stopping\s+at)\s+){0,3}$",
    IGNORE,
)


def rule_human_error(ctx: Context) -> Iterator[Hit]:
    """"human error", "operator mistake", PEBKAC, fat-fingered: unless quoted or rejected."""
    for start, end, match in ctx.finditer(_HUMAN_ERROR):
        if _quoted(ctx, start, end) or _NOT_HUMAN_ERROR.search(ctx.before(start)):
            continue
        if _REJECTED_AFTER.match(ctx.masked[end - ctx.start :]):
            continue
        if re.search(r"\b(?:prevent|avoid|against|reduce|handle|tolerate|withstand|absorb|turns?"
                     r"|threat\s+of|robust\w*\s+to|resilient\s+to|account\s+for|allow\s+for"
                     r"|design\w*\s+for|despite|expect|make|makes|made)\w*\s+(?:\w+\s+){0,2}$",
                     ctx.before(start)):
            continue
        word = match.group(0)
        if word.lower().startswith("fat") and re.match(
            r"\s+(?:errors?|mistakes?|trades?|incidents?)\b", ctx.masked[end - ctx.start :], IGNORE
        ):
            yield _hit("human_error", start, end, word, None)  # "fat-finger errors can happen"
            continue
        if word.lower().startswith("fat"):
            subject = ctx.subject(start)
            category = _people_category(subject, "human_error")
            stop = ctx.clause_end(end)
            clause = passive(ctx.text(end, stop), "set", was("mistyped"))
            fix_start = subject.start if subject.kind in PEOPLE else start
            span_start = fix_start if category != "human_error" else start
            yield _hit(category, span_start, end, word, Fix(fix_start, stop, clause))
            continue
        article = re.search(r"\b(?:(?:an?|the)\s+)?(?:(?:simple|silly|plain|pure|basic|obvious"
                            r"|classic|stupid|dumb|honest|single)\s+)?$", ctx.before(start))
        article = article if article and article.group(0) else None
        fix_start = ctx.start + article.start() if article else start
        yield _hit("human_error", start, end, word, Fix(fix_start, end, UNGUARDED_STEP))


_MISTAKE_BY = word_pattern(
    r"\b(?:an?\s+|the\s+)?(?:human\s+)?(?:mistake|error|slip)\s+(?:made\s+)?by\s+", IGNORE
)


def rule_mistake_by(ctx: Context) -> Iterator[Hit]:
    """"a mistake by the on-call SRE": a person's mistake given as the cause."""
    for start, end, _match in ctx.finditer(_MISTAKE_BY):
        index = ctx.token_at(end)
        phrase: list[Token] = []
        for token in ctx.tokens[index : index + 5]:
            if not token.is_word or token.lower in lex.CLAUSE_BREAKS:
                break
            if phrase and token.lower.endswith("ed"):
                break
            phrase.append(token)
        if not phrase or classify_phrase(phrase, ctx.vocabulary) not in PEOPLE:
            continue
        stop = phrase[-1].end
        after = index + len(phrase)
        following = ctx.tokens[after] if after < len(ctx.tokens) else None
        whole = following is None or not following.is_word or following.lower in _PHRASE_ENDS
        yield _hit("human_error", start, stop, ctx.text(start, stop),
                   Fix(start, stop, "an unguarded manual step") if whole else None)


_PHRASE_ENDS = lex.CLAUSE_BREAKS | frozenset(
    {"while", "during", "at", "in", "on", "for", "with", "caused", "led", "took", "brought",
     "knocked", "shut", "broke", "was", "is", "triggered", "resulted"}
)
"""Words that may follow a whole agent phrase ("a mistake by an admin while ...")."""

_POSSESSIVE_BLAME = re.compile(
    r"(?P<who>@?[\w.\-]+)['\u2019]s?\s+(?P<what>fault|mistake|mistakes|error|errors|typo|blunder"
    r"|screw-?up|fuck-?up|oversight|slip|bad|lack\s+of\s+(?:care|attention|diligence|judge?ment"
    r"|experience|rigou?r|discipline|focus|ownership|competence|skill))\b"
    r"|(?P<who2>@?[\w.\-]+)['\u2019]s\s+(?:change|commit|pr|pull\s+request|push|deploy|config"
    r"|script|code|query|command|patch|experiment|test|action|actions|decision|edit|update"
    r"|upgrade|hotfix|fix|migration|work|mistake|typo)\s+(?P<dmg>caused|broke|took\s+down"
    r"|brought\s+down|triggered|led\s+to|started)\b"
    r"|\b(?:the\s+)?fault\s+of\s+(?P<who3>(?:the\s+)?@?[\w.\-]+(?:\s+[\w.\-]+)?)",
    IGNORE,
)
_POSSESSIVE_FIX = {"fault": PROCESS_GAP, "mistake": "an unguarded manual step",
                   "mistakes": "unguarded manual steps", "oversight": "a gap in the process"}


_PHRASE_EDGE = frozenset(
    {"of", "to", "in", "on", "at", "by", "for", "with", "from", "was", "is", "were", "are", "be",
     "been", "it", "this", "that", "and", "but", "or", "because", "so", "said", "says", "think",
     "ignore", "blame", "blamed", "as", "like", "about", "not", "all", "just", "entirely",
     "completely", "totally", "really", "actually"}
)


def rule_possessive_blame(ctx: Context) -> Iterator[Hit]:
    """"Dave's fault", "Kim's typo", "the intern's mistake", "Jo's change broke prod"."""
    if not any(mark in ctx.masked for mark in ("'", "\u2019", "fault of", "Fault of")):
        return
    if re.match(r"^\W*(?:how|why)\b.*\?\W*$", ctx.masked, IGNORE | re.DOTALL):
        return  # "How could ... possibly be the trainee's fault?": a defence, not blame
    for start, end, match in ctx.finditer(_POSSESSIVE_BLAME):
        if re.search(r"\bnone\s+of\s+\w+(?:\s+\w+){0,3}\s*$|\b(?:not|n't|never)\s+(?:\w+\s+){0,2}$",
                     ctx.before(start)):
            continue
        who = match.group("who") or match.group("who2") or match.group("who3") or ""
        who_start = start + match.start(
            "who" if match.group("who") else ("who2" if match.group("who2") else "who3")
        ) - match.start()
        index = ctx.token_at(who_start)
        first = index
        if index > 0 and bare(ctx.tokens[index - 1].text) in lex.DETERMINERS:
            first = index - 1
        phrase = [t for t in ctx.tokens[first : index + 1] if t.start < who_start + len(who)]
        kind = classify_phrase(phrase, ctx.vocabulary)
        if kind not in ("named", "role"):
            continue
        what = (match.group("what") or "").lower()
        if match.group("dmg"):
            replacement = "the " + ctx.text(who_start + len(who), end).lstrip("'\u2019s ")
        elif what.startswith("lack"):
            replacement = PROCESS_GAP
        elif what:
            article = "an" if what[0] in "aeiou" else "a"
            replacement = _POSSESSIVE_FIX.get(what, f"{article} {what}")
        else:
            replacement = PROCESS_GAP
        span_start = phrase[0].start
        category: FindingCategory = "named_blame" if kind == "named" else "role_blame"
        first_index = ctx.token_at(span_start)
        previous = ctx.tokens[first_index - 1] if first_index else None
        inside_phrase = previous is not None and previous.is_word and (
            previous.text[0].isupper() or previous.lower not in _PHRASE_EDGE
        )  # "Field Engineer's experiment", "the contract personnel's mistake"
        yield _hit(category, span_start, end, ctx.text(span_start, end),
                   None if inside_phrase else Fix(span_start, end, replacement))


# --- passive with a person as the agent ---------------------------------------------------------

_PASSIVE_BY = word_pattern(
    r"\b(?:was|were|got|had\s+been|has\s+been)\s+(?P<verb>botched|messed\s+up|screwed\s+up"
    r"|fumbled|mishandled|bungled|ignored|missed|overlooked|neglected|forgotten|broken"
    r"|taken\s+down|brought\s+down)\s+by\s+",
    IGNORE,
)
_AFTER_AGENT = frozenset(
    {"for", "at", "during", "after", "before", "until", "since", "in", "because", "when", "while"}
)
_PASSIVE_NEUTRAL = {
    "ignored": "was not acted on", "missed": "was not noticed", "overlooked": "was not noticed",
    "neglected": "was not maintained", "forgotten": "was not done", "broken": "broke",
    "taken down": "went down", "brought down": "went down",
}


def rule_passive_by_person(ctx: Context) -> Iterator[Hit]:
    """"The cutover was botched by the release manager": blame moved into a by-phrase."""
    for start, end, match in ctx.finditer(_PASSIVE_BY):
        index = ctx.token_at(end)
        phrase: list[Token] = []
        for token in ctx.tokens[index : index + 5]:
            if not token.is_word or token.lower in lex.CLAUSE_BREAKS or token.lower in _AFTER_AGENT:
                break
            phrase.append(token)
        if not phrase:
            continue
        kind = classify_phrase(phrase, ctx.vocabulary)
        if kind not in ("named", "role"):
            continue
        stop = phrase[-1].end
        verb = " ".join(match.group("verb").lower().split())
        neutral = _PASSIVE_NEUTRAL.get(verb, "did not go as planned")
        category: FindingCategory = "named_blame" if kind == "named" else "role_blame"
        yield _hit(category, start, stop, ctx.text(start, stop), Fix(start, stop, neutral))

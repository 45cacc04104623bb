"""The blamelessness rules: each looks at one sentence and returns the blameful spans it finds.

A rule pairs a trigger (a phrase) with a test of context: most failure words are fine about
systems ("the deploy failed to complete") and blameful about people ("Dave failed to check"), so
the rules ask who the subject is (``blame_subject``). Every hit carries a ``Fix`` that rewrites
its clause neutrally (``blame_suggest``). ``docs/blameless-rules.md`` explains each decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.rules.blame import inflect
from assistant.rules.blame import lexicon as lex
from assistant.rules.blame.context import IGNORE, Context, Hit, _hit, _people_category, word_pattern
from assistant.rules.blame.subject import (
    PEOPLE,
    Subject,
    bare,
    clause_subject,
)
from assistant.rules.blame.suggest import (
    Fix,
    Shape,
    passive,
    was,
    went,
)

# --- failure verbs ----------------------------------------------------------------------------

_FORGOT = word_pattern(
    r"\b(?P<trig>forgot|forgets|forget|forgotten|neglected|neglects|failed|fails"
    r"|didn['\u2019]?t\s+bother|did\s+not\s+bother|never\s+bothered|couldn['\u2019]?t\s+be\s+bothered"
    r"|bothered)(?:\s+(?P<to>to))?\s+(?P<verb>[a-z][\w-]*)",
    IGNORE,
)
_NEGATED = word_pattern(
    r"\b(?P<trig>didn['\u2019]?t|did\s+not|never|hadn['\u2019]?t|had\s+not)"
    r"(?:\s+(?:completely|fully|properly|really|actually|even|always|once))?\s+(?P<verb>[a-z][\w-]*)",
    IGNORE,
)
_DIRECT = word_pattern(
    r"\b(?P<trig>ignored|ignores|ignore|missed|misses|overlooked|overlooks|disregarded|skipped|bypassed"
    r"|broke|breaks|took\s+down|takes\s+down|brought\s+down|blew\s+(?:up|away)|messed\s+up"
    r"|screwed\s+up|botched|borked|hosed|nuked|trashed|clobbered|fumbled|dropped\s+the\s+ball"
    r"|wasn['\u2019]?t\s+paying\s+attention|weren['\u2019]?t\s+paying\s+attention"
    r"|w(?:as|ere)\s+not\s+paying\s+attention)\b",
    IGNORE,
)
_NOBODY = word_pattern(
    r"\b(?P<who>nobody|no\s+one|no-one)\s+(?:\w+\s+)?"
    r"(?P<trig>noticed|checked|looked|read|tested|caught|reviewed|verified)\b",
    IGNORE,
)
_PRESENT_POLICY = re.compile(r"\bby\s+design\b|\bon\s+purpose\b|\bintentionally\b", IGNORE)
_HUMAN_ONLY_DIRECT = frozenset({"overlooked", "overlooks", "disregarded", "dropped the ball",
                                "messed up", "screwed up", "botched", "fumbled"})


def _lemma(word: str) -> str:
    """Base form of a verb form (``checked`` -> ``check``, ``saw`` -> ``see``)."""
    return inflect.lemma(word)


def _failure_fix(ctx: Context, subject: Subject, verb: str, trigger: int, after: int) -> Fix:
    """Rewrite "<person> <failed to> <verb> <object>" as "<object> was not <verb-ed>"."""
    end = ctx.clause_end(after)
    participle = lex.participle(verb)
    clause = passive(ctx.text(after, end), verb, was(participle, negative=True))
    start = subject.start if subject.kind not in ("unknown", "system") else trigger
    return Fix(min(start, trigger), end, clause)


def rule_forgot(ctx: Context) -> Iterator[Hit]:
    """forgot / neglected / failed to / didn't bother: people, unless a system is the subject."""
    for start, _end, match in ctx.finditer(_FORGOT):
        trig = " ".join(match.group("trig").lower().split())
        verb = match.group("verb")
        subject = ctx.agent(start)
        if trig in ("failed", "fails"):
            if not match.group("to"):
                continue
            if subject.kind not in PEOPLE and not (
                subject.kind == "unknown" and verb.lower() in lex.HUMAN_VERBS
            ):
                continue
            if subject.kind == "named" and verb.lower() not in lex.HUMAN_VERBS:
                continue  # "Orion failed to start": an unknown capitalised word, a system verb
        elif trig == "bothered":
            if bare(ctx.text(subject.start, subject.end)) not in lex.NEGATIVE_PRONOUNS | {"no one"}:
                continue
        elif subject.kind == "system":
            continue
        verb_start = start + match.start("verb") - match.start()
        span_start = subject.start if subject.kind in PEOPLE else start
        category = _people_category(subject, "failure_verb")
        if not match.group("to") and not _is_verb_after_trigger(verb):
            # "neglected the pre-flight checks", "forgot that the flag was global"
            trig_end = start + match.end("trig") - match.start()
            fix = _object_fix(ctx, subject, trig, start, verb_start)
            yield _hit(category, span_start, trig_end, match.group("trig"), fix)
            continue
        base = _lemma(verb) if verb.lower().endswith("ing") else verb
        fix = _failure_fix(ctx, subject, base, start, verb_start + len(verb))
        yield _hit(category, span_start, verb_start + len(verb), match.group(0),
                   None if subject.relative else fix)


_OBJECT_STARTS = frozenset(
    {"that", "about", "how", "where", "when", "which", "what", "whether", "it", "them", "this",
     "his", "her", "their", "our", "its", "my", "your", "to", "all", "any", "some", "every"}
)


def _is_verb_after_trigger(word: str) -> bool:
    """True when the word after "forgot"/"neglected" is a verb ("forgot renewing" aside)."""
    lowered = word.lower()
    return not (lowered in lex.DETERMINERS or lowered in _OBJECT_STARTS)


def _object_fix(ctx: Context, subject: Subject, trig: str, trigger: int, after: int) -> Fix:
    """Rewrite "<person> neglected <object>" / "forgot that <fact>" without the person."""
    end = ctx.clause_end(after) if not ctx.masked[after - ctx.start :].startswith("that") else (
        ctx.start + len(ctx.masked.rstrip(".!? "))
    )
    shape = went("went unattended") if trig.startswith("neglect") else was("forgotten")
    clause = passive(ctx.text(after, end), "remember", shape)
    start = subject.start if subject.kind not in ("unknown", "system") else trigger
    return Fix(min(start, trigger), end, clause)


def rule_negated_action(ctx: Context) -> Iterator[Hit]:
    """didn't check / never tested / did not follow, when a person is the subject."""
    for start, end, match in ctx.finditer(_NEGATED):
        verb = match.group("verb")
        base = _lemma(verb)
        if base not in lex.HUMAN_VERBS or base in lex.KNOWING_VERBS or base == "bother":
            continue  # "he did not know" is a gap in what people knew, not a failure
        subject = ctx.agent(start)
        if subject.kind == "system" or (subject.kind == "unknown" and start > ctx.start + 2):
            continue
        if subject.kind == "unknown" and base in ("run", "update", "respond", "renew"):
            continue
        category = _people_category(subject, "failure_verb")
        fix = _failure_fix(ctx, subject, base, start, end)
        span_start = subject.start if subject.kind in PEOPLE else start
        yield _hit(category, span_start, end, match.group(0), None if subject.relative else fix)


_DIRECT_SHAPES: dict[str, Shape] = {
    "ignored": was("acted on", negative=True),
    "missed": went("went unnoticed"),
    "overlooked": went("went unnoticed"),
    "disregarded": was("followed", negative=True),
    "skipped": was("skipped"),
    "bypassed": was("bypassed"),
    "broke": went("broke"),
    "took down": went("went down"),
    "brought down": went("went down"),
    "dropped the ball": was("completed", negative=True),
    "nuked": was("wiped"),
    "trashed": was("wiped"),
    "clobbered": was("overwritten"),
    "blew away": was("wiped"),
}


def _direct_shape(trig: str) -> Shape:
    """How a direct failure verb reads once the person is dropped."""
    key = {"ignores": "ignored", "misses": "missed", "overlooks": "overlooked",
           "breaks": "broke", "takes down": "took down"}.get(trig, trig)
    return _DIRECT_SHAPES.get(key, was("changed incorrectly"))


def rule_direct_failure(ctx: Context) -> Iterator[Hit]:
    """ignored / missed / broke / took down / messed up with a person as subject."""
    for start, end, match in ctx.finditer(_DIRECT):
        trig = " ".join(match.group("trig").lower().replace("\u2019", "'").split())
        subject = ctx.agent(start)
        if "paying attention" in trig:
            if subject.kind == "system":
                continue
            fix = Fix(subject.start if subject.kind != "unknown" else start, end,
                      "the problem was not noticed")
            cat = _people_category(subject, "failure_verb")
            yield _hit(cat, subject.start if subject.kind in PEOPLE else start, end, trig, fix)
            continue
        elif subject.kind not in PEOPLE and not (
            trig in _HUMAN_ONLY_DIRECT and subject.kind == "unknown"
        ):
            continue
        elif trig.endswith("down") and ctx.text(subject.start, subject.end).lower() in ("we", "i"):
            continue  # "we took down the banner": a deliberate step by the writers
        elif trig == "ignore" and (
            subject.kind != "role" or _PRESENT_POLICY.search(ctx.text(end, ctx.clause_end(end)))
        ):
            continue  # "we ignore flaky alerts by design", "please ignore": not a failure
        shape = _direct_shape(trig)
        clause_stop = ctx.clause_end(end)
        clause = passive(ctx.text(end, clause_stop), _lemma(trig.split()[0]), shape)
        fix = Fix(subject.start if subject.kind != "unknown" else start, clause_stop, clause)
        category = _people_category(subject, "failure_verb")
        span_start = subject.start if subject.kind in PEOPLE else start
        yield _hit(category, span_start, end, match.group(0), None if subject.relative else fix)


def rule_nobody(ctx: Context) -> Iterator[Hit]:
    """"Nobody noticed the alert", "no one checked the backups"."""
    for start, end, match in ctx.finditer(_NOBODY):
        trig = match.group("trig").lower()
        if trig in ("noticed", "caught"):
            shape = went("went unnoticed")
        else:
            shape = was(lex.participle(_lemma(trig)), negative=True)
        stop = ctx.clause_end(end)
        clause = passive(ctx.text(end, stop), _lemma(trig), shape)
        yield _hit("failure_verb", start, end, match.group(0), Fix(start, stop, clause))


_CAREFUL_ACTION = word_pattern(
    r"\b(?P<adv>accidentally|mistakenly|inadvertently|unintentionally)\s+(?P<verb>[a-z][\w-]*)"
    r"|\b(?P<verb2>pushed|merged|shipped|deployed|committed|applied|released|ran|introduced)\s+"
    r"(?:an?\s+|the\s+|his\s+|her\s+|their\s+)?(?P<bad>bad|broken|buggy|untested|unreviewed"
    r"|faulty|wrong|bug|regression)\b"
    r"|\b(?P<verb3>deleted|dropped|removed|ran|restarted|killed|terminated|edited|changed"
    r"|updated|scaled|modified|wiped|truncated)\b(?P<obj>[^.,;]{0,40}?)\bthe\s+wrong\b"
    r"|\b(?P<verb4>[a-z]+ed|ran|hit|sent|put|set|left|made|took|shut|cut)\b(?P<obj4>[^.;]{0,60}?)"
    r"\s*\bby\s+(?:accident|mistake)\b",
    IGNORE,
)
_BY_ACCIDENT = re.compile(r"\s*\bby\s+(?:accident|mistake)\b", IGNORE)


def rule_careless_action(ctx: Context) -> Iterator[Hit]:
    """A person "accidentally" acting, pushing a broken change, or acting on the wrong thing."""
    for start, end, match in ctx.finditer(_CAREFUL_ACTION):
        group = next(g for g in ("verb", "verb2", "verb3", "verb4") if match.group(g))
        verb = match.group(group)
        verb_start = start + match.start(group) - match.start()
        subject = ctx.agent(start)
        said = ctx.text(subject.start, subject.end).lower().split()
        if subject.kind not in PEOPLE or (
            any(w in ("people", "folks", "humans", "users") for w in said)
            and said[0] not in ("the", "these", "those", "our", "their")
        ):
            continue  # "people were mistakenly making transfers": users, no one in particular
        stop = ctx.clause_end(end)
        participle = lex.participle(_lemma(verb))
        if match.group("adv"):
            after = verb_start + len(verb)
            clause = passive(ctx.text(after, stop), verb, was(participle))
        else:
            obj_text = _BY_ACCIDENT.sub("", ctx.text(verb_start + len(verb), stop))
            clause = passive(obj_text, verb, was(participle))
        fix = Fix(subject.start, stop, clause)
        yield _hit(_people_category(subject, "failure_verb"), subject.start, end,
                   match.group(0).strip(), None if subject.relative else fix)


_WITHOUT = word_pattern(
    r"\bwithout\s+(?:(?:testing|checking|reviewing|reading|telling|warning|asking|notifying"
    r"|informing|looking|verifying|running|waiting|announcing)\b|(?:any\s+|a\s+)?(?:code\s+)?review\b"
    r"|(?:any\s+|prior\s+)?notice\b"
    r"|approval\b|a\s+second\s+(?:look|pair\s+of\s+eyes)\b|any\s+test(?:s|ing)?\b)",
    IGNORE,
)


def rule_without(ctx: Context) -> Iterator[Hit]:
    """A person acting "without testing/review/warning anyone"."""
    for start, end, _match in ctx.finditer(_WITHOUT):
        index = ctx.token_at(start)
        opening = 0
        for j in range(index - 1, -1, -1):
            if ctx.tokens[j].lower in lex.CLAUSE_BREAKS or ctx.tokens[j].text in ",;:":
                opening = j + 1
                break
        subject = clause_subject(ctx.tokens, opening, ctx.vocabulary)
        if subject.kind not in PEOPLE:
            continue
        stop = ctx.clause_end(end)
        verb_index = ctx.token_at(subject.end)
        if verb_index >= len(ctx.tokens):
            continue
        verb = ctx.tokens[verb_index]
        clause = passive(
            ctx.text(verb.end, stop),
            _lemma(verb.text),
            was(lex.participle(_lemma(verb.text))),
            default_object="the change",
        )
        fix = Fix(subject.start, stop, clause)
        yield _hit(_people_category(subject, "failure_verb"), subject.start, end,
                   ctx.text(subject.start, end), fix)


_PRODUCTION = word_pattern(
    r"\b(?:against|on|in|to|into)\s+(?:the\s+)?(?:production|prod|live)\b", IGNORE
)


def rule_seniority(ctx: Context) -> Iterator[Hit]:
    """The new hire / the intern / a junior engineer as the one who touched production."""
    if not _PRODUCTION.search(ctx.masked):
        return
    subject = clause_subject(ctx.tokens, 0, ctx.vocabulary)
    if subject.kind != "role" or not subject.seniority:
        return
    verb_index = ctx.token_at(subject.end)
    if verb_index >= len(ctx.tokens) or not ctx.tokens[verb_index].is_word:
        return
    verb = ctx.tokens[verb_index]
    stop = ctx.clause_end(verb.end)
    participle = lex.participle(_lemma(verb.text))
    clause = passive(ctx.text(verb.end, stop), _lemma(verb.text), was(participle))
    yield _hit("role_blame", subject.start, verb.end, ctx.text(subject.start, verb.end),
               Fix(subject.start, stop, clause))

"""Rules about how a sentence judges: counterfactuals, judgement words, hindsight, tone.

Companion to ``blame_rules`` (which finds who is blamed for what). These rules catch the framing
that blames even without a culprit: "should have caught it", "careless", "obviously", "as usual".
Proposals ("we should add alerting"), technical senses ("lazy loading", "just after 14:00") and
statements that reject blame ("human error is never a root cause") are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.domain import FindingCategory
from assistant.rules.blame import lexicon as lex
from assistant.rules.blame.context import Context, Hit, _hit, _quoted, word_pattern
from assistant.rules.blame.patterns import _lemma
from assistant.rules.blame.subject import PEOPLE, Subject, classify_phrase, clause_subject
from assistant.rules.blame.suggest import Fix, _be, passive, was
from assistant.rules.blame.tone import _drop_word

IGNORE = re.IGNORECASE

# --- counterfactuals --------------------------------------------------------------------------

_MODAL_HAVE = word_pattern(
    r"\b(?P<modal>should|could|would|might|must|ought\s+to)(?P<neg>\s+not|n['\u2019]t|\s+never)?"
    r"(?:\s+(?:definitely|absolutely|really|certainly|probably|easily|possibly))?"
    r"(?:\s+have|['\u2019]ve|\s+of)\s+(?:(?:definitely|absolutely|really|easily|just|simply"
    r"|at\s+least)\s+)?(?P<p1>[\w-]+)(?:\s+(?P<p2>[\w-]+))?"
    r"|\b(?P<slang>shoulda|coulda|woulda)\b",
    IGNORE,
)
_HUMAN_PARTICIPLES = frozenset(
    {
        "caught", "noticed", "spotted", "checked", "tested", "reviewed", "verified", "detected",
        "escalated", "seen", "known", "avoided", "prevented", "done", "read", "followed",
        "considered", "communicated", "flagged", "paged", "rolled", "fixed", "stopped", "handled",
        "raised", "updated", "renewed", "run", "asked", "realized", "realised", "looked",
        "waited", "deployed", "found", "written", "thought", "told", "warned", "noted",
        "double-checked", "validated", "confirmed", "acknowledged", "investigated", "monitored",
    }
)
_OBVIOUS = frozenset({"obvious", "clear", "apparent", "evident"})
_QUALITY = word_pattern(
    r"\b(?:good|better|more|experienced|competent|careful|decent|real|proper|seasoned|qualified"
    r"|trained|sensible|smarter|attentive)\b",
    IGNORE,
)
_FIX_NAMED = word_pattern(
    r"\b(?:now|have\s+(?:now\s+)?added|are\s+adding|added|replaced|automated|in\s+place)\b", IGNORE
)
_OPEN_QUESTION = re.compile(r"\b(?:whether|wonder|explore|investigate|ask(?:ing)?\s+if)\b", IGNORE)


def rule_modal_have(ctx: Context) -> Iterator[Hit]:
    """should/could/would have + a human action ("we should have caught it in staging")."""
    for start, end, match in ctx.finditer(_MODAL_HAVE):
        if _quoted(ctx, start, end) or _OPEN_QUESTION.search(ctx.before(start)):
            continue
        if match.group("slang"):
            yield _hit("counterfactual", start, end, match.group(0), Fix(start, end, ""))
            continue
        p1 = match.group("p1").lower()
        p2 = (match.group("p2") or "").lower()
        if p1 == "been":
            if p2 not in _HUMAN_PARTICIPLES and p2 not in _OBVIOUS:
                continue
            yield _counterfactual_passive(ctx, start, end, match, p2)
            continue
        if not lex.looks_like_participle(p1) or p1 == "had":
            continue  # "should have a runbook" is a proposal
        subject = ctx.subject(start)
        modal = match.group("modal").lower()
        said = ctx.text(subject.start, subject.end).lower()
        if said in ("anyone", "anybody") and modal == "could":
            continue  # "anyone could have done it" is minimising: the hindsight rule reports it
        if match.group("neg") and modal in ("could", "might"):
            continue  # "could not have known" clears people, it does not judge them
        if re.match(r"(?:an?|another)\s", said) and not _QUALITY.search(said):
            continue  # "a second approver would have caught it": a missing control, no one
        if re.search(r"\bno\s+way\b|\bimpossible\b|\bcan['\u2019]?t\s+blame\b", ctx.before(start)):
            continue  # "there's no way he could have known"
        if said in ("i", "we") and (
            (p1 not in _HUMAN_PARTICIPLES and not match.group("neg"))
            or _FIX_NAMED.search(ctx.masked)
        ):
            continue  # "I should have called it ...", "we should have had X, now added"
        if subject.kind == "system" and not modal.startswith("ought"):
            continue  # "the alert should have fired", "a canary would have caught it"
        if subject.kind == "unknown" and p1 not in _HUMAN_PARTICIPLES:
            continue
        p1_start = start + match.start("p1") - match.start()
        span_end = p1_start + len(match.group("p1"))
        yield _counterfactual_active(ctx, start, span_end, subject.start, p1, match)


def _counterfactual_passive(
    ctx: Context, start: int, end: int, match: re.Match[str], p2: str
) -> Hit:
    """"should have been caught" -> "was not caught"; "should have been obvious" -> "was not"."""
    negated = bool(match.group("neg"))
    words = re.findall(r"[A-Za-z]+", ctx.masked[: start - ctx.start])
    if len(words) > 1 and words[-1].lower() in ("that", "which", "who"):
        words.pop()  # "issues that should have been caught": agree with "issues"
    be = _be(words[-1]) if words else "was"
    if p2 in _OBVIOUS:
        replacement = f"{be} {'' if negated else 'not '}{p2} at the time"
    else:
        replacement = f"{be} {'' if negated else 'not '}{p2}"
    return _hit("counterfactual", start, end, ctx.text(start, end), Fix(start, end, replacement))


def _counterfactual_active(
    ctx: Context, start: int, span_end: int, subject_start: int, p1: str, match: re.Match[str]
) -> Hit:
    """"We should have caught it in staging" -> "It was not caught in staging"."""
    negated = bool(match.group("neg"))
    stop = ctx.clause_end(span_end)
    rest = ctx.text(span_end, stop)
    particle = re.match(r"\s+(back|up|down|out|off|over)\b", rest)
    verb = p1 + (" " + particle.group(1) if particle else "")
    if particle:
        rest = rest[particle.end() :]
    if re.search(r"\bif\b", rest, IGNORE) and match.group("modal").lower() == "would":
        rest = re.split(r"\bif\b", rest, maxsplit=1, flags=IGNORE)[0]
    fix_start = subject_start if subject_start < start else start
    by_action = re.match(r"^\s*(?P<obj>.*?)\s*\bby\s+(?P<act>\w+ing\b.*)$", rest)
    if by_action and not negated:
        obj = by_action.group("obj") or "it"
        outcome = f"{obj} was not {verb}"
        clause = f"{by_action.group('act').strip()} did not happen, so {outcome}"
        return _hit("counterfactual", start, span_end, ctx.text(start, span_end),
                    Fix(fix_start, stop, clause))
    base = _lemma(p1) + (" " + particle.group(1) if particle else "")
    clause = passive(rest, base, was(verb, negative=not negated),
                     default_object="it" if negated else None)
    return _hit("counterfactual", start, span_end, ctx.text(start, span_end),
                Fix(fix_start, stop, clause))


_IF_HAD = word_pattern(
    r"\bif\s+(?:only\s+)?(?P<subj>(?:[\w@.'\-]+\s+){1,4}?)(?:had\s+|['\u2019]d\s+)"
    r"(?:not\s+|n['\u2019]t\s+)?(?P<verb>[\w-]+)"
    r"|\bhad\s+(?P<isubj>(?:[\w@.'\-]+\s+){1,4}?)(?:not\s+)?"
    r"(?P<iverb>(?=[\w-]*(?:ed|en|wn|ne|ght|ad|id|ut|et|un|ok|ld|lt|pt|st|ng|de)\b)[\w-]+)",
    IGNORE,
)


def rule_if_had(ctx: Context) -> Iterator[Hit]:
    """"If the on-call had looked", "Had anyone tested", "if only someone had noticed"."""
    for start, _end, match in ctx.finditer(_IF_HAD):
        inverted = match.group("iverb") is not None
        if inverted and not _inversion_allowed(ctx, start):
            continue
        subj_group, verb_group = ("isubj", "iverb") if inverted else ("subj", "verb")
        verb = match.group(verb_group)
        if not lex.looks_like_participle(verb) or verb.lower() in ("been", "had"):
            continue
        if verb.lower() not in _HUMAN_PARTICIPLES and _lemma(verb) not in lex.HUMAN_VERBS:
            continue  # "had Akimov survived": a what-if, not a judgement of an action
        subj_start = start + match.start(subj_group) - match.start()
        subj_end = subj_start + len(match.group(subj_group))
        subj_tokens = [t for t in ctx.tokens if subj_start <= t.start < subj_end]
        if classify_phrase(subj_tokens, ctx.vocabulary) not in PEOPLE:
            continue
        verb_end = start + match.end(verb_group) - match.start()
        stop = ctx.clause_end(verb_end)
        participle = verb.lower()
        clause = passive(ctx.text(verb_end, stop), _lemma(verb), was(participle, negative=True))
        if start > ctx.start:
            clause = "; " + clause
        elif ctx.masked[stop - ctx.start : stop - ctx.start + 1] == ",":
            stop, clause = stop + 1, clause + ";"
        yield _hit("counterfactual", start, verb_end, ctx.text(start, verb_end),
                   Fix(start, stop, clause))


def _inversion_allowed(ctx: Context, start: int) -> bool:
    """True when "had" opens an inverted conditional rather than ending a subject."""
    index = ctx.token_at(start)
    if index == 0:
        return True
    previous = ctx.tokens[index - 1]
    return not previous.is_word or previous.lower.endswith(("able", "ible", "only"))


_SUPPOSED = word_pattern(
    r"\b(?:was|were)\s+supposed\s+to\s+(?P<verb>[a-z][\w-]*)|\bought\s+to\s+have\s+(?P<p>\w+)",
    IGNORE,
)


def rule_supposed(ctx: Context) -> Iterator[Hit]:
    """"Mia was supposed to verify the chain" (a person), not "the job was supposed to run"."""
    for start, end, match in ctx.finditer(_SUPPOSED):
        if match.group("p"):
            continue  # handled by rule_modal_have
        subject = ctx.subject(start)
        if subject.kind not in PEOPLE:
            continue
        verb = match.group("verb")
        stop = ctx.clause_end(end)
        action = " ".join(p for p in (lex.gerund(verb), ctx.text(end, stop).strip()) if p)
        fix = Fix(subject.start, stop, f"{action} depended on a manual step")
        yield _hit("counterfactual", subject.start, end, ctx.text(subject.start, end), fix)


# --- judgement words --------------------------------------------------------------------------

_JUDGEMENT = word_pattern(
    r"\b(?P<w>careless(?:ly|ness)?|sloppy|sloppily|sloppiness|negligent(?:ly)?|negligence"
    r"|lazy|laziness|incompetent(?:ly)?|incompetence|reckless(?:ly|ness)?|stupid(?:ly|ity)?|dumb"
    r"|idiot(?:ic|s)?|moron(?:ic|s)?|clueless|irresponsible|irresponsibly|inexcusable"
    r"|bone-?headed|half-?assed|amateurish|unprofessional|foolish(?:ly)?|thoughtless(?:ly)?"
    r"|inattentive|rookie\s+(?:mistake|error|move)|silly\s+mistake|blunder(?:ed)?"
    r"|lapse\s+in\s+judg(?:e)?ment|(?:poor|bad)\s+judg(?:e)?ment|without\s+thinking"
    r"|should\s+(?:have\s+)?know[n]?\s+better|asleep\s+at\s+the\s+wheel|cowboy)\b",
    IGNORE,
)
_TECHNICAL_AFTER = re.compile(
    r"^\s+(?:load(?:ing|ed)?|init\w*|evaluat\w*|eval|import\w*|deletion|expir\w*|propagat\w*"
    r"|replicat\w*|allocat\w*|sync\w*|compil\w*|pipe|terminal|client|switch|proxy|hub|retry"
    r"|retries|bot|mode|flag|option|setting|(?:it|this|that|things)\s+down)\b",
    IGNORE,
)
_NOUN_FORMS = frozenset(
    {"carelessness", "negligence", "laziness", "incompetence", "recklessness", "stupidity",
     "sloppiness"}
)
_PERSON_NOUNS = frozenset({"idiot", "idiots", "moron", "morons", "cowboy"})
_PREDICATE = re.compile(
    r"\b(?:was|is|were|are|been|being)\s+(?:\w+ly\s+|so\s+|very\s+|just\s+|pretty\s+)?$", IGNORE
)


_SYSTEM_NOUN = re.compile(
    r"^\s+(?:process|processes|system|systems|design|tooling|culture|environment|controls"
    r"|labell?ing|documentation|defaults?)\b",
    IGNORE,
)
_GENERIC_PEOPLE = re.compile(
    r"(?:^|\W)(?:everyone|everybody|we\s+all|we['\u2019]re\s+all|we\s+are\s+all|all\s+of\s+us"
    r"|humans|people\s+are)\b[^.;]*$",
    IGNORE,
)
_EXCUSED = re.compile(r"\b(?:simple|easy|natural|understandable|common)\s+to\s+make\b", IGNORE)


def rule_judgement(ctx: Context) -> Iterator[Hit]:
    """careless, sloppy, negligent, lazy, incompetent, reckless, stupid and kin."""
    for start, end, match in ctx.finditer(_JUDGEMENT):
        word = match.group("w").lower()
        if _TECHNICAL_AFTER.match(ctx.masked[end - ctx.start :]):
            continue  # lazy loading, dumb pipe
        if re.search(r"\b(?:not|never|nobody|no one|wasn't|isn't|n't)\s+(?:\w+\s+){0,3}$",
                     ctx.before(start)):
            continue
        if _SYSTEM_NOUN.match(ctx.masked[end - ctx.start :]) or _GENERIC_PEOPLE.search(
            ctx.before(start)
        ) or _EXCUSED.search(ctx.masked):
            continue  # "sloppy process", "everyone is at times careless", "simple to make"
        yield _hit("judgement", start, end, match.group("w"), _judgement_fix(ctx, start, end, word))


def _judgement_fix(ctx: Context, start: int, end: int, word: str) -> Fix | None:
    """Drop an attributive judgement; turn a predicate into the missing safeguard."""
    before = ctx.before(start)
    after = ctx.masked[end - ctx.start :]
    if word in _NOUN_FORMS:
        determiner = re.search(r"(?:\b(?:the|this|his|her|their|such)|[\w@.-]+['\u2019]s?)\s+$",
                               before)
        owner = re.match(r"^\s+(?:of|by)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:team|engineer|"
                         r"developer|operator|on-call|intern|contractor|[A-Z][a-z]+)\b", after)
        fix_start = ctx.start + determiner.start() if determiner else start
        fix_end = end + (owner.end() if owner else 0)
        return Fix(fix_start, fix_end, "a gap in safeguards")
    if "mistake" in word or "error" in word or word == "rookie move":
        return Fix(start, end, "an error")
    if word in _PERSON_NOUNS:
        article = re.search(r"\b(?:an?|the|some)\s+$", before)
        fix_start = ctx.start + article.start() if article else start
        return Fix(fix_start, end, "an engineer" if article else "engineers")
    predicate = _PREDICATE.search(before)
    attributive = re.match(r"^\s+(?!to\b|of\b|in\b|with\b|about\b|and\b|or\b)[a-z]", after)
    infinitive = re.match(r"^\s+to\s+(\w+)(.*)$", after)
    if predicate and infinitive and re.search(r"\bit\s+(?:was|is)\s+\S*\s*$", before):
        it_start = ctx.start + before.rindex("it")
        stop = ctx.clause_end(end + infinitive.end(1))
        action = lex.gerund(infinitive.group(1)) + ctx.text(end + infinitive.end(1), stop)
        return Fix(it_start, stop, f"{action} carried a risk the process did not catch")
    if predicate and not attributive and word not in ("without thinking",):
        be_start = ctx.start + predicate.start()
        subject = ctx.subject(be_start)
        stop = ctx.clause_end(end)
        if re.search(r"[A-Za-z]", ctx.text(end, stop)):
            return None  # "was negligent in how he handled the credentials": keep the facts
        if subject.kind in PEOPLE:
            return Fix(subject.start, stop, "the process had no safeguard for this step")
        return Fix(be_start, stop, "carried a risk the process did not catch")
    if not re.match(r"^\s+[a-z]", after, IGNORE) or predicate or re.search(
        r"\b(?:beyond|so|too|very|pretty|plain|fixes|be|is)\s+$", before
    ):
        return None  # "is just beyond stupid", "fixes stupid": dropping it breaks the clause
    trailing = ctx.masked[end - ctx.start : end - ctx.start + 1]
    return Fix(start, end + (1 if trailing == " " else 0), "")


_MORE_CAREFUL = word_pattern(
    r"(?<!['\u2018])\b(?:be|being|been|is|are|was|were|am|get|got)\s+(?:much\s+|a\s+lot\s+|a\s+bit\s+)?more"
    r"\s+(?:careful|diligent|attentive|thorough|cautious|vigilant|disciplined)\b"
    r"|\bpay\s+(?:more|closer|better)\s+attention\b|\btake\s+more\s+care\b"
    r"|\bdouble-check\s+(?:his|her|their|your|our)\s+work\b",
    IGNORE,
)
TAKE_CARE_START = "add a safeguard"
TAKE_CARE_END = "so this does not depend on individual care"
TAKE_CARE = f"{TAKE_CARE_START} {TAKE_CARE_END}"


def category_for(who: Subject) -> FindingCategory:
    """named_blame / role_blame for a named person or a role, else judgement."""
    if who.kind == "named":
        return "named_blame"
    return "role_blame" if who.kind == "role" else "judgement"


def rule_more_careful(ctx: Context) -> Iterator[Hit]:
    """"Kevin needs to be more careful", "engineers should pay more attention": not a fix."""
    for start, end, match in ctx.finditer(_MORE_CAREFUL):
        subject = ctx.subject(start)
        head = ctx.token_at(start)
        opening = clause_subject(ctx.tokens, 0, ctx.vocabulary) if head else subject
        who = subject if subject.kind in PEOPLE else opening
        if who.kind == "system":
            continue  # "the deploy tool is more careful now"
        fix_start = who.start if who.kind in PEOPLE else start
        stop = ctx.clause_end(end)
        rest = ctx.text(end, stop).strip()
        topic = re.match(r"(?:with|about|to|on|around|when\s+(?=\w+ing\b))\s+(.+)$", rest, IGNORE)
        if rest and not topic:
            yield _hit(category_for(who), start, end, match.group(0), None)
            continue  # the template would drop what follows
        care = f"{TAKE_CARE_START} for {topic.group(1)} {TAKE_CARE_END}" if topic else TAKE_CARE
        yield _hit(category_for(who), start, end, match.group(0), Fix(fix_start, stop, care))


# --- project deny terms -----------------------------------------------------------------------


def find_terms(ctx: Context, terms: tuple[str, ...]) -> Iterator[Hit]:
    """Project deny terms, matched as whole words, case-insensitive."""
    for term in terms:
        pattern = re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", IGNORE)
        for start, end, match in ctx.finditer(pattern):
            message = (
                f'"{match.group(0)}" is on this project\'s deny list (.postmortem-lint.toml). '
                "Rephrase without it."
            )
            yield Hit(start, end, "deny_term", message, _drop_word(ctx, start, end))


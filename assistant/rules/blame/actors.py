"""Rules that find a person or role as the actor of harm, told as people write it.

Real postmortems and outage news rarely say "Dave failed to"; they tell a story: "a developer who
had access to production deleted data", "thinking it was staging, Raj dropped the schema", "the
outage came down to Kenji's hotfix", "the contractor was fired". These rules decide by sentence
structure who does what:

- the active subject of a harmful or mistaken act, looking through relative clauses
  (``Context.agent``), never a person who is the object of a passive verb ("was paged");
- the agent of a causal phrase ("caused by", "due to", "traced to", "came down to"), a possessive
  causer ("Kenji's hotfix") or a ``by``-agent next to harm ("the deletion ... by a new intern");
- punishment, reported or demanded, of a person ("was fired", "fire the employee");
- attributions of the problem to people ("a people problem", "the culprits", "the engineer
  responsible").

None of these has a safe template: the finding gives advice and no rewrite. A first-person
subject ("I deleted the wrong table") is self-deprecation, a warning, and nothing when the
sentence names the fix that followed. ``docs/blameless-rules.md`` gives the decisions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.domain import FindingCategory, FindingSeverity
from assistant.rules.blame import lexicon as lex
from assistant.rules.blame.context import IGNORE, Context, Hit, word_pattern
from assistant.rules.blame.subject import (
    PEOPLE,
    Subject,
    Token,
    bare,
    classify_phrase,
    clause_subject,
)

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


# --- harmful and mistaken acts -----------------------------------------------------------------

_HARM = word_pattern(
    r"\b(?P<v>deleted|deletes|wiped|wipes|truncated|destroyed|corrupted|overwrote|misconfigured"
    r"|mis-configured|misconfigures|mistyped|misread|misjudged|misunderstood|mistook|mixed\s+up"
    r"|confused\s+(?:the|a|an|two|our|his|her|their)|unplugged|leaked|nuked|trashed|rushed(?!\s+(?:to|in|into|over|back|out|off|home))"
    r"|rubber-?stamped|snoozed|overrode|lost\s+track|(?:wrongly|incorrectly|carelessly|hastily)"
    r"\s+[a-z]+ed|played\s+down|brushed\s+off|waved\s+off|let\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?"
    r"\s+(?:lapse|expire)"
    r"|introduced\s+(?:(?:a|an|the|two|three|several|some|many|new)\s+)?(?:\w+\s+)?(?:bugs?"
    r"|regressions?|errors?|typos?|flaws?)"
    r"|dropped\s+(?:the|a|an|our|their)\s+(?:wrong\s+)?(?:\w+\s+)?(?:table|database|db|schema"
    r"|index|collection|partition|bucket|zone)"
    r"|killed\s+(?:all\s+)?(?:the\s+)?(?:\w+\s+)?power|cut\s+(?:the|a|through\s+the)\s+(?:\w+\s+)?"
    r"(?:fiber|fibre|cable|line|power)|pulled\s+the\s+(?:wrong|live)|flipped\s+the\s+wrong"
    r"|intending\s+(?:it\s+)?to\b(?=[^.]*\b(?:but|instead|by\s+mistake|wrong)\b)"
    r"|left\s+[^.;,]{1,60}?\s+(?:in\s+the\s+dark|offline|without\s+power|in\s+plain\s+text"
    r"|unlocked|in\s+(?:a\s+)?debug(?:ging)?\s+state)"
    r"|(?:did\s+not|didn['\u2019]?t|never|failed\s+to)\s+do\s+(?:his|her|their|your)\s+job"
    r"|(?:did\s+not|didn['\u2019]?t|never|failed\s+to)\s+reali[sz]e"
    r"|(?P<own>(?:noticed|realised|realized|saw|spotted|discovered)\s+(?:his|her|their)\s+(?:own\s+)?"
    r"(?:mistake|error|typo|blunder))"
    r"|(?:picked|chose|selected|used|targeted|restored|rebooted|restarted|drained|deleted|edited"
    r"|ran|opened|updated|scaled|applied|pushed|deployed|promoted)\s+(?:the|a)\s+(?:wrong|stale"
    r"|incorrect|healthy)"
    r"|had\s+no\s+(?:clue|idea\s+what)|missing\s+(?:multiple\s+|several\s+|many\s+)?opportunities"
    r"|(?:was|were)\s+(?:sure|convinced|certain)\s+(?:that\s+)?(?:the|it|this|he|she|they)"
    r"|(?:thinking|believing|assuming)\s+(?:that\s+)?(?:it|this|he|she|they|the)\s+(?:was|were|had"
    r"|would|[\w-]+\s+(?:was|were|had))"
    r"|got\s+(?:confused|mixed\s+up)|(?:assumed|thought|believed)\s+(?:that\s+)?(?:the|it|this"
    r"|someone|somebody|he|she|they|his|her|their|everything|nothing|no)\b)",
    IGNORE,
)
_NARRATIVE_WORDS = ("mis", "mixed", "intending", "thinking", "believing", "assuming", "wrongly",
                    "incorrectly", "carelessly",
                    "hastily", "confused", "lost", "sure", "convinced", "certain", "got",
                    "assumed", "thought", "believed", "real", "noticed", "saw", "spotted",
                    "discovered", "had")
_BELIEF = ("assumed", "thought", "believed", "was", "were")


_HARM_CUES = (
    "delet", "wipe", "truncat", "destroy", "corrupt", "overwr", "misconfig", "mis-config",
    "mistyp", "misread", "misjudg", "misunderst", "mistook", "mixed up", "unplug", "leak", "nuke",
    "trash", "rushed", "stamp", "snooz", "overrode", "lost track", "wrongly", "incorrectly",
    "carelessly", "hastily", "played down", "brushed off", "waved off", "lapse", "expire",
    "introduced", "dropped the", "dropped a", "dropped our", "dropped their", "killed", "cut the",
    "cut a", "cut through", "pulled the", "flipped the", "intending", " job", "realis", "realiz",
    "his ", "her ", "their ", "no clue", "no idea", "opportunities", "was sure", "were sure",
    "convinced", "was certain", "were certain", "got confused", "got mixed", "confused",
    "assumed", "thought", "believed", "thinking", "believing", "assuming", "the wrong",
    "a wrong", "the stale", "the incorrect", "the healthy", "offline", "in the dark",
    "without power", "plain text", "unlocked", "debug",
)


def rule_harm_action(ctx: Context) -> Iterator[Hit]:
    """A person or role as the active subject of a harmful or mistaken act."""
    if not any(cue in ctx.lower for cue in _HARM_CUES):
        return
    for start, end, match in ctx.finditer(_HARM):
        word = match.group("v").lower()
        if not word.startswith(("was", "were", "got")) and _passive(ctx, start):
            continue  # "the table was deleted", "customers were confused"
        subject = ctx.agent(start)
        participial = word.startswith(("thinking", "believing", "assuming", "intending"))
        if participial and re.search(r"\b(?:not|n't|never|no)\b", ctx.before(start)):
            continue  # "we do not fault pools for thinking they were ..."
        if subject.kind not in PEOPLE and participial:
            subject = _main_subject(ctx, start)  # "Raj dropped it thinking", "Thinking ..., Raj"
        blamed, severity = _judge_subject(ctx, subject)
        if match.group("own") and subject.kind not in PEOPLE:
            own = start + match.start("own") - match.start()
            yield _hit("narrative", "failure_verb", own, end, match.group("own"))
            continue  # "by the time Abdul realised his mistake": "his" names the person
        if not blamed or _DENIED.search(ctx.before(subject.start)):
            continue
        if _PURPOSE.match(ctx.masked[end - ctx.start :]):
            continue  # "deletes the ingress to prevent users spawning": a deliberate step
        said = bare(ctx.text(subject.start, subject.end))
        if said in ("we", "us") and word.startswith(_BELIEF):
            continue  # "at first we thought the snapshot was the newest": shared belief
        kind = "narrative" if word.startswith(_NARRATIVE_WORDS) else "harm"
        if severity and kind == "harm" and not _MISTAKE_CUE.search(ctx.masked):
            continue  # "I deleted the prod namespace when it hung": a step, told plainly
        yield _hit(kind, _category(subject) if severity is None else "failure_verb",
                   subject.start, end, ctx.text(subject.start, end),
                   who=f'"{ctx.text(subject.start, subject.end)}"', severity=severity)


def _main_subject(ctx: Context, offset: int) -> Subject:
    """The subject of the main clause around a participle: after the opening participial
    clause ("Believing the queue was empty, Ola purged it") or at the start."""
    index = ctx.token_at(offset)
    if index == 0 or all(not t.is_word for t in ctx.tokens[:index]):
        comma = next((i for i, t in enumerate(ctx.tokens) if i > index and t.text == ","), None)
        if comma is not None and comma + 1 < len(ctx.tokens):
            return clause_subject(ctx.tokens, comma + 1, ctx.vocabulary)
    return clause_subject(ctx.tokens, 0, ctx.vocabulary)


_WITHOUT_REALISING = word_pattern(
    r"\bwithout\s+(?:realis\w*|realiz\w*|noticing|thinking|double-checking|confirming|checking"
    r"|being\s+(?:thorough|careful|attentive))"
    r"|\b(?:wrongly|mistakenly|incorrectly|falsely)\s+(?:assuming|believing|thinking|expecting)\b",
    IGNORE,
)


def rule_without_realising(ctx: Context) -> Iterator[Hit]:
    """"fired off the message without realising": a person acting blind."""
    for start, end, match in ctx.finditer(_WITHOUT_REALISING):
        if not match.group(0).lower().startswith("without"):
            # "(wrongly assuming its end at 11AM)": a wrong belief, whoever held it
            yield _hit("narrative", "failure_verb", start, end, match.group(0), severity="warning")
            continue
        subject = ctx.agent(start)
        if subject.kind not in PEOPLE:
            subject = clause_subject(ctx.tokens, 0, ctx.vocabulary)
        blamed, severity = _judge_subject(ctx, subject)
        if blamed:
            yield _hit("narrative", _category(subject) if severity is None else "failure_verb",
                       subject.start, end, ctx.text(subject.start, end),
                       severity=severity)


# --- causes -----------------------------------------------------------------------------------

_CAUSE_CUE = word_pattern(
    r"\b(?:(?:was|is|were|are)\s+(?:\w+ly\s+)?)?(?:caused|triggered|started|brought\s+on)\s+by"
    r"|\bdue\s+to|\bbecause\s+of|\bthanks\s+to|\b(?:came|comes|come|boiled|boils|was|is|all)\s+down"
    r"\s+to|\btraced\s+(?:back\s+)?to|\bstem(?:med|s)?\s+from|\b(?:came|comes)\s+from"
    r"|\b(?:goes|went)\s+back\s+to|\bresult\s+of|\bcourtesy\s+of|\bwork\s+of"
    r"|\bblame\s+(?:lies|rests|falls|sits|lay)\s+(?:with|on)|\bblame\s+on|\bfault\s+of"
    r"|\b(?:root\s+)?cause\s+(?:was|is)|\bculprit\s+(?:was|is)|\bblames?|\bblamed",
    IGNORE,
)
_CAUSE_CUES = ("caused by", "triggered by", "started by", "brought on", "due to", "because of",
               "thanks to", "down to", "traced", "stem", "came from", "comes from", "back to",
               "result of", "courtesy of", "work of", "blame", "fault of", "cause was",
               "cause is", "culprit")
_NOT_CAUSE = re.compile(
    r"(?:\bnot|n't|\bnever|\bno|\brather\s+than|\binstead\s+of|\bbeyond|\bnor)\s+(?:\w+\s+){0,2}$"
    r"|\bnone\s+of\s+\w+(?:\s+\w+){0,3}\s*$",
    IGNORE,
)


_PHRASE_STOPS = frozenset(
    {"for", "in", "at", "during", "with", "on", "to", "from", "by", "of", "is", "was", "were",
     "are", "be", "may", "can", "will", "would", "should", "could", "must", "might", "has",
     "have", "had", "not"}
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


_STATE_WORDS = frozenset({"being", "down", "up", "offline", "unavailable", "overloaded", "having",
                          "going", "failing", "crashing", "outage", "outages"})


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


def rule_causal_agent(ctx: Context) -> Iterator[Hit]:
    """"caused by a maintenance worker", "traced to Kenji's hotfix", "blames the intern"."""
    if not any(cue in ctx.lower for cue in _CAUSE_CUES):
        return
    for start, end, match in ctx.finditer(_CAUSE_CUE):
        cue = match.group(0).lower()
        if _NOT_CAUSE.search(ctx.before(start)) or re.match(r"blam\w*\s*$", cue) and (
            _passive(ctx, start) or re.search(r"\b(?:to|not|never|no|don't|won't)\s+$",
                                              ctx.before(start))
        ):
            continue
        if cue.startswith("blame") and (
            re.match(r"\s*game", ctx.masked[end - ctx.start :])
            or re.search(r"\b\w+ing\s+(?:the\s+)?$", ctx.before(start))
        ):
            continue  # "the blame game", "pinning the blame on the person may be comfortable"
        if cue.startswith("blame") and (
            _DENIED.search(ctx.before(start))
            or re.search(r"\b(?:we|i|you)\s+(?:\w+\s+)?$", ctx.before(start))
        ):
            continue  # "if they blame the person ...", "where we blamed an intern, was wrong"
        found = _people_phrase(ctx, _phrase_after(ctx, end))
        if found is None:
            continue
        yield _hit("cause", "named_blame" if found.kind == "named" else "role_blame",
                   start, found.end, ctx.text(start, found.end))


_BECAUSE = re.compile(r"\bbecause\s+", IGNORE)
_BECAUSE_PERSON = re.compile(r"\b[Bb]ecause\s+(?:the|a|an|one|our|their|his|her|[A-Z@])")
_THIS_CAUSED = re.compile(
    r",?\s+and\s+(?:this|that|it)\s+(?:caused|triggered|led\s+to|resulted\s+in|broke|took\s+down)\b",
    IGNORE,
)
_NOT_AN_ACT = frozenset({"had", "was", "were", "is", "are", "has", "have", "did", "could", "would",
                         "should", "might", "must", "can", "will"})


def rule_act_as_cause(ctx: Context) -> Iterator[Hit]:
    """"because a test engineer decided to ...", "Jacob restarted X with Y, and this caused"."""
    if not _BECAUSE_PERSON.search(ctx.masked) and not any(f"and {w} " in ctx.lower
                                                          for w in ("this", "that", "it")):
        return
    for start, end, _match in ctx.finditer(_BECAUSE):
        phrase = _phrase_after(ctx, end, 5)
        words = [t for t in phrase if t.is_word]
        if not words or words[0].lower in lex.PRONOUNS:
            continue  # "because they were patched through": who "they" are is unclear
        for cut in range(1, len(words)):
            found = _people_phrase(ctx, words[:cut])
            if found is None:
                continue
            verb = words[cut].lower
            past = verb.endswith("ed") or verb in lex.IRREGULAR_PARTICIPLES
            if verb not in _NOT_AN_ACT and past:
                yield _hit("cause", _category(found), start, words[cut].end,
                           ctx.text(start, words[cut].end))
            break
    for _start, end, match in ctx.finditer(_THIS_CAUSED):
        opening = clause_subject(ctx.tokens, 0, ctx.vocabulary)
        blamed, severity = _judge_subject(ctx, opening)
        if blamed and severity is None:
            yield _hit("cause", _category(opening), opening.start, end,
                       ctx.text(opening.start, opening.end) + " ..." + match.group(0))


_BY_AGENT = re.compile(r"\bby\s+(?!mistake\b|accident\b|design\b|default\b|hand\b)", IGNORE)
_STRONG_BEFORE_BY = word_pattern(
    r"\b(?:caused|triggered|deleted|wiped|truncated|destroyed|corrupted|misconfigured"
    r"|mis-configured|overwritten|broken|cut|killed|leaked|nuked|mistyped)\s+(?:\w+ly\s+)?$",
    IGNORE,
)
_HARM_IN_CLAUSE = word_pattern(
    r"\b(?:mistakes?|errors?|typos?|slip|wrong|wrongly|incorrect\w*|bad|faulty|broken|untested"
    r"|careless\w*|poorly|badly|deletion|accidental\w*|caused|triggered|corruption|misconfigur\w*"
    r"|destroy\w*)\b",
    IGNORE,
)


def rule_by_agent(ctx: Context) -> Iterator[Hit]:
    """A person as the ``by``-agent of harm: "cut by a contractor", "a typo ... by an admin"."""
    if " by " not in ctx.lower:
        return
    for start, end, _match in ctx.finditer(_BY_AGENT):
        before = ctx.before(start)
        clause = re.split(r"[.;:!?]|\b(?:and|but|so|because|while|which)\b", before)[-1]
        if not (_STRONG_BEFORE_BY.search(before) or _HARM_IN_CLAUSE.search(clause[-90:])):
            continue
        found = _people_phrase(ctx, _phrase_after(ctx, end))
        if found is None:
            continue
        yield _hit("cause", "named_blame" if found.kind == "named" else "role_blame",
                   start, found.end, ctx.text(start, found.end))


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

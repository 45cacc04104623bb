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

from assistant.rules.blame import lexicon as lex
from assistant.rules.blame.agents import (
    _DENIED,
    _MISTAKE_CUE,
    _NOT_CAUSE,
    _PURPOSE,
    _category,
    _hit,
    _judge_subject,
    _passive,
    _people_phrase,
    _phrase_after,
)
from assistant.rules.blame.context import IGNORE, Context, Hit, word_pattern
from assistant.rules.blame.subject import (
    PEOPLE,
    Subject,
    bare,
    clause_subject,
)

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



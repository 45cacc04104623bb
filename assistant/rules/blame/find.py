"""The blamelessness check: ``find_blame(text)`` lists every blameful passage of a postmortem.

Offline, deterministic and fast (no model, nothing heavy imported), so ``postmortem lint`` can run
in editors, pre-commit hooks and CI. Each finding gives the span, its line and column, a category
(named_blame, role_blame, human_error, counterfactual, judgement, hindsight, failure_verb, tone,
deny_term), a severity, why it is blameful and a neutral rewrite of its sentence.

The pipeline: mask what is never linted (code, logs, silenced lines, allowed terms), split into
sentences, skip sentences with no trigger word, run the rules on the rest, keep one finding per
overlapping span, and attach the rewrite of the whole sentence to each finding.
"""

from __future__ import annotations

import re

from assistant.domain import Finding, FindingCategory, FindingSeverity
from assistant.rules.blame import lexicon as lex
from assistant.rules.blame.actors import (
    rule_act_as_cause,
    rule_by_agent,
    rule_causal_agent,
    rule_harm_action,
    rule_without_realising,
)
from assistant.rules.blame.causes import (
    rule_caused,
    rule_human_error,
    rule_mistake_by,
    rule_passive_by_person,
    rule_possessive_blame,
)
from assistant.rules.blame.config import LintConfig
from assistant.rules.blame.context import Context, Hit, Rule
from assistant.rules.blame.framing import rule_framing
from assistant.rules.blame.patterns import (
    rule_careless_action,
    rule_direct_failure,
    rule_forgot,
    rule_negated_action,
    rule_nobody,
    rule_seniority,
    rule_without,
)
from assistant.rules.blame.punishment import rule_attribution, rule_punishment
from assistant.rules.blame.spans import _allowed_ranges, _bisect, _line_starts, _vocabulary
from assistant.rules.blame.style import (
    find_terms,
    rule_if_had,
    rule_judgement,
    rule_modal_have,
    rule_more_careful,
    rule_supposed,
)
from assistant.rules.blame.subject import PEOPLE, SubjectKind, classify_phrase, tokenize
from assistant.rules.blame.suggest import Fix, rewrite_sentence, words_known
from assistant.rules.blame.text import Sentence, blank_ranges, mask_unlinted, split_sentences
from assistant.rules.blame.tone import rule_hindsight, rule_tone


def _keys(*words: str) -> frozenset[str]:
    return frozenset(
        part for group in words for w in group.split() for part in (w, *w.split("-")) if part
    )


# Each rule with the words one of which a sentence must contain for the rule to apply: a cheap
# set intersection spares most sentences most regular expressions.
RULES: tuple[tuple[Rule, frozenset[str]], ...] = (
    (rule_possessive_blame, _keys("fault mistake mistakes error errors typo blunder screw lack",
                                  "oversight slip bad caused broke took brought triggered led",
                                  "started")),
    (rule_human_error, _keys("human operator user pilot personnel people pebkac pebcak",
                             "picnic id10t id layer fat fatfinger fatfingered")),
    (rule_mistake_by, _keys("mistake error slip")),
    (rule_passive_by_person, _keys("botched messed screwed fumbled mishandled bungled ignored",
                                   "missed overlooked neglected forgotten broken taken brought")),
    (rule_forgot, _keys("forgot forgets forget forgotten neglected neglects failed fails",
                        "bother bothered")),
    (rule_negated_action, _keys("didn't didnt did never hadn't hadnt had")),
    (rule_direct_failure, _keys("ignored ignores ignore missed misses overlooked overlooks",
                                "disregarded",
                                "skipped bypassed broke breaks took takes brought blew messed",
                                "screwed botched borked hosed nuked trashed clobbered fumbled",
                                "dropped paying")),
    (rule_nobody, _keys("nobody no no-one")),
    (rule_careless_action, _keys("accidentally mistakenly inadvertently unintentionally bad",
                                 "accident mistake",
                                 "broken buggy untested unreviewed faulty wrong bug regression")),
    (rule_without, _keys("without")),
    (rule_caused, _keys("caused causes blame fault responsible")),
    (rule_seniority, _keys("production prod live")),
    (rule_modal_have, _keys("should could would might must ought should've could've would've",
                            "must've might've shouldn't couldn't wouldn't shoulda coulda woulda")),
    (rule_if_had, _keys("had i'd we'd they'd he'd she'd you'd someone'd")),
    (rule_supposed, _keys("supposed")),
    (rule_more_careful, _keys("more closer better care double-check")),
    (rule_judgement, _keys("careless carelessly carelessness sloppy sloppily sloppiness",
                           "negligent negligently negligence lazy laziness incompetent",
                           "incompetently incompetence reckless recklessly recklessness stupid",
                           "stupidly stupidity dumb idiot idiotic idiots moron moronic morons",
                           "clueless irresponsible irresponsibly inexcusable boneheaded bone",
                           "half halfassed amateurish unprofessional foolish foolishly",
                           "thoughtless thoughtlessly inattentive rookie silly blunder",
                           "blundered judgment judgement thinking better asleep cowboy")),
    (rule_hindsight, _keys("obvious obviously clearly competent any every anyone anybody",
                           "common child monkey just simply only all trivially easily",
                           "entirely completely totally")),
    (rule_tone, _keys("course s surprise shocker figure who did done facepalm smh thanks clap",
                      "typical classic usual always again umpteenth nth hundredth millionth",
                      "wrong knew",
                      "\U0001F643 \U0001F644 \U0001F926")),
    (rule_harm_action, _keys("deleted deletes wiped wipes truncated destroyed corrupted",
                             "overwrote misconfigured mis-configured misconfigures mistyped",
                             "misread misjudged misunderstood mistook mixed confused unplugged",
                             "leaked nuked trashed rushed rubber-stamped rubberstamped snoozed",
                             "overrode lost wrongly incorrectly carelessly hastily played",
                             "brushed waved lapse expire introduced dropped killed cut",
                             "pulled flipped left job realise realize mistake error typo offline",
                             "blunder clue idea opportunities sure convinced certain confused",
                             "assumed thought believed intending wrong stale incorrect healthy",
                             "thinking believing assuming")),
    (rule_without_realising, _keys("without wrongly mistakenly incorrectly falsely")),
    (rule_causal_agent, _keys("caused triggered brought due because thanks boiled boils goes",
                              "traced stem stemmed stems came comes courtesy blame blames",
                              "blamed fault cause culprit")),
    (rule_by_agent, _keys("by")),
    (rule_act_as_cause, _keys("because caused triggered resulted")),
    (rule_punishment, _keys("fired sacked suspended dismissed reprimanded disciplined",
                            "reassigned demoted rotation rota banned barred written terminated",
                            "stripped probation retrained accountable punished shamed fire",
                            "fires sack suspend dismiss discipline reprimand punish demote",
                            "reassign retrain longer project lose find disciplinary punitive",
                            "shitcan boot axe leave dismissal firing termination suspension",
                            "consequences shame")),
    (rule_attribution, _keys("people human personnel staff staffing attitude competence",
                             "culprit culprits guilty responsible mistake mistakes error errors",
                             "slip typo blunder")),
    (rule_framing, _keys("unsurprisingly predictably needless inevitably naturally bound",
                         "matter writing signs seen saw expect expected predict predicted",
                         "guess guessed halfway remotely reasonably salt mind goes well great",
                         "good nice bravo brilliant fantastic congratulations surprise",
                         "shocking shockingly courtesy heroes needs hard optional learned",
                         "learnt thanks worse who why again shoddy clumsy clumsily half-baked",
                         "halfbaked half amateur amateurish hapless brain mediocre",
                         "inexperienced rubber-stamp rubber-stamped rubber poorly badly rushed",
                         "botched lack lacks lacked")),
)
_WORDS = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[\U0001F643\U0001F644\U0001F926]")
_RULES_BY_WORD: dict[str, tuple[int, ...]] = {}
for _index, (_rule, _words) in enumerate(RULES):
    for _word in _words:
        _RULES_BY_WORD[_word] = (*_RULES_BY_WORD.get(_word, ()), _index)

SEVERITY: dict[FindingCategory, FindingSeverity] = {
    "named_blame": "error",
    "role_blame": "error",
    "human_error": "error",
    "judgement": "error",
    "deny_term": "error",
    "counterfactual": "warning",
    "failure_verb": "warning",
    "tone": "warning",
    "hindsight": "warning",
}
# When two findings overlap, the more specific category is kept.
_RANK: dict[FindingCategory, int] = {
    "deny_term": 0,
    "named_blame": 1,
    "role_blame": 2,
    "human_error": 3,
    "counterfactual": 4,
    "judgement": 5,
    "failure_verb": 6,
    "hindsight": 7,
    "tone": 8,
}





def _rules_for(lowered: str, start: int, end: int) -> list[Rule]:
    """The rules whose key words occur in ``lowered[start:end]``, in ``RULES`` order."""
    chosen: set[int] = set()
    for word in _WORDS.findall(lowered, start, end):
        chosen.update(_RULES_BY_WORD.get(word, ()))
    return [RULES[index][0] for index in sorted(chosen)]


def _sentence_hits(
    sentence: Sentence,
    text: str,
    lowered: str,
    vocabulary: frozenset[str],
    deny: tuple[str, ...],
) -> list[Hit]:
    """Every rule's hits in one sentence (deny terms included)."""
    rules = _rules_for(lowered, sentence.start, sentence.end)
    if not rules and not deny:
        return []
    ctx = Context(
        start=sentence.start,
        masked=sentence.text,
        original=text[sentence.start : sentence.end],
        vocabulary=vocabulary,
        actor=_actor(sentence.previous_cell, vocabulary),
    )
    hits: list[Hit] = list(find_terms(ctx, deny)) if deny else []
    for rule in rules:
        hits.extend(rule(ctx))
    if hits and _NAMES_FIX.search(sentence.text):
        # "I ran it against the wrong cluster, so we are adding a prompt": self-reflection
        # that names the fix is what a postmortem should say
        hits = [h for h in hits if not _FIRST_PERSON.match(text[h.start : h.end])]
    return hits


_NAMES_FIX = re.compile(
    r"\b(?:so\s+(?:we|it|the)\b|which\s+is\s+why|now\s+(?:shows|asks|requires|runs|has|fires"
    r"|defaults|blocks|refuses|checks|replay|use|uses|run|alert)|(?:we|it)\s+(?:are|have)\s+"
    r"(?:now\s+)?(?:adding|added|automated|replaced|moved|turned|built)|we\s+(?:now|then)\s+\w+"
    r"|action\s+item)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"(?:i|we|our|my)\b|(?:in hindsight|looking back),?\s+(?:i|we)\b",
                           re.IGNORECASE)


def _actor(cell: str | None, vocabulary: frozenset[str]) -> SubjectKind | None:
    """The kind of actor a table cell names ("@kim", "ops", "Priya"), if a person or role."""
    if not cell or len(cell) > 40:
        return None
    kind = classify_phrase(tokenize(cell), vocabulary)
    return kind if kind in PEOPLE else None


def _without_overlaps(hits: list[Hit]) -> list[Hit]:
    """One hit per overlapping group: errors before warnings, then one that has a rewrite (it is
    checked again before it is offered), then the most specific category, the longest span."""
    kept: list[Hit] = []
    def order(hit: Hit) -> tuple[bool, bool, int, int, int]:
        warning = (hit.severity or SEVERITY[hit.category]) != "error"
        return warning, hit.fix is None, _RANK[hit.category], -(hit.end - hit.start), hit.start

    for hit in sorted(hits, key=order):
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))




def _finding(
    text: str, hit: Hit, suggestion: str | None, line_starts: list[int]
) -> Finding:
    """A domain ``Finding`` for ``hit``, with 1-based line and column."""
    line = _bisect(line_starts, hit.start)
    return Finding(
        start=hit.start,
        end=hit.end,
        line=line + 1,
        column=hit.start - line_starts[line] + 1,
        text=text[hit.start : hit.end],
        category=hit.category,
        severity=hit.severity or SEVERITY[hit.category],
        message=hit.message,
        suggestion=suggestion,
    )




def find_blame(text: str, config: LintConfig | None = None) -> list[Finding]:
    """Blameful passages of ``text``, sorted by offset, never overlapping.

    ``config`` adds project allow terms (never flagged), deny terms (always flagged) and
    categories to leave out. Code, logs, inline code and silenced lines are never flagged.
    """
    return _find(text, config or LintConfig())


_CLAUSE_MADE = re.compile(r"\b(?:was|were|did not happen|went|broke|contributed|depended)\b")
_PREDICATE_STARTS = frozenset(
    {"was", "were", "went", "broke", "did", "contributed", "depended", "carried", "is", "are"}
)
_BOUNDARY_WORDS = frozenset(
    {"so", "because", "and", "but", "when", "while", "after", "before", "since", "if", "then",
     "although", "though", "until", "unless", "once", "as", "that", "said", "says", "reported",
     "found", "why", "yes", "no", "also", "however", "still", "now", "later", "honestly",
     "frankly", "unfortunately", "apparently", "basically", "again", "clearly", "obviously",
     "timeline", "put", "forward", "hindsight"}
)
_COORDINATED = re.compile(
    r"^\s*,?\s*and\s+(?:then\s+)?(?:[a-z]+ed|ran|went|took|made|put|set|left|broke|shipped"
    r"|sent|wrote|did|began|kept|got)\b",
    re.IGNORECASE,
)
_VERBISH = frozenset(
    {"is", "was", "were", "are", "be", "been", "has", "had", "have", "did", "does", "do", "can",
     "could", "will", "would", "should", "must", "may", "might", "went", "broke", "took", "ran",
     "made", "put", "set", "left", "got", "came", "kept", "saw", "knew", "began", "fell", "shut",
     "cut", "hit", "lost", "sent", "held", "led", "read", "told", "thought", "brought", "caught",
     "found", "happen", "happens", "need", "needs", "seems", "shows", "says", "said", "goes",
     "'s", "isn't", "wasn't", "it's", "that's", "there's", "run", "runs", "fails", "rose"}
)


def _fits(original: str, start: int, fix: Fix) -> bool:
    """True when a fix that makes a new clause starts at a clause boundary and is not joined
    to a second verb whose subject it would steal ("X skipped the canary and deployed")."""
    first_word = fix.replacement.split(" ", 1)[0].lower()
    if not _CLAUSE_MADE.search(fix.replacement) or first_word in _PREDICATE_STARTS:
        return True  # no new clause, or a predicate that keeps the sentence's own subject
    before = original[: fix.start - start].rstrip()
    after = original[fix.end - start :]
    if _COORDINATED.match(after):
        return False
    if not before or before[-1] in ",;:(\u201c" or before in ('"', "'"):
        return True
    last = re.findall(r"[A-Za-z']+$", before)
    gerund_clause = fix.replacement.split(" ", 1)[0].lower().endswith("ing")
    return bool(last) and last[0].lower() in _BOUNDARY_WORDS and not (
        gerund_clause and last[0].lower() in ("that", "who", "which")
    )


def _has_verb(sentence: str) -> bool:
    """True when the sentence holds a finite-looking verb (headlines and fragments do not)."""
    words = re.findall(r"[a-z']+", sentence.lower().replace("\u2019", "'"))
    return any(w in _VERBISH or (w.endswith("ed") and len(w) > 3) or w.endswith("n't")
               for w in words)


def _find(text: str, config: LintConfig) -> list[Finding]:
    """``find_blame`` with its configuration resolved."""
    masked = mask_unlinted(text)
    masked = blank_ranges(masked, _allowed_ranges(masked, config.allow), "_")
    vocabulary = _vocabulary(masked)
    line_starts = _line_starts(text)
    lowered = masked.lower().replace("\u2019", "'")
    if len(lowered) != len(masked):  # a few characters change length when lower-cased
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in masked)
    findings: list[Finding] = []
    for sentence in split_sentences(masked):
        hits = [
            h
            for h in _sentence_hits(sentence, text, lowered, vocabulary, config.deny)
            if h.category not in config.disable
        ]
        if not hits:
            continue
        hits = _without_overlaps(hits)
        original = text[sentence.start : sentence.end]
        suggestion = _suggestion(original, sentence.start, hits, config)
        findings.extend(_finding(text, h, suggestion, line_starts) for h in hits)
    return findings


def _suggestion(original: str, start: int, hits: list[Hit], config: LintConfig) -> str | None:
    """The sentence rewritten by every hit's fix, or None when any hit has no template or the
    result fails the checks: a verb form the dictionary lacks, a word neither in the original
    nor in the templates, a lost fact, or blame left in the rewrite."""
    fixes = [h.fix for h in hits]
    if any(f is None or lex.NO_FORM in f.replacement or not _fits(original, start, f)
           for f in fixes):
        return None
    rewritten = rewrite_sentence(original, start, [f for f in fixes if f is not None])
    if not rewritten:
        from assistant.rules.blame.rewrite import facts_preserved as lost

        return None if lost(original, "") else rewritten  # removal only when no fact goes
    if lex.NO_FORM in rewritten or not words_known(original, rewritten):
        return None
    if _has_verb(original) and not _has_verb(rewritten):
        return None  # "Anybody could have spotted the typo" must not become "The typo."
    from assistant.rules.blame.rewrite import facts_preserved

    if facts_preserved(original, rewritten) or _still_blameful(rewritten, config):
        return None
    return rewritten


def _still_blameful(sentence: str, config: LintConfig) -> bool:
    """True when the rules flag a rewritten sentence (one sentence: no masking or splitting)."""
    lowered = sentence.lower().replace("\u2019", "'")
    if len(lowered) != len(sentence):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in sentence)
    hits = _sentence_hits(Sentence(0, len(sentence), sentence), sentence, lowered,
                          _vocabulary(sentence), config.deny)
    return any(h.category not in config.disable for h in hits)


def sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """(start, end) of the sentence of ``text`` that holds ``offset``; the span a suggestion
    replaces. Uses the same masking and splitting as ``find_blame``."""
    for sentence in split_sentences(mask_unlinted(text)):
        if sentence.start <= offset < sentence.end:
            return sentence.start, sentence.end
    return offset, offset

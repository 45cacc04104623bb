"""More framing that blames without a failure verb: hindsight, sarcasm and judgement on work.

Companion to ``style.py``. Hindsight and inevitability ("unsurprisingly", "it was only a matter of
time", "the signs were obvious"), sarcasm aimed at people ("well done, release team", "how hard is
it to read a warning?") and judgement words on people's work ("a shoddy script", "a clumsy
edit", "poorly designed by Jacob"). All are warnings except the strongest judgement words; a
sentence adverb that only adds hindsight is dropped in the rewrite, the rest carry advice only.
Terms of art ("dumb retry", "stupid-simple") and judgement of a process ("sloppy process") are
left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.rules.blame.context import IGNORE, Context, Hit, _hit, word_pattern
from assistant.rules.blame.tone import _drop_word

_HINDSIGHT_ADVERB = re.compile(
    r"(?:^|(?<=[\s(\"']))(?P<w>unsurprisingly|predictably|needless\s+to\s+say|inevitably"
    r"|naturally)\s*,",
    IGNORE,
)
_HINDSIGHT = word_pattern(
    r"\b(?:bound\s+to\s+happen|(?:only|just)\s+a\s+matter\s+of\s+time|writing\s+was\s+on\s+the"
    r"\s+wall|(?:warning\s+)?signs\s+were\s+(?:all\s+)?(?:obvious|clear|there)|(?:could|should)"
    r"\s+have\s+seen\s+(?:this|it|that)\s+coming|saw\s+(?:this|it)\s+coming|as\s+(?:anyone|everyone"
    r"|anybody)\s+(?:would|could|might)\s+(?:have\s+)?(?:expect|expected|predict|predicted|guess"
    r"|guessed)|(?:any|every)\s+(?:halfway|remotely|reasonably)\s+competent|worth\s+(?:their|his"
    r"|her)\s+salt|in\s+(?:their|his|her)\s+right\s+mind|it\s+goes\s+without\s+saying\s+that\s+"
    r"(?:you|one|anyone|everyone|people|engineers?)\s)",
    IGNORE,
)
_TONE = word_pattern(
    r"(?:^|\b)(?:well\s+done|great\s+job|good\s+job|nice\s+work|nice\s+job|bravo|nice\s+one"
    r"|brilliant|fantastic|congratulations)(?=\s*[,!:]|\s+(?:idea|move|plan|work)\b)"
    r"|\bwhat\s+a\s+surprise\b|\bsurprise,?\s+surprise\b|\bshocking(?:ly)?\s*[:,!]"
    r"|\bcourtesy\s+of\s+(?:the|our)\s+[\w-]+(?:\s+[\w-]+)?|\bour\s+heroes\b|\bwho\s+needs\s+\w+"
    r"|\bhow\s+hard\s+(?:is|can)\s+it\b|\boptional\s+for\s+some(?:\s+people)?\b"
    r"|\b(?:learned|learnt)\s+(?:your|his|her|their)\s+lesson\b"
    r"|\b(?:could|couldn['\u2019]t|could\s+not)\s+have\s+(?:possibly\s+)?(?:picked|chosen"
    r"|thought\s+of|found)\s+a\s+worse\b|\bwho\s+was\s+it\s+that\b"
    r"|\bwhy\s+(?:does|do|did|can['\u2019]t|won['\u2019]t|didn['\u2019]t|doesn['\u2019]t"
    r"|don['\u2019]t)\s+(?:the\s+|our\s+)?(?:[\w-]+\s+)?(?:team|engineers?|developers?|devs|ops"
    r"|people|admins?|operators?|sres?|folks)\b[^?]*\?"
    r"|\b(?:yet|once)\s+again,?\s+(?:the|our)\s+[\w-]+(?:\s+[\w-]+)?\s+(?:team|engineers"
    r"|developers|folks)\b",
    re.MULTILINE | IGNORE,
)
_SOFT_JUDGEMENT = word_pattern(
    r"\b(?P<w>shoddy|clumsy|clumsily|half-?baked|amateur(?:ish|\s+hour|\s+work|\s+move"
    r"|\s+mistake)|hapless|brain\s+fart|mediocre|(?:too|so|very)\s+inexperienced"
    r"|rubber-?stamp(?:ed|ing)?|(?:poorly|badly)\s+(?:designed|written|done|handled|executed"
    r"|planned|tested|configured)\s+by|rushed\s+(?:job|change|deploy|fix|rollout|release|merge"
    r"|work|review)|botched\s+(?:rollout|deploy|deployment|migration|change|release|fix|upgrade"
    r"|cutover)|lack(?:s|ed)?\s+(?:good\s+|basic\s+)?(?:airmanship|skill|skills|competence"
    r"|common\s+sense))\b",
    IGNORE,
)
_SYSTEM_TARGET = re.compile(
    r"^\s+(?:process|processes|system|systems|design|tooling|culture|environment|controls"
    r"|labell?ing|docs|documentation|automation|defaults?)\b",
    IGNORE,
)
_NEGATED = re.compile(r"\b(?:not|never|no|n't|nobody|no\s+one)\s+(?:\w+\s+){0,3}$", IGNORE)


_HINDSIGHT_CUES = ("unsurprisingly", "predictably", "needless", "inevitably", "naturally",
                   "bound to", "matter of time", "on the wall", "signs were", "coming",
                   "would expect", "could expect", "predicted", "guessed", "competent", "salt",
                   "right mind", "without saying")
_TONE_CUES = ("done", "job", "nice", "bravo", "brilliant", "fantastic", "congratulations",
              "surprise", "shocking", "courtesy", "heroes", "who needs", "how hard", "optional",
              "lesson", "thanks", "a worse", "who was it", "why ", "again")
_JUDGEMENT_CUES = ("shoddy", "clumsy", "clumsily", "baked", "amateur", "hapless", "brain fart",
                   "mediocre", "inexperienced", "stamp", "poorly", "badly", "rushed", "botched",
                   "lack")


def rule_framing(ctx: Context) -> Iterator[Hit]:
    """Hindsight, sarcasm at people and soft judgement words on work (warnings)."""
    low = ctx.lower
    if any(cue in low for cue in _HINDSIGHT_CUES):
        yield from _hindsight_hits(ctx)
    if any(cue in low for cue in _TONE_CUES):
        for start, end, match in ctx.finditer(_TONE):
            yield _warning(_hit("tone", start, end, match.group(0).strip(), None))
    if any(cue in low for cue in _JUDGEMENT_CUES):
        yield from _judgement_hits(ctx)


def _hindsight_hits(ctx: Context) -> Iterator[Hit]:
    for start, _end, match in ctx.finditer(_HINDSIGHT_ADVERB):
        word_start = start + match.start("w") - match.start()
        if not re.search(r"(?:^|[,;:(]|\band)\W*$", ctx.masked[: word_start - ctx.start]):
            continue  # "snowballs pretty naturally, and": manner, not hindsight
        word_end = word_start + len(match.group("w"))
        yield _warning(_hit("hindsight", word_start, word_end, match.group("w"),
                            _drop_word(ctx, word_start, word_end)), keep_fix=True)
    for start, end, match in ctx.finditer(_HINDSIGHT):
        if _NEGATED.search(ctx.before(start)):
            continue
        yield _warning(_hit("hindsight", start, end, match.group(0), None))


def _judgement_hits(ctx: Context) -> Iterator[Hit]:
    for start, end, match in ctx.finditer(_SOFT_JUDGEMENT):
        if _SYSTEM_TARGET.match(ctx.masked[end - ctx.start :]) or _NEGATED.search(
            ctx.before(start)
        ):
            continue
        yield _warning(_hit("judgement", start, end, match.group("w"), None))


def _warning(hit: Hit, *, keep_fix: bool = False) -> Hit:
    """``hit`` as a warning; without a rewrite unless ``keep_fix``."""
    return Hit(hit.start, hit.end, hit.category, hit.message, hit.fix if keep_fix else None,
               "warning")

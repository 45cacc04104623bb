"""Hindsight, minimising and tone: 'obviously', 'as anyone could have predicted', sarcasm aimed at
people.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.rules.blame.context import IGNORE, Context, Hit, _hit, word_pattern
from assistant.rules.blame.subject import PEOPLE, Token, classify_phrase
from assistant.rules.blame.suggest import Fix

# --- hindsight and minimising -----------------------------------------------------------------

_HINDSIGHT = word_pattern(
    r"\b(?P<obv>obvious(?:ly)?)\b"
    r"|\b(?P<clear>clearly)\b"
    r"|\b(?P<competent>(?:any|every)\s+(?:competent|decent|half-?decent|reasonable|good|"
    r"experienced|sane|self-respecting)\s+(?:engineer|developer|dev|sre|admin|operator|person"
    r"|programmer)s?|anyone\s+with\s+(?:half\s+a\s+brain|common\s+sense|a\s+pulse|basic\s+\w+)"
    r"|a\s+(?:child|monkey|first-year)\s+could\b|common\s+sense)"
    r"|(?P<anyone>\b(?:anyone|anybody)\s+could\s+have\s+(?:done|seen|spotted|caught|noticed"
    r"|fixed|prevented)(?:\s+(?:it|this|that))?)"
    r"|\b(?P<min>just|simply|only)\s+(?:had|has|have|needed|needs|need)\s+to\b"
    r"|\b(?P<all>all\s+(?:he|she|they|you|we|someone|anyone|it|[A-Z][a-z]+)\s+(?:had|needed"
    r"|has|needs|have|need)\s+to\s+do\s+(?:was|is)(?:\s+to)?)\b"
    r"|\b(?P<adv>trivially|easily|entirely|completely|totally)\s+(?P<adj>avoidable|avoided"
    r"|preventable|prevented|fixable|easy)\b"
    r"|\b(?P<just>just|simply)\s+(?P<jverb>[a-z]+ed|ran|went|pushed|did|made|put|took|shipped)\b",
    IGNORE,
)
_NOT_OBVIOUS = re.compile(
    r"(?:\bnot|\bnon-|n't|\bnever|\bless|\bnothing|\bhardly)\s*(?:\w+\s+)?$", IGNORE
)
_CLEARLY_BLAME = re.compile(
    r"^\s+(?:should|shouldn't|didn't|did\s+not|wasn't|was\s+not|weren't|never|nobody|no\s+one"
    r"|someone|ignored|forgot|missed|a\s+mistake|wrong|bad|careless|the\s+fault|not)\b",
    IGNORE,
)


def rule_hindsight(ctx: Context) -> Iterator[Hit]:
    """obviously, clearly (about people), "any competent engineer", "just had to"."""
    for start, end, match in ctx.finditer(_HINDSIGHT):
        before = ctx.before(start)
        after = ctx.masked[end - ctx.start :]
        if match.group("obv"):
            if _NOT_OBVIOUS.search(before) or not _obvious_blames(ctx, start, end, match):
                continue
            yield _hit("hindsight", start, end, match.group(0), _obvious_fix(ctx, start, end))
        elif match.group("clear"):
            index = ctx.token_at(start)
            previous = ctx.tokens[index - 1] if index else None
            by_person = previous is not None and classify_phrase(
                [previous], ctx.vocabulary
            ) in PEOPLE
            if not (_CLEARLY_BLAME.match(after) or by_person):
                continue
            yield _hit("hindsight", start, end, match.group(0), _drop_word(ctx, start, end))
        elif match.group("competent"):
            yield _hit("hindsight", start, end, match.group(0),
                       Fix(start, end, "an automated check"))
        elif match.group("anyone"):
            lead = re.search(r",?\s*$", ctx.masked[: start - ctx.start])
            fix_start = ctx.start + lead.start() if lead else start  # ", anyone could have ..."
            yield _hit("hindsight", start, end, match.group(0), Fix(fix_start, end, ""))
        elif match.group("min"):
            word_end = start + len(match.group("min"))
            yield _hit("hindsight", start, end, match.group(0), _drop_word(ctx, start, word_end))
        elif match.group("all"):
            yield _hit("hindsight", start, end, match.group(0), Fix(start, end, "the fix was to"))
        elif match.group("adv"):
            adv_end = start + len(match.group("adv"))
            yield _hit("hindsight", start, end, match.group(0), _drop_word(ctx, start, adv_end))
        elif match.group("just"):
            subject = ctx.subject(start)
            if subject.kind not in ("named", "role") and not (
                subject.kind == "person"
                and ctx.text(subject.start, subject.end).lower() in ("he", "she", "they")
            ):
                continue
            word_end = start + len(match.group("just"))
            yield _hit("hindsight", start, end, match.group(0), _drop_word(ctx, start, word_end))


_OBVIOUS_PREDICATE = re.compile(
    r"(?:\b(?:was|were|is|are|seems?|seemed|looks?|looked|been|be)|['\u2019]s)\s+"
    r"(?:\w+ly\s+|so\s+|very\s+)?$",
    IGNORE,
)
_OBVIOUS_THING = re.compile(
    r"^\s+(?:mistake|error|typo|sign|signs|problem|bug|thing\s+to|oversight|miss|step|check"
    r"|warning|red\s+flag|question|answer|fix)\b",
    IGNORE,
)


def _obvious_blames(ctx: Context, start: int, end: int, match: re.Match[str]) -> bool:
    """"It was obvious", "an obvious mistake", "obviously he ignored it": not "an obvious
    learning experience", "obviously not your responsibility", "obviously taking ... down"."""
    after = ctx.masked[end - ctx.start :]
    if match.group(0).lower().endswith("ly"):
        return not re.match(r"^\s+(?:not\b|\w+ing\b)", after, IGNORE)
    return bool(_OBVIOUS_PREDICATE.search(ctx.before(start)) or _OBVIOUS_THING.match(after))


def _drop_word(ctx: Context, start: int, end: int) -> Fix:
    """Remove a word with the space (and comma) that follows it."""
    following = re.match(r",?\s*", ctx.masked[end - ctx.start :])
    return Fix(start, end + (following.end() if following else 0), "")


def _obvious_fix(ctx: Context, start: int, end: int) -> Fix | None:
    """"obviously" is dropped; "it was obvious that" becomes "it was visible in hindsight"."""
    word = ctx.text(start, end).lower()
    if word.endswith("ly"):
        return _drop_word(ctx, start, end)
    after = ctx.masked[end - ctx.start :]
    if re.match(r"^\s+(?:that|from|to|in|now|at)\b|^\s*[.,;!?]", after):
        return Fix(start, end, "visible in hindsight")
    if _OBVIOUS_PREDICATE.search(ctx.before(start)):
        return None  # "it's obvious the programmer erred": dropping the word breaks it
    return _drop_word(ctx, start, end)


# --- tone -------------------------------------------------------------------------------------

_TONE_ALWAYS = re.compile(
    r"\b(?P<of_course>of\s+course)\s+(?:it\s+was|it\s+is|it['\u2019]s|(?:he|she|they)\s+(?:did"
    r"|forgot|broke|missed))\b"
    r"|(?:^|\s)(?P<s>/s)\b"
    r"|\b(?P<remove>surprise,?\s+surprise|shocker|go\s+figure|big\s+surprise|who\s+(?:could|would)"
    r"\s+have\s+(?:guessed|thought|known)|who\s+knew|(?:did|done)\s+it\s+again|facepalm|smh"
    r"|thanks\s+a\s+lot|thanks\s+a\s+bunch|slow\s+clap)\b[:!,.]?"
    r"|(?P<whole>what\s+could\s+(?:possibly\s+)?go\s+wrong)"
    r"|(?P<emoji>[\U0001F644\U0001F926\U0001F643])"
    r"|^(?P<typical>typical|classic)[.!]*$",
    IGNORE,
)
_TONE_IN_BLAME = word_pattern(
    r"\b(?:as\s+usual|as\s+always|yet\s+again|once\s+again|again\s+and\s+again|for\s+the\s+"
    r"(?:umpteenth|nth|hundredth|millionth)\s+time)\b[,:]?",
    IGNORE,
)
_NEGATIVE_CUE = word_pattern(
    r"\b(?:without|fail\w*|broke\w*|forgot|nobody|no\s+one|wrong|rushed|missing|didn't|did\s+not"
    r"|never|ignored|not|n't|bad|screw\w*|mess\w*|again|dropped|skipped|outage|down)\b",
    IGNORE,
)


def rule_tone(ctx: Context) -> Iterator[Hit]:
    """Sarcasm and exasperation: "of course it was DNS", "/s", "as usual" next to a failure."""
    for start, end, match in ctx.finditer(_TONE_ALWAYS):
        text = match.group(0).strip()
        span_start = start + match.group(0).index(text)
        if match.group("of_course"):
            oc_end = start + len(match.group("of_course"))
            fix = _drop_word(ctx, start, oc_end)
            yield _hit("tone", start, oc_end + (end - oc_end), text, fix)
        elif match.group("whole") or match.group("typical") or re.match(r"thanks", text, IGNORE):
            yield _hit("tone", span_start, end, text, Fix(ctx.start, ctx.start + len(ctx.masked),
                                                          ""))
        else:
            yield _hit("tone", span_start, end, text, _drop_word(ctx, span_start, end))
    sentence = ctx.masked
    for start, end, match in ctx.finditer(_TONE_IN_BLAME):
        if re.search(r"\b(?:as\s+\w+(?:\s+\w+){0,4}|than)\s+$", ctx.before(start)):
            continue  # "three times as many calls as usual"
        rest = sentence[: start - ctx.start] + sentence[end - ctx.start :]
        if not _NEGATIVE_CUE.search(rest) and not _mentions_people(ctx):
            continue
        words = match.group(0).rstrip(",:")
        yield _hit("tone", start, start + len(words), words, _drop_word(ctx, start, end))


def _mentions_people(ctx: Context) -> bool:
    """True when any phrase of the sentence names a person or a role."""
    words: list[Token] = [t for t in ctx.tokens if t.is_word]
    return any(
        classify_phrase([t], ctx.vocabulary) in ("named", "role")
        for t in words[1:]
    ) or any(t.lower in ("he", "she", "they", "someone", "nobody") for t in words)

"""The action an item names: its main verb, what kind of work that verb is, and its object.

Real items are plans ("Add an alert on ..."), reports ("We have added ...", "The feed has been
added ..."), outcomes ("The ledger checks checksums on every read") and bare topics ("Uptime and
alerting issue"). The main verb is the first verb after the subject and auxiliaries, or the first
finite verb of an outcome; a text without one is a topic. The kind decides Specific and
Measurable in ``smart.py`` (rubric: docs/smart-rubric.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

ActionKind = Literal["concrete", "vague", "adjust", "talk", "topic"]

_END = r"(?:e|es|ed|d|s|ing|ting|ped|ned|ged|ged|ied|ies|y)?\b"
_CONCRETE = re.compile(
    r"^(add|adopt|alert|allow|archiv|automat|block|boot|build|built|bump|cap|chang|check|configur|"
    r"contain|cordon|creat|decommission|delet|deploy|describ|detect|disabl|disband|document|drain|"
    r"drop|emit|enabl|enforc|expos|fix|gat|graph|hold|implement|instal|introduc|lock|mak|made|"
    r"merg|migrat|mov|notif|open|pag|patch|pin|provision|publish|put|re-?architect|rehears|"
    r"reject|remov|renam|replac|replay|reproduc|requir|restrict|revok|rewrit|rewritten|roll|"
    r"rotat|run|ran|schedul|send|sent|separat|set|ship|shard|split|switch|tag|tak|took|test|"
    r"track|tun|turn|updat|upgrad|us|validat|verif|warn|writ|written|wrote|freez|limit|"
    r"standardi[sz]|alarm|monitor|back\s?fill|revert|recycl|cull|purg|encrypt|sign|scan|"
    r"page|try|tri)" + _END,
    re.I,
)
_VAGUE = re.compile(
    r"^(improv|investigat|look|review|consider|explor|evaluat|assess|analy[sz]|research|revisit|"
    r"understand|discuss|think|figur|work\s+out|work\s+on|something\s+about|spik|harden|"
    r"strengthen|enhanc|optimi[sz]|refactor|clean|address|handl|ensur|make\s+sure|prevent|"
    r"avoid|tighten|find|found|hir|develop|follow|keep|continu|encourag|remind|"
    r"re-?iterat|plan|explor|examin|experiment|prioriti[sz]|focus|strive|aim|better)" + _END,
    re.I,
)
_ADJUST = re.compile(r"^(reduc|increas|decreas|lower|rais|extend|shorten|grow|expand)" + _END, re.I)
_TALK = re.compile(r"^(talk|speak|spoke|ask|tell|told|meet|reach\s+out|sync)" + _END, re.I)
_SUBJECT = re.compile(
    r"^(?:(?:we|we've|we'll|we're|i|they)\s+|(?:leads?|owners?|(?:the\s+)?[\w./-]+(?:\s+[\w./-]+){0,3}"
    r"\s+(?:team|platform|sre|ops|on-?call|guild|squad|engineers?|maintainers?))\s+"
    r"(?=(?:will|shall|should|must|need|needs|have|has|had|are|is|was|were|to|plan|want|"
    r"intend|then|also|now)\b))?"
    r"(?:(?:will|shall|should|must|need\s+to|needs\s+to|have\s+to|want\s+to|plan\s+to|intend\s+to|"
    r"are\s+going\s+to|going\s+to|to|have|has|had|are|is|was|were|been|now|also|already|"
    r"since|continue\s+to|be|then|first|just|still|actively)\s+)*",
    re.I,
)
_VERB_SHAPE = re.compile(
    r"^([a-z]+(?:ate|ize|ise|ify|en))\s+(?=\S)|^([a-z]+)\s+(?=(?:a|an|the|our|their|its|each|every|"
    r"all|any|no|this|that|these|those)\s)",
    re.I,
)
_ADVERBS = re.compile(r"^(?:\w+ly\s+)+", re.I)
_FINITE = re.compile(
    r"\b(?:has|have)\s+(?:now\s+|also\s+)?been\s+([\w-]+)|\b(?:is|are|was|were)\s+(?:now\s+)?"
    r"([\w-]+)|\bwill\s+(?:be\s+)?([\w-]+)|\b([a-z][\w-]*s)\b",
    re.I,
)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|<?https?://\S+>?|`")
_STOP = frozenset(
    (
        "the", "a", "an", "to", "of", "for", "in", "on", "at", "and", "or", "our", "we", "it",
        "its", "this", "that", "these", "those", "be", "is", "are", "with", "by", "from", "so",
        "all", "any", "some", "more", "new", "up", "down", "out", "their", "them", "they", "when",
        "if", "as", "into", "onto", "per",
    )
)


@dataclass(frozen=True)
class Action:
    """What an item says to do: the verb's kind, the verb and the words after it."""

    kind: ActionKind
    verb: str = ""
    rest: str = ""

    @property
    def content_words(self) -> int:
        """Words of the object that carry meaning (not articles or prepositions)."""
        return sum(1 for word in re.findall(r"[\w-]+", self.rest) if word.lower() not in _STOP)


def plain_text(text: str) -> str:
    """The item's words without link targets, URLs, code ticks and emphasis."""
    text = _LINK.sub(lambda m: m.group(1) or "", text)
    text = re.sub(r"(\*\*|__|~~)|(?<!\w)[_*](?=\w)|(?<=\w)[_*](?!\w)", "", text)
    return re.sub(r"\s+", " ", text).strip(" -*:")


_KINDS: tuple[tuple[ActionKind, re.Pattern[str]], ...] = (
    ("vague", _VAGUE), ("talk", _TALK), ("adjust", _ADJUST), ("concrete", _CONCRETE),
)


def _classify(word_and_rest: str) -> Action | None:
    """The action when ``word_and_rest`` starts with a known verb."""
    for kind, pattern in _KINDS:
        match = pattern.match(word_and_rest)
        if match:
            return Action(kind, match.group(0), word_and_rest[match.end() :].strip())
    return None


def read_action(what: str) -> Action:
    """The main action of an item's text."""
    plain = plain_text(what)
    start = _ADVERBS.sub("", _SUBJECT.sub("", plain, count=1))
    found = _classify(start)
    if found is not None:
        return found
    shape = _VERB_SHAPE.match(start)
    if shape and not start[:1].isdigit():
        return Action("concrete", shape.group(0).strip(), start[shape.end() :])
    for match in _FINITE.finditer(plain):
        word = next(g for g in match.groups() if g)
        found = _classify(plain[match.start(match.lastindex or 0) :])
        if found is not None and found.verb.lower().startswith(word[:3].lower()):
            return Action(found.kind, found.verb, plain)
    return Action("topic", rest=plain)

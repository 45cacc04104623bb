"""Is this text a commitment? Decisions by heading, introducing sentence and sentence form.

An action item is something the authors commit to do or report done: an imperative ("Add an
alert on ..."), "we will", "we are adding", "we have added", "X was moved to ...", an
issue-linked fix. Explanations, examples, apologies, thanks and the steps that restored service
during the incident are not. A heading alone does not decide: under "Next steps" a sentence still
needs the form of a commitment, and a list needs a heading or an introducing sentence that
announces changes (one ending in a colon: "We are making the following changes:").
"""

from __future__ import annotations

import re
from typing import Literal

Context = Literal["commit", "done", "narrative", "neutral"]
"""A section that lists commitments (``done`` when it says they are completed), one that tells
the incident (timeline, resolution: its steps are not follow-ups), or any other."""

_COMMIT_HEADING = re.compile(
    r"\b(action\s*(items?|points?|plan)|actions?\b|follow[\s-]?ups?|next\s+steps?|remediations?|"
    r"prevent\w*|corrective|improvements?|changes|what\s+we\s*('re|\s+are|\s+will)\s+(doing|do|"
    r"chang\w*)|what\s+we('ve|\s+have)\s+(done|changed)|what('s|\s+is)\s+next|going\s+forward|"
    r"future\s+(work|actions?|plans?|steps)|moving\s+forward|to[\s-]?dos?|tasks?|fix(es)?\b|work\s+items?|"
    r"recommendations?|mitigations?\s+(going\s+forward|planned)|lessons\s+and\s+actions|"
    r"long[\s-]term|short[\s-]term|medium[\s-]term|immediate|hardening|safeguards?|"
    r"(we\s+are|we're)\s+\w+ing)\b",
    re.I,
)
_DONE_HEADING = re.compile(r"\b(completed|done|already|taken|implemented|shipped)\b", re.I)
_NARRATIVE_HEADING = re.compile(
    r"^\W*(timeline|time\s*line|chronolog\w*|sequence\s+of\s+events|incident\s+log|"
    r"response|what\s+happened|background|summary|impact|detection|"
    r"root\s+causes?|analysis|investigation|details|appendix|glossary|contributing)\b",
    re.I,
)
_ANNOUNCES = re.compile(
    r"\b(chang\w*|steps?|actions?|improvements?|follow[\s-]?ups?|fix(es)?|measures?|plans?|"
    r"work|tasks?|items?|safeguards?|we\s+(will|are|have|plan|intend)|we're|we've|we'll|"
    r"going\s+to|focused\s+on|next|prevent\w*|includ\w*|implemented|made|added|"
    r"address\w*|to\s+do|todo|going\s+forward|recommend\w*)\b",
    re.I,
)
_NOT_ANNOUNCE = re.compile(
    r"\b(error|log|output|message|timeline|looked\s+like|example|e\.g\.|such\s+as|symptoms?|"
    r"checked|looked\s+at|investigated|monitor\w*|noticed|saw|observed|verified|analy[sz]e|"
    r"would|could|might|"
    r"affected|impacted|including\s+the\s+following\s+(users|customers|services)|caused)\b",
    re.I,
)
_IMPERATIVE = re.compile(
    r"^(add|adopt|allow|alert|audit|automate|block|build|bump|cap|change|check|clarify|clean|"
    r"communicate|complete|configure|consider|continue|create|decommission|decrease|define|"
    r"delete|deploy|deprecate|describe|design|detect|develop|mitigate|respond|recover|disable|disband|document|drop|enable|"
    r"enforce|ensure|establish|evaluate|expand|expose|extend|figure|file|find|fix|follow|"
    r"harden|have|hire|implement|improve|include|increase|install|introduce|investigate|"
    r"limit|look|lower|make|mark|measure|migrate|monitor|move|notify|open|patch|pin|prevent|"
    r"prioriti[sz]e|provide|publish|raise|re-?\w+|reduce|refactor|remove|rename|replace|"
    r"require|research|restrict|review|revisit|revoke|rewrite|roll|rotate|run|schedule|"
    r"separate|set|ship|speak|spike|split|standardi[sz]e|start|stop|switch|talk|tell|test|"
    r"track|train|try|tune|turn|update|upgrade|use|validate|verify|write)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(we\s+will|we'll|we\s+are\s+going\s+to|we're\s+going\s+to|we\s+plan\s+to|"
    r"we\s+intend\s+to|we\s+aim\s+to|we\s+need\s+to|we\s+must|we\s+should|we\s+want\s+to|"
    r"we\s+would\s+like\s+to|we\s+are\s+(now\s+)?(working|planning|looking|adding|building|"
    r"moving|introducing|investigating|implementing|changing|improving|reviewing|updating|"
    r"rolling|migrating|creating|exploring|evaluating|focused|committed|taking|making)|"
    r"(?<!there\s)(?<!it\s)(?<!this\s)(?<!that\s)(?<!which\s)will\s+be\s+\w+(ed|en)\b|"
    r"(is|are)\s+(planned|scheduled|underway)|"
    r"\b(?:(?!(?-i:This|It|That|There|They|These|Those|He|She|You|We|Which|What)\b)"
    r"(?-i:[A-Z][\w-]*)(?:\s+v?\d[\w.]*)?|team|squad|sre|ops|platform|engineering|on-?call)"
    r"\s+will\s+"
    r"(?!(?:be|have|not|also\s+be|"
    r"likely|probably|still|need|make\s+it|happen|continue\s+to\s+be)\b)[a-z]+\b|"
    r"\b(remains|is|are)\s+(a|our|the)\s+(top\s+)?priority\b|\b(is|are)\s+on\s+(our|the)\s+"
    r"(roadmap|backlog)\b)",
    re.I,
)
_PERFECT = re.compile(
    r"\b(we\s+(have|'ve)\s+(now\s+|since\s+|also\s+|already\s+|\w+ly\s+)?\w+(ed|en|t|wn|up)\b|"
    r"we've\s+\w+|we\s+were\s+(also\s+)?able\s+to|"
    r"(has|have)\s+(now\s+|since\s+|also\s+|already\s+|\w+ly\s+)?been\s+(?!(?:identified|observed|"
    r"seen|reported|noticed|affected|impacted|found|detected|caused|confirmed|informed|told|"
    r"asked|unable|able|down|up)\b)\w+(ed|en|t|wn|up)\b|"
    r"(is|are)\s+now\s+(\w+ly\s+)?\w+)",
    re.I,
)
_PAST = re.compile(
    r"\b(was|were)\s+(implemented|added|introduced|fixed|moved|changed|updated|upgraded|"
    r"enabled|disabled|deployed|released|shipped|merged|increased|reduced|created|made|"
    r"set\s+up|put\s+in\s+place|improved|rewritten|replaced|removed|configured|raised)\b|"
    r"^\W*(\*\*[^*]+\*\*\s*:?\s*)?(added|implemented|introduced|fixed|moved|changed|updated|"
    r"upgraded|enabled|disabled|deployed|released|shipped|merged|increased|reduced|created|"
    r"replaced|removed|configured|raised|migrated|documented|wrote|built|set\s+up)\b",
    re.I,
)
_RESTORE = re.compile(
    r"\b(restor\w*|recover\w*|backlog|backfill\w*|paus(ed|ing)|resum(ed|ing)|temporar\w*|"
    r"rolled\s+back|revert\w*|restart\w*|reboot\w*|failed\s+over|workaround|interim|"
    r"mitigat\w*|manually|hotfix\w*|taken\s+offline|brought\s+back)\b",
    re.I,
)
_PREVENTS = re.compile(
    r"\b(prevent\w*|alert\w*|tests?|monitor\w*|so\s+that|future|again|going\s+forward|"
    r"permanent\w*|safeguard\w*|runbook\w*)\b",
    re.I,
)
_METADATA = re.compile(r"^\W*[\w ]{0,30}\b(status|severity|duration|date|time)\s*\**\s*:", re.I)
_TIMESTAMPED = re.compile(
    r"^\W*(\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}\s*(am|pm)\b)|^[\w .-]{1,40}\[\d{1,2}:\d{2}",
    re.I,
)
_ISSUE_LINK = re.compile(
    r"(?<![\w/])#\d{2,7}\b|/(issues|pull|merge_requests)/\d+|\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b"
)
_FIX_WORDS = re.compile(
    r"\b(fix(ed|es)?|patch(ed)?|addressed|tracked\s+in|follow[\s-]?up)\b",
    re.I,
)
_FIXED = re.compile(r"\b(fixed|resolved|addressed|merged|shipped|done)\b", re.I)
_LABELLED = re.compile(
    r"^\W*(action\s*(item|point)|follow[\s-]?up|todo|to\s+do|next\s+step|remediation|fix)"
    r"\s*\**\s*:\s*",
    re.I,
)
_NOT_ITEM = re.compile(
    r"\b(apolog\w*|sorry|thank(s|\s+you)|we\s+regret|unacceptable|for\s+example|e\.g\.|"
    r"for\s+instance|we\s+will\s+(strive|try\s+our\s+best|do\s+(our\s+best|everything|"
    r"what\s+we\s+can))|we\s+will\s+(continue\s+to\s+)?(update|keep\s+you|post|share|"
    r"publish\s+(a|an|more))\b.*\b(updates?|informed|post|here|status)|please\b|"
    r"\byou\b|\byour\b|feel\s+free|let\s+us\s+know|reach\s+out|"
    r"\bwe\s+(will|'ll)\s+(likely\s+|probably\s+)?(see|notice|know|hear|learn|find\s+out)\b)",
    re.I,
)


_CHANGES_FOLLOW = re.compile(
    r"\bthe\s+(changes|fixes|improvements)\s+(addressed|included|were|are|made|fixed|solved)\b|"
    r"\b(released|shipped|rolled\s+out)\b[^.]*\bwhich\s+(solved|fixed|addressed)\b",
    re.I,
)


def changes_follow(sentence: str) -> bool:
    """A sentence after which, in the same paragraph, each sentence states a change made
    ("1.4 was released, which fixed ... The changes included ...")."""
    return bool(_CHANGES_FOLLOW.search(sentence))


def heading_context(heading: str) -> Context:
    """What a heading says about the blocks under it."""
    words = heading.strip(" *_#:")
    if _COMMIT_HEADING.search(words):
        return "done" if _DONE_HEADING.search(words) else "commit"
    if _NARRATIVE_HEADING.search(words):
        return "narrative"
    return "neutral"


def is_label(text: str) -> bool:
    """A short line that names what follows ("**Review actions**:", "Action Items")."""
    words = text.strip(" *_:").split()
    if not 0 < len(words) <= 8 or text.rstrip().endswith("."):
        return False
    marked = text.rstrip().endswith(":") or text.strip().startswith("**")
    return marked or (len(words) <= 5 and heading_context(text) in ("commit", "done"))


def announces_changes(text: str) -> bool:
    """A sentence ending in a colon that introduces a list of changes or commitments."""
    stripped = text.strip().rstrip("*_ ")
    if not stripped.endswith(":"):
        return False
    last = re.split(r"(?<=[.!?])\s+", stripped)[-1]
    return bool(_ANNOUNCES.search(last)) and not _NOT_ANNOUNCE.search(last)


def is_not_item(text: str) -> bool:
    """Apologies, thanks, examples and requests to the reader are never items."""
    if _METADATA.match(text) or _TIMESTAMPED.search(text):
        return True
    return bool(_NOT_ITEM.search(text)) or len(text.split()) < 2


def labelled_item(text: str) -> re.Match[str] | None:
    """``Action item: ...`` and the like: the label names the text after it as an item."""
    return _LABELLED.match(text)


def is_imperative(text: str) -> bool:
    """Starts with a verb in the imperative ("Add", "Re-run", "Spike")."""
    return bool(_IMPERATIVE.match(re.sub(r"^[\W\d]*(\*\*[^*]+\*\*\s*:?\s*)?", "", text)))


def commitment_form(text: str, *, strong_only: bool = False, future_only: bool = False) -> bool:
    """The sentence commits to a change or reports one made.

    ``strong_only`` (outside commitment sections) asks for a future commitment, a change
    reported with "we have" or "has been", or an issue-linked fix; an imperative or a simple
    past ("was added") needs a section that lists commitments. ``future_only`` (in the story of
    the incident, where past steps restored service) asks for a future commitment.
    """
    if _FUTURE.search(text):
        return True
    if future_only:
        return False
    if _PERFECT.search(text) or (_ISSUE_LINK.search(text) and _FIX_WORDS.search(text)):
        return True
    return not strong_only and (bool(_PAST.search(text)) or is_imperative(text))


def reports_done(text: str) -> bool:
    """The text reports the change as made rather than planned."""
    fixed = _ISSUE_LINK.search(text) and _FIXED.search(text)
    done = _PERFECT.search(text) or _PAST.search(text) or fixed
    return bool(done) and not _FUTURE.search(text)


def restored_service(text: str) -> bool:
    """A step taken to restore service during the incident, not a follow-up."""
    return bool(_RESTORE.search(text)) and not _PREVENTS.search(text) and not _FUTURE.search(text)

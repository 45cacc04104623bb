"""SMART scoring of action items and offline rewrite suggestions (rubric: docs/smart-rubric.md).

Each letter is 0 (missing), 1 (partial or vague) or 2 (met), with a one-line reason. The rules
read the item's own text: a concrete change to a named system (specific), a verifiable completion
criterion (measurable), an owner (assignable), a bounded goal (realistic) and a date
(time-bound). The rewrite keeps the item's words and fills gaps with visible placeholders such as
``<owner>`` and ``<due date>``; it never invents a value.
"""

from __future__ import annotations

import datetime as dt
import re

from assistant.domain import SMART_FIELDS, ActionItem, ActionItemReview, SmartScore, SmartValue
from assistant.rules.actions.duedates import read_due
from assistant.rules.actions.parse import ParsedActionItem, read_action_items
from assistant.rules.blame.find import find_blame

LETTERS = SMART_FIELDS

_PEOPLE_DIRECTED = re.compile(
    r"\b(be\s+more\s+careful|pay\s+(more\s+)?attention|stop\s+making|make\s+fewer|"
    r"remember\s+to|double[\s-]check|try\s+harder|be\s+(more\s+)?vigilant|be\s+aware|"
    r"raise\s+awareness|remind\s+(everyone|engineers|the\s+team|people|staff)|"
    r"communicate\s+better|keep\s+an\s+eye|think\s+twice|take\s+more\s+care|more\s+careful|"
    r"not\s+(make|repeat)\s+(the\s+same\s+)?mistakes?|learn\s+from\s+(this|the)|"
    r"be\s+reprimanded|disciplin\w+|retrain\s+\w+\s+on\s+being|be\s+better\s+at|"
    r"(read|re-?read|review)\s+(the\s+)?([\w-]+\s+)?(docs|documentation|runbooks?|wiki))\b",
    re.IGNORECASE,
)
_VAGUE_VERB = re.compile(
    r"^(?:\W*)(?:(?:[\w-]+\s+){0,3}(?:to|will|should|must)\s+)?(improve|investigate|look\s+into|"
    r"review|consider|explore|think\s+about|revisit|enhance|better|discuss|check|follow\s+up|"
    r"try\s+to|work\s+on|address|handle|understand|evaluate|assess|analy[sz]e|research|"
    r"optimi[sz]e|harden|strengthen|clean\s+up|sync\s+(up|on)|talk|figure\s+out|"
    r"make\s+sure|ensure|fix|prevent|avoid|tighten|increase|reduce|more|refactor|tell|"
    r"inform|let\s+\w+\s+know|make\s+\w+\s+(better|more|faster|safer))\b",
    re.IGNORECASE,
)
_VAGUE_OBJECT = re.compile(
    r"\b(more\s+monitoring|monitoring|alerting|things|stuff|issues?|problems?|processes|"
    r"the\s+process|our\s+process|reliability|stability|quality|communication|testing|"
    r"observability|documentation|performance|security|resilience|it|this|everything|"
    r"[\w-]+\s+process(es)?|better|faster|safer|more\s+robust)\s*\.?$",
    re.IGNORECASE,
)
_IDENTIFIER = re.compile(
    r"`[^`]+`|\b(?!(?:re|co|pre|non|follow|short|long|near|end|self|well|up|top)-)"
    r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)+\b|\b[a-z]+[A-Z]\w*\b|\b[A-Z][a-z]+[A-Z]\w*\b|"
    r"(?<=\w\s)\b[A-Z][A-Za-z0-9]+\b"
)
_SYSTEM_WORDS = re.compile(
    r"\b(?:api|service|database|db|postgres\w*|mysql|redis|kafka|rabbitmq|s3|queue|cache|"
    r"cluster|pipeline|ci|cd|runbook|playbook|dashboard|alert\w*|pager\w*|load\s+balancer|"
    r"dns|cdn|certificate|cert|job|cron\w*|index|schema|migration|config\w*|flag|helm|"
    r"terraform|kubernetes|k8s|pod|node|replica\w*|failover|backup\w*|endpoint|gateway|"
    r"proxy|nginx|worker\w*|consumer\w*|topic|bucket|lambda|vpc|firewall|security\s+group|"
    r"iam|sdk|library|lockfile|checklist|template|calendar|channel|status\s+page|on-?call|"
    r"rotation|canary|rollout|deploy\w*|release|script|cli|tool\w*|test\w*|lint\w*|"
    r"pool|limit|quota|ttl|timeout|retr(?:y|ies)|circuit\s+breaker|rate\s+limit\w*|"
    r"slo|sli|metric\w*|quer(?:y|ies)|hooks?|repo\w*|e-?mail|sms|slack|training|drill|game\s*day|logs?|logging|trac(e|es|ing)|wiki|catalog\w*|form|policy|review)\b",
    re.IGNORECASE,
)


class _SystemPattern:
    """Named systems: identifiers (case-sensitive) or words for systems and artifacts."""

    def search(self, text: str) -> re.Match[str] | None:
        """The first identifier or system word in ``text``."""
        return _IDENTIFIER.search(text) or _SYSTEM_WORDS.search(text)


_SYSTEM = _SystemPattern()
_THRESHOLD = re.compile(
    r"[<>≤≥]=?\s*\d|\b\d+(?:\.\d+)?\s*(?:%|ms|s\b|sec\w*|min\w*|m\b|h\b|hours?|days?|"
    r"weeks?|x\b|rps|qps|gb|mb|tb|k\b|connections?|replicas?|nodes?|errors?|requests?|"
    r"retries|attempts|workers?|pods?)|\b(?:p9\d|p50|at\s+least|at\s+most|no\s+more\s+than|"
    r"below|above|under|over|within|less\s+than|greater\s+than|exceeds?)\s+\d",
    re.IGNORECASE,
)
_CRITERION = re.compile(
    r"\b(so\s+that|such\s+that|until|when|whenever|if|that\s+(pages|fails|blocks|alerts|"
    r"rejects|warns|fires|runs|checks|prevents|stops)|which\s+(pages|fails|blocks|alerts)|"
    r"verified\s+by|done\s+when|acceptance|fail(s|ing)?\s+the\s+build|block(s|ing)?\s+"
    r"(merges?|deploys?|the\s+deploy)|pages?\s+(the\s+)?on-?call|on\s+every)\b",
    re.IGNORECASE,
)
_DELIVERABLE_VERB = re.compile(
    r"\b(add|create|write|publish|enable|disable|remove|delete|set|configure|pin|migrate|"
    r"upgrade|downgrade|rotate|install|deploy|implement|introduce|automate|document|build|"
    r"replace|move|split|shard|schedule|run|require|enforce|block|rename|revert|roll\s+back|"
    r"restore|backfill|update|raise|lower|cap|limit|provision|resize|scale|define|record|"
    r"archive|patch|bump|tag|merge|ship|turn\s+(on|off)|lock|expose|emit|alert|page|"
    r"open|file|adopt|make|rewrite|re-?architect|redesign|rebuild|notify|hold|send|post|"
    r"train|split|pin|have)\b",
    re.IGNORECASE,
)
_DIRECTIONAL = re.compile(
    r"\b(improve\w*|investigate|look\s+into|better|more|faster|reduce|increase|optimi[sz]e|"
    r"harden|enhance|strengthen|robust|review|explore|evaluate|assess|consider|revisit|"
    r"research|analy[sz]e|understand|discuss|some|various|clean\s+up|refactor|"
    r"where\s+(possible|needed)|as\s+needed|if\s+needed|tighten)\b",
    re.IGNORECASE,
)
_COLLECTIVE_OWNER = re.compile(
    r"^(we|us|team|the\s+team|everyone|everybody|all|all\s+\w+|engineering|eng|someone|"
    r"somebody|anyone|devs|developers|engineers|tbd|tbc|tba|\?+|various|multiple|n/a)$",
    re.IGNORECASE,
)
_COLLECTIVE_SUBJECT = re.compile(
    r"^\W*(we|everyone|everybody|someone|somebody|all\s+(engineers|teams|developers)|"
    r"the\s+team|team|engineers|developers)\b",
    re.IGNORECASE,
)
_ABSOLUTE = re.compile(
    r"\b(100\s*%\s*(uptime|availability|reliab\w+|of\s+(the\s+)?time|coverage|accura\w+)|"
    r"never\s+(again|happens?|fails?|goes\s+down|breaks?|recurs?|occurs?)|"
    r"never\s+let\s+(this|it|that)|(happen|occur|recur)s?\s+again|"
    r"zero\s+(downtime|incidents?|outages?|errors?|bugs?|defects?|failures?|mistakes?|risk)|"
    r"(all|every)\s+(bugs?|errors?|failures?|outages?|incidents?|mistakes?|risks?)|"
    r"eliminate\s+(all|every|any)|guarantee\w*|prevent\s+(all|any|every)|"
    r"(this|it|that|outages?|incidents?)\s+(never|will\s+never|won't|will\s+not|cannot|can't)"
    r"\s+(happen|recur|occur)|no\s+more\s+(incidents?|outages?|mistakes?|errors?|bugs?)|"
    r"stop\s+making\s+mistakes|(not|never)\s+make\s+(any\s+)?(more\s+)?mistakes?|"
    r"make\s+sure\s+nothing|without\s+any\s+(errors?|risk|downtime)|"
    r"(can|will)\s+never\s+(fail|break|happen))\b",
    re.IGNORECASE,
)
_BIG_CHANGE = re.compile(
    r"\b(rewrite|re-?write|re-?architect\w*|redesign|rebuild|re-?platform\w*|"
    r"replace\s+(the\s+)?(whole|entire)|migrate\s+(all|every|the\s+entire|everything)|"
    r"move\s+(all|every|everything)|overhaul|rearchitect\w*|new\s+architecture)\b",
    re.IGNORECASE,
)
_SWEEPING = re.compile(
    r"\b(all\s+(services|systems|teams|repos|repositories|databases|clusters|endpoints|code)|"
    r"every\s+(service|system|team|repo|database|endpoint|change|deploy)|entire\s+(stack|platform|company|org\w*|codebase|fleet)|"
    r"across\s+the\s+(company|org\w*|board)|company[\s-]wide|org[\s-]wide|everything)\b",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"\b(things?|stuff|it|this|that|everything|issues?|problems?|up|misc\w*|etc)\s*\.?$",
    re.IGNORECASE,
)
_DEICTIC_ONLY = re.compile(
    r"^\W*(?:make\s+sure|ensure|never\s+let|prevent|guarantee)?\s*(?:that\s+)?"
    r"(this|it|that|nothing|anything)\b",
    re.IGNORECASE,
)
_SHORT_NOTICE = re.compile(
    r"\b(by\s+(tomorrow|tonight|friday|monday|eod|eow|end\s+of\s+(the\s+)?(day|week))|"
    r"this\s+week|asap|immediately|today|tomorrow|right\s+away|24\s*h|48\s*h)\b",
    re.IGNORECASE,
)


def _is_filler(what: str) -> bool:
    """A two-word item with no real object ("Fix things", "Follow up")."""
    words = what.split()
    return len(words) < 2 or (len(words) < 3 and bool(_FILLER.search(what)))


def _is_empty_absolute(what: str) -> bool:
    """An absolute wish about "this" or "it" that names no system ("never let this happen")."""
    stripped = re.sub(r"^never\s+let\s+", "", what, flags=re.IGNORECASE)
    return bool(_ABSOLUTE.search(what) and _DEICTIC_ONLY.search(stripped))


def _specific(item: ActionItem) -> tuple[SmartValue, str]:
    """A concrete change to a named system or process."""
    what = item.what.strip()
    if _PEOPLE_DIRECTED.search(what):
        return 0, "asks people to behave differently instead of changing a system or process"
    if _is_empty_absolute(what):
        return 0, "a wish that it not happen again, with no change named"
    if _ABSOLUTE.search(what):
        return 1, "names a goal, not the change that would reach it"
    has_system = bool(_SYSTEM.search(what))
    if _is_filler(what):
        return 0, "no concrete change is named"
    vague_verb = _VAGUE_VERB.search(what)
    if vague_verb or _VAGUE_OBJECT.search(what):
        return 1, "names an area but not the concrete change to make"
    if has_system:
        return 2, "names the system and the change"
    return 1, "no named system, service or process"


def _measurable(item: ActionItem) -> tuple[SmartValue, str]:
    """A verifiable completion criterion or threshold."""
    what = item.what
    if _PEOPLE_DIRECTED.search(what) or _is_empty_absolute(what) or _is_filler(what):
        return 0, "no observable outcome to check"
    if _ABSOLUTE.search(what):
        return 1, "an absolute goal gives no checkable completion point"
    if _THRESHOLD.search(what):
        return 2, "states a number or threshold to check"
    directional = _DIRECTIONAL.search(what)
    deliverable = _DELIVERABLE_VERB.search(what) and _SYSTEM.search(what)
    if deliverable and _CRITERION.search(what):
        return 2, "states a condition the finished change meets"
    if deliverable and not directional and not _VAGUE_OBJECT.search(what):
        return 2, "done when the named change exists"
    return 1, "no completion criterion: say how to tell it is done"


def _assignable(item: ActionItem, text: str) -> tuple[SmartValue, str]:
    """An owner: a person, role or team."""
    owner = (item.owner or "").strip()
    if owner and not _COLLECTIVE_OWNER.match(owner):
        return 2, f"owned by {owner}"
    if owner:
        return 1, f"'{owner}' is not a single accountable owner"
    if _COLLECTIVE_SUBJECT.search(text) or _COLLECTIVE_SUBJECT.search(item.what):
        return 1, "a collective subject is not an owner"
    return 0, "no owner"


def _realistic(
    item: ActionItem, text: str, incident_date: dt.date | None
) -> tuple[SmartValue, str]:
    """Not an absolute or impossible goal, and not a large change on a tiny deadline."""
    if _ABSOLUTE.search(text):
        return 0, "an absolute goal that cannot be met or verified"
    short = bool(_SHORT_NOTICE.search(text)) or (
        item.due is not None and incident_date is not None and (item.due - incident_date).days <= 7
    )
    if _BIG_CHANGE.search(text) and short:
        return 1, "a large change on a very short deadline"
    if _SWEEPING.search(item.what):
        return 1, "sweeping scope: bound it to the systems involved"
    return 2, "achievable as written"


def _time_bound(
    item: ActionItem, text: str, incident_date: dt.date | None
) -> tuple[SmartValue, str]:
    """A due date, or at least a horizon."""
    if item.due is not None:
        return 2, f"due {item.due.isoformat()}"
    reading = read_due(text, incident_date)
    if reading.unresolved:
        return 1, reading.note or "a relative date that cannot be resolved"
    if reading.vague:
        return 1, f"'{reading.phrase}' is not a date"
    if item.horizon is not None:
        return 1, f"only a horizon ({item.horizon.replace('_', '-')}), no due date"
    return 0, "no due date"


def score_action_item(
    item: ActionItem, *, raw_text: str, incident_date: dt.date | None
) -> SmartScore:
    """The SMART score of one item, each letter with a one-line reason."""
    text = raw_text or item.what
    if not item.what.strip():
        return SmartScore.unassessed("the item has no text to assess")
    results = {
        "specific": _specific(item),
        "measurable": _measurable(item),
        "assignable": _assignable(item, text),
        "realistic": _realistic(item, text, incident_date),
        "time_bound": _time_bound(item, text, incident_date),
    }
    return SmartScore(
        specific=results["specific"][0],
        measurable=results["measurable"][0],
        assignable=results["assignable"][0],
        realistic=results["realistic"][0],
        time_bound=results["time_bound"][0],
        reasons={letter: reason for letter, (_, reason) in results.items()},
    )


def suggest_smart_rewrite(item: ActionItem, score: SmartScore) -> str | None:
    """An offline rewrite for an item under full marks, with placeholders for unknown values."""
    if score.total is None or score.total == 10:
        return None
    action = item.what.strip().rstrip(".")
    blameful = (score.specific or 0) == 0
    if blameful:
        action = (
            "Add <safeguard: check, validation or automation> to <system or process> so that "
            "<the failure this item is about> is caught before it has impact"
        )
    elif (score.specific or 0) == 1:
        action = f"{action}: <concrete change> in <named system>"
    if (score.realistic or 0) < 2 and not blameful:
        action += " (bounded to <systems in scope>, with a target instead of an absolute)"
    if (score.measurable or 0) < 2 and not blameful:
        action += ", done when <verifiable criterion, e.g. threshold or check that passes>"
    known_owner = (score.assignable or 0) == 2 and item.owner and not blameful
    owner = item.owner if known_owner else "<owner>"
    due = item.due.isoformat() if item.due is not None else "<due date>"
    return f"{action}; owner: {owner}; due: {due}"


def _item_issues(parsed: ParsedActionItem, incident_date: dt.date | None) -> tuple[str, ...]:
    """What a reviewer should fix about an item beyond its score: owner, date, assumptions."""
    item, reading = parsed.item, parsed.due_reading
    issues: list[str] = []
    if _PEOPLE_DIRECTED.search(item.what) or _is_empty_absolute(item.what):
        issues.append(
            "asks people to try harder or wishes the incident away; change a system or process"
        )
    if item.owner is None:
        issues.append("no owner")
    elif item.owner == "TBD":
        issues.append("owner is TBD")
    if item.due is None:
        if reading.unresolved:
            issues.append(f"due date not resolved: {reading.note}")
        elif reading.vague:
            issues.append(f"'{reading.phrase}' is not a due date")
        else:
            issues.append("no due date")
    elif reading.note:
        issues.append(f"assumed: {reading.note}")
    if item.due is not None and incident_date is not None and item.due < incident_date:
        issues.append(f"due {item.due.isoformat()} is before the incident date")
    return tuple(issues)


def review_action_item(parsed: ParsedActionItem, incident_date: dt.date | None) -> ActionItemReview:
    """The review of one parsed item: SMART score, issues and an offline rewrite."""
    score = score_action_item(parsed.item, raw_text=parsed.raw, incident_date=incident_date)
    return ActionItemReview.of(
        parsed.item,
        score,
        issues=_item_issues(parsed, incident_date),
        suggestion=suggest_smart_rewrite(parsed.item, score),
        blame=tuple(find_blame(parsed.raw)),
    )


def review_action_items(text: str, incident_date: dt.date | None) -> list[ActionItemReview]:
    """Every action item in ``text`` with its SMART score, issues and suggested rewrite."""
    return [review_action_item(p, incident_date) for p in read_action_items(text, incident_date)]

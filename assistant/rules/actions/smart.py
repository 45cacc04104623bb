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
from assistant.rules.actions import smartwords as w
from assistant.rules.actions.duedates import read_due
from assistant.rules.actions.find import find_action_items
from assistant.rules.actions.parse import ParsedActionItem, read_action_items
from assistant.rules.actions.smartverb import Action, plain_text, read_action
from assistant.rules.blame.find import find_blame

LETTERS = SMART_FIELDS

def _is_filler(what: str) -> bool:
    """A two-word item with no real object ("Fix things", "Follow up")."""
    words = what.split()
    return len(words) < 2 or (len(words) < 3 and bool(w.FILLER.search(what)))


def _is_empty_absolute(what: str) -> bool:
    """An absolute wish about "this" or "it" that names no system ("never let this happen")."""
    stripped = re.sub(r"^never\s+let\s+", "", what, flags=re.IGNORECASE)
    return bool(w.ABSOLUTE.search(what) and w.DEICTIC_ONLY.search(stripped))


def _named(action: Action) -> bool:
    """The object names a system or says enough to know which thing changes."""
    return bool(w.SYSTEM.search(action.rest)) or action.content_words >= 3


def _specific(item: ActionItem) -> tuple[SmartValue, str]:
    """A concrete change to a named system or process."""
    what = plain_text(item.what)
    if w.PEOPLE_DIRECTED.search(what):
        return 0, "asks people to behave differently instead of changing a system or process"
    if _is_empty_absolute(what):
        return 0, "a wish that it not happen again, with no change named"
    if w.ABSOLUTE.search(what):
        return 1, "names a goal, not the change that would reach it"
    if _is_filler(what):
        return 0, "no concrete change is named"
    action = read_action(what)
    if action.kind in ("vague", "talk") or w.VAGUE_QUALITY.search(what):
        return 1, "names an area but not the concrete change to make"
    if action.kind == "adjust":
        if w.THRESHOLD.search(what):
            return 2, "names the setting and the value to change it to"
        return 1, "a direction (reduce, increase) without the target"
    if action.kind == "topic":
        if w.ARTIFACT.search(what):
            return 2, "names the artifact to produce"
        return 1, "names a topic, not the change to make"
    if w.VAGUE_OBJECT.search(what) or w.DIRECTIONAL.search(action.rest):
        return 1, "names an area but not the concrete change to make"
    if _named(action):
        return 2, "names the system and the change"
    return 1, "no named system, service or process"


def _measurable(item: ActionItem) -> tuple[SmartValue, str]:
    """A verifiable completion criterion or threshold."""
    what = plain_text(item.what)
    if w.PEOPLE_DIRECTED.search(what) or _is_empty_absolute(what) or _is_filler(what):
        return 0, "no observable outcome to check"
    if w.ABSOLUTE.search(what):
        return 1, "an absolute goal gives no checkable completion point"
    if w.THRESHOLD.search(what):
        return 2, "states a number or threshold to check"
    action = read_action(what)
    if action.kind == "talk":
        return 2, "done when the conversation has happened"
    if action.kind in ("vague", "adjust") or w.VAGUE_QUALITY.search(what):
        return 1, "no completion criterion: say how to tell it is done"
    if action.kind == "topic":
        if w.ARTIFACT.search(what):
            return 2, "done when the artifact exists"
        return 1, "no completion criterion: say how to tell it is done"
    if w.VAGUE_OBJECT.search(what) or w.DIRECTIONAL.search(action.rest):
        return 1, "no completion criterion: say how to tell it is done"
    if w.CRITERION.search(what) or _named(action):
        return 2, "done when the named change exists"
    return 1, "no completion criterion: say how to tell it is done"


def _assignable(item: ActionItem, text: str) -> tuple[SmartValue, str]:
    """An owner: a person, role or team."""
    owner = (item.owner or "").strip()
    if owner and not w.COLLECTIVE_OWNER.match(owner):
        return 2, f"owned by {owner}"
    if owner:
        return 1, f"'{owner}' is not a single accountable owner"
    if w.COLLECTIVE_SUBJECT.search(text) or re.search(r"\b(we|we've|we're|we'll)\b", text, re.I):
        return 1, "a collective subject is not an owner"
    return 0, "no owner"


def _realistic(
    item: ActionItem, text: str, incident_date: dt.date | None
) -> tuple[SmartValue, str]:
    """Not an absolute or impossible goal, and not a large change on a tiny deadline."""
    if w.ABSOLUTE.search(text):
        return 0, "an absolute goal that cannot be met or verified"
    short = bool(w.SHORT_NOTICE.search(text)) or (
        item.due is not None and incident_date is not None and (item.due - incident_date).days <= 7
    )
    if w.BIG_CHANGE.search(text) and short:
        return 1, "a large change on a very short deadline"
    if w.SWEEPING.search(item.what):
        return 1, "sweeping scope: bound it to the systems involved"
    if w.HIRING.search(item.what):
        return 1, "depends on hiring, which the team does not control"
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
    event = w.EVENT_BOUND.search(text)
    if event:
        return 1, f"tied to an event ('{event.group(0)}'), not a date"
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
    blameful = (score.specific or 0) == 0 or bool(find_blame(action))  # never echo blame
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
    if w.PEOPLE_DIRECTED.search(item.what) or _is_empty_absolute(item.what):
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


def review_document_action_items(
    text: str, incident_date: dt.date | None
) -> list[ActionItemReview]:
    """Every action item of the whole postmortem ``text``, found by form and place, reviewed."""
    return [review_action_item(p, incident_date) for p in find_action_items(text, incident_date)]

"""Blameless wording for the rows a draft quotes from the notes.

Notes are pasted as written, and people write "I forgot to renew the cert" or "the engineer
unintentionally deleted the namespace". The draft must lint clean, so a row whose words are
blameful is shown in the offline rewrite of ``assistant.rules.blame`` (the sentence of each
finding replaced by its suggestion), or, when the rewrite still reads as blame, in a neutral
summary naming the kind of event. The row keeps citing the same evidence and says in its
context column that it was reworded; the original words go to the evidence appendix, whose
fenced excerpts are quoted evidence and never linted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.domain import Milestone, Milestones, TimelineEvent
from assistant.rules.blame.find import find_blame
from assistant.rules.blame.rewrite import apply_suggestions

REWORDED = "reworded from the notes' blameful wording; the original is in the evidence appendix"
_SUMMARY = {
    "trigger": "A change was made (see the evidence appendix for the note).",
    "alert": "An alert fired (see the evidence appendix for the note).",
    "detection": "The problem was noticed (see the evidence appendix for the note).",
    "communication": "An update was sent (see the evidence appendix for the note).",
    "mitigation": "A mitigation step was taken (see the evidence appendix for the note).",
    "resolution": "Service recovered (see the evidence appendix for the note).",
    "other": "A note was recorded here (see the evidence appendix for its wording).",
}


@dataclass(frozen=True)
class Reworded:
    """The rows of a draft in blameless words and the originals they replaced."""

    events: list[TimelineEvent]
    milestones: Milestones
    originals: tuple[tuple[TimelineEvent, str], ...]
    """Each reworded row (as now shown) with the words it had."""


def neutral_wording(text: str, kind: str) -> str | None:
    """``text`` in blameless words, or None when it already is."""
    findings = find_blame(text)
    if not findings:
        return None
    rewritten = " ".join(apply_suggestions(text, findings).split())
    if rewritten and not find_blame(rewritten):
        return rewritten[:1].upper() + rewritten[1:]
    return _SUMMARY.get(kind, _SUMMARY["other"])


def _milestone(milestone: Milestone | None, kind: str) -> Milestone | None:
    if milestone is None:
        return None
    wording = neutral_wording(milestone.what, kind)
    return milestone if wording is None else milestone.model_copy(update={"what": wording})


def reword_rows(events: Sequence[TimelineEvent], milestones: Milestones) -> Reworded:
    """Rows and milestones with blameful note wording replaced; collapsed log rows are left as
    they are (a log line names systems, and a rewrite would hide what it printed)."""
    shown: list[TimelineEvent] = []
    originals: list[tuple[TimelineEvent, str]] = []
    for event in events:
        wording = neutral_wording(event.what, event.kind) if event.count == 1 else None
        if wording is None:
            shown.append(event)
            continue
        context = f"{event.context}; {REWORDED}" if event.context else REWORDED
        row = event.model_copy(update={"what": wording, "context": context})
        shown.append(row)
        originals.append((row, event.what))
    marks = milestones.model_copy(
        update={
            "alert": _milestone(milestones.alert, "alert"),
            "detection": _milestone(milestones.detection, "detection"),
            "communication": _milestone(milestones.communication, "communication"),
            "mitigation": _milestone(milestones.mitigation, "mitigation"),
            "resolution": _milestone(milestones.resolution, "resolution"),
        }
    )
    return Reworded(shown, marks, tuple(originals))


def originals_excerpt(originals: Sequence[tuple[TimelineEvent, str]]) -> str | None:
    """The appendix block quoting what the reworded rows said, each with its line."""
    if not originals:
        return None
    lines = [
        f"{row.evidence[0].source}:{row.evidence[0].line}  {' '.join(text.split())}"
        for row, text in originals
    ]
    return "Original wording of reworded timeline rows\n" + "\n".join(lines)

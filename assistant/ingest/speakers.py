"""Who wrote a line of notes or chat: a speaker prefix ('alice:', '[14:02] Bob Smith -') and the
markup around it.
"""

from __future__ import annotations

import re

_SPEAKER = re.compile(
    r"^(?:<(?P<irc>[^>\s]{1,40})>\s*(?P<irc_msg>.*)"
    r"|(?P<name>@?[A-Za-z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}|@?[a-z][\w.-]*)\s*:\s+(?P<msg>.+))$"
)


_HEADER_NAME = re.compile(r"^@?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}$|^@?[a-z][\w.-]{1,30}$")


_NOT_SPEAKERS = frozenset(
    [
        "status",
        "update",
        "note",
        "notes",
        "action",
        "impact",
        "alert",
        "alerts",
        "resolved",
        "resolution",
        "mitigation",
        "cause",
        "root",
        "summary",
        "deploy",
        "deployed",
        "detection",
        "detected",
        "trigger",
        "result",
        "error",
        "warning",
        "info",
        "fix",
        "todo",
        "customer",
        "customers",
        "comms",
        "communication",
        "timeline",
        "issue",
        "problem",
        "question",
        "answer",
        "eta",
        "next",
    ]
)


_MARKUP = "*_`~"


def _strip_markup(text: str) -> str:
    return text.strip().strip(_MARKUP).strip()


def _split_speaker(text: str) -> tuple[str | None, str]:
    """(speaker, message) for ``alice: msg`` / ``Alice Smith: msg`` / ``<alice> msg``."""
    match = _SPEAKER.match(text)
    if match is None:
        return None, text
    if match.group("irc") is not None:
        return match.group("irc"), match.group("irc_msg").strip()
    name = match.group("name")
    if name.lower().lstrip("@") in _NOT_SPEAKERS or name.split()[0].lower() in _NOT_SPEAKERS:
        return None, text
    return name, match.group("msg").strip()

"""Slack exports: a channel folder of per-day JSON files, or one file of messages.

A message's ``ts`` (epoch seconds as a string) is its time, read exactly (UTC). The speaker is
the ``user_profile`` name, else the name ``users.json`` (in the folder or its parent, as in a
workspace export) gives the user id, else a bot or user name on the message, else the id.
Markup is made readable: ``<@U123>`` -> ``@name``, ``<#C1|ops>`` -> ``#ops``,
``<https://x|label>`` -> ``label``, HTML entities unescaped. Thread replies stay where the
export puts them (in time order) and keep their own time. The line of each message is the line
of the file where its JSON object starts, so evidence points into the file.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from assistant.domain import Evidence
from assistant.errors import InputError
from assistant.ingest.jsonvalues import epoch_time, iter_json_array, iter_json_entries, label

_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")
_DAY_FILE = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")


def load_users(folder: Path) -> dict[str, str]:
    """User id -> display name from a ``users.json`` beside or above the channel folder."""
    for candidate in (folder / "users.json", folder.parent / "users.json"):
        if not candidate.is_file():
            continue
        text = candidate.read_text(encoding="utf-8", errors="replace")
        names: dict[str, str] = {}
        for _, user in iter_json_array(text, str(candidate)):
            if isinstance(user, Mapping) and isinstance(user.get("id"), str):
                name = _profile_name(user.get("profile")) or label(user.get("name"))
                if name:
                    names[user["id"]] = name
        return names
    return {}


def channel_files(folder: Path) -> list[Path]:
    """The per-day files of a channel folder, oldest first."""
    return sorted(p for p in folder.iterdir() if _DAY_FILE.match(p.name))


def _profile_name(profile: Any) -> str | None:
    if not isinstance(profile, Mapping):
        return None
    for key in ("real_name", "display_name", "name"):
        value = profile.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def readable_text(text: str, users: Mapping[str, str]) -> str:
    """Slack markup turned into plain text."""

    def replace(match: re.Match[str]) -> str:
        target, shown = match.group(1), match.group(2)
        if target.startswith("@"):
            return "@" + (shown or users.get(target[1:], target[1:]))
        if target.startswith("#"):
            return "#" + (shown or target[1:])
        if target.startswith("!"):
            return "@" + (shown or target[1:].split("^")[0])
        return shown or target

    return html.unescape(_LINK.sub(replace, text)).strip()


def message_speaker(message: Mapping[str, Any], users: Mapping[str, str]) -> str | None:
    """Who wrote a message, by the best name the export holds."""
    name = _profile_name(message.get("user_profile"))
    if name:
        return name
    user = message.get("user")
    if isinstance(user, str) and user in users:
        return users[user]
    for key in ("username", "bot_profile"):
        found = label(message.get(key))
        if found:
            return found
    return user if isinstance(user, str) else None


def message_text(message: Mapping[str, Any], users: Mapping[str, str]) -> str:
    """The text of a message; attachments and files stand in when the text is empty."""
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        return readable_text(text, users)
    for attachment in message.get("attachments") or message.get("files") or []:
        if isinstance(attachment, Mapping):
            for key in ("fallback", "text", "title", "name"):
                value = attachment.get(key)
                if isinstance(value, str) and value.strip():
                    return readable_text(value, users)
    return ""


def read_slack_file(text: str, source: str, users: Mapping[str, str]) -> Iterator[Evidence]:
    """Evidence for each message of one Slack JSON file (a list, or ``{"messages": [...]}``)."""
    for line, message in iter_json_entries(text, source):
        if not isinstance(message, Mapping):
            raise InputError(source, f"malformed Slack export at line {line}: not a message")
        ts = message.get("ts")
        try:
            when = epoch_time(float(ts)) if isinstance(ts, str | int | float) else None
        except ValueError:
            when = None
        yield Evidence(
            source=source,
            line=line,
            time=when,
            speaker=message_speaker(message, users),
            text=message_text(message, users),
        )


def read_slack(path: Path, source: str) -> Iterator[Evidence]:
    """Evidence from a Slack channel folder (day files in date order) or a single export file."""
    if path.is_dir():
        users = load_users(path)
        for day in channel_files(path):
            text = day.read_text(encoding="utf-8", errors="replace")
            yield from read_slack_file(text, f"{source.rstrip('/')}/{day.name}", users)
        return
    users = load_users(path.parent)
    yield from read_slack_file(path.read_text(encoding="utf-8", errors="replace"), source, users)

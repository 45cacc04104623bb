"""Log files: one event per line, a timestamp near the start, continuation lines without one.

The message is the line without its timestamp; when a syslog-style host comes right after the
timestamp (``Feb 15 14:32:01 web-3 nginx[812]: ...``) it becomes the speaker. Lines without a
time (stack traces, wrapped messages) keep time None and follow the timed line before them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from assistant.analysis.timeformats import strip_weekday
from assistant.analysis.timeparse import ParsedTime, TimestampFinder
from assistant.domain import Evidence

_HOST = re.compile(r"(?P<host>[A-Za-z0-9][\w.-]{0,62})\s+(?=[\w./()-]+(?:\[\d+\])?:\s)")
_NOT_HOSTS = frozenset(
    [
        "INFO",
        "WARN",
        "WARNING",
        "ERROR",
        "ERR",
        "DEBUG",
        "TRACE",
        "FATAL",
        "CRITICAL",
        "CRIT",
        "NOTICE",
        "ALERT",
        "EMERG",
        "SEVERE",
        "FINE",
        "FINER",
        "FINEST",
        "VERBOSE",
        "I",
        "W",
        "E",
        "D",
        "V",
        "F",
    ]
)
_LEADING = " \t]),>|-:;"
_SYSLOG_LAYOUTS = frozenset(("syslog", "iso"))
"""Layouts of the syslog protocols (RFC 3164, RFC 5424), which put the host after the time."""


def cut_timestamp(line: str, span: tuple[int, int]) -> str:
    """The line without the timestamp at ``span``, and without the brackets and dashes around it."""
    start, end = span
    rest = line[end:].lstrip(_LEADING)
    if start <= 1:
        return rest.rstrip()
    before = strip_weekday(line[:start]).rstrip(" \t[(<")
    return f"{before} {rest}".strip() if rest else before.strip()


def split_host(text: str) -> tuple[str | None, str]:
    """(host, message) when ``text`` starts with a syslog host and program tag."""
    match = _HOST.match(text)
    if match is None or match.group("host").upper() in _NOT_HOSTS:
        return None, text
    return match.group("host"), text[match.end() :]


def log_evidence(source: str, number: int, line: str, found: ParsedTime | None) -> Evidence:
    """The Evidence of one log line, given the timestamp found on it (or None)."""
    if found is None:
        return Evidence(source=source, line=number, text=line.strip())
    text = cut_timestamp(line, found.span)
    speaker = None
    if found.layout in _SYSLOG_LAYOUTS and found.span[0] <= 1:
        speaker, text = split_host(text)
    return Evidence(
        source=source,
        line=number,
        time=found.time,
        time_assumed=found.assumed,
        speaker=speaker,
        text=text,
    )


def read_log_lines(
    lines: Iterable[tuple[int, str]], source: str, finder: TimestampFinder
) -> Iterator[Evidence]:
    """Evidence for every non-blank line of a log, in file order."""
    find = finder.find_timestamp
    for number, line in lines:
        if not line or line.isspace():
            continue
        yield log_evidence(source, number, line, find(line))

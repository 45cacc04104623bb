"""Log files: one event per line, a timestamp near the start, continuation lines without one.

The message is the line without its timestamp; when a syslog-style host comes right after the
timestamp (``Feb 15 14:32:01 web-3 nginx[812]: ...``) it becomes the speaker. Lines without a
time (stack traces, wrapped messages) keep time None and follow the timed line before them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from assistant.domain import Evidence
from assistant.ingest.records import json_string, trusted_evidence
from assistant.ingest.time.fields import ParsedTime
from assistant.ingest.time.formats import strip_weekday
from assistant.ingest.time.parse import TimestampFinder

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
_HOST = re.compile(
    rf"(?!(?i:{'|'.join(sorted(_NOT_HOSTS, key=len, reverse=True))})\s)"
    r"(?P<host>[A-Za-z0-9][\w.-]{0,62})\s+(?=[\w./()-]+(?:\[\d+\])?:\s)"
)
"""A host and program tag (``web-3 nginx[812]: ``); a level word (``INFO api: ``) is no host."""
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
    if match is None:
        return None, text
    return match.group("host"), text[match.end() :]


def log_evidence(source: str, number: int, line: str, found: ParsedTime | None) -> Evidence:
    """The Evidence of one log line, given the timestamp found on it (or None)."""
    if found is None:
        return trusted_evidence(source, number, None, (), None, line.strip())
    when, assumed, span, layout = found
    speaker, text = _split_line(line, span, layout)
    return trusted_evidence(source, number, when, assumed, speaker, text)


def _split_line(line: str, span: tuple[int, int], layout: str) -> tuple[str | None, str]:
    """(speaker, message) of a line whose timestamp is at ``span``, written in ``layout``."""
    if span[0] > 1:
        return None, cut_timestamp(line, span)
    text = line[span[1] :].lstrip(_LEADING).rstrip()
    if layout in _SYSLOG_LAYOUTS:
        return split_host(text)
    return None, text


def read_log_lines(
    lines: Iterable[tuple[int, str]], source: str, finder: TimestampFinder
) -> Iterator[Evidence]:
    """Evidence for every non-blank line of a log, in file order.

    The body is ``log_evidence`` unrolled, with the commonest shape (a timestamp opening the
    line, no syslog host) done in place: this loop runs once per line of logs of millions.
    """
    find = finder.find_timestamp
    split = _split_line
    build = trusted_evidence
    syslog_layouts = _SYSLOG_LAYOUTS
    leading = _LEADING
    for number, line in lines:
        if not line or line.isspace():
            continue
        found = find(line)
        if found is None:
            yield build(source, number, None, (), None, line.strip())
            continue
        when, assumed, span, layout = found
        if span[0] <= 1 and layout not in syslog_layouts:
            yield build(
                source, number, when, assumed, None, line[span[1] :].lstrip(leading).rstrip()
            )
        else:
            speaker, text = split(line, span, layout)
            yield build(source, number, when, assumed, speaker, text)


def log_json_lines(
    lines: Iterable[tuple[int, str]], source: str, finder: TimestampFinder
) -> Iterator[str]:
    """The ``ingest`` JSON line of every non-blank line of a log, without building Evidence.

    The same records as ``read_log_lines`` gives, byte for byte as ``EvidenceJson`` writes
    them, for the command that prints a log of millions of lines and keeps none of them. The
    encoding is done in the loop, with the source, the time of lines in the same second and
    the assumptions encoded once.
    """
    find = finder.find_timestamp
    split = _split_line
    string = json_string
    syslog_layouts = _SYSLOG_LAYOUTS
    leading = _LEADING
    prefix = f'{{"source": {string(source)}, "line": '
    untimed = ', "time": null, "time_assumed": [], "speaker": '
    last_time: object = None
    last_assumed: object = None
    middle = ""
    when_text = ""
    for number, line in lines:
        if not line or line.isspace():
            continue
        found = find(line)
        if found is None:
            yield f'{prefix}{number}{untimed}null, "text": {string(line.strip())}}}'
            continue
        when, assumed, span, layout = found
        if when is not last_time or assumed is not last_assumed:
            if when is not last_time:
                last_time, when_text = when, when.isoformat()
            last_assumed = assumed
            inferred = '"' + '", "'.join(assumed) + '"' if assumed else ""
            middle = f', "time": "{when_text}", "time_assumed": [{inferred}], "speaker": '
        if span[0] <= 1 and layout not in syslog_layouts:
            text = line[span[1] :].lstrip(leading).rstrip()
            yield f'{prefix}{number}{middle}null, "text": {string(text)}}}'
        else:
            speaker, text = split(line, span, layout)
            who = "null" if speaker is None else string(speaker)
            yield f'{prefix}{number}{middle}{who}, "text": {string(text)}}}'

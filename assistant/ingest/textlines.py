"""Stream the lines of a text file with bounded memory, refusing binary files.

Every reader goes through here, so all inputs fail the same way: a binary file raises
``InputError(path, "binary file, not text")``, invalid UTF-8 is decoded with replacement and
warned once, an empty file is warned. A line longer than ``MAX_LINE`` characters is cut there
(with a warning) so one endless line cannot exhaust memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from assistant.domain import Notice
from assistant.errors import InputError
from assistant.textio import looks_binary

SNIFF_BYTES = 65536
MAX_LINE = 1 << 20
Warn = Callable[[Notice], None]


def sniff(path: Path, source: str) -> str:
    """The first bytes of a file as text, for detection; binary files raise ``InputError``."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as exc:
        raise InputError(source, exc.strerror or str(exc)) from exc
    if looks_binary(head[:8192]):
        raise InputError(source, "binary file, not text")
    return head.decode("utf-8-sig", errors="replace")


def iter_lines(path: Path, source: str, warn: Warn) -> Iterator[tuple[int, str]]:
    """(1-based number, line without its newline) for each line of a text file, streamed.

    Undecodable bytes become U+FFFD; the first line holding one is warned about. The check is
    on the decoded text, so a file that genuinely contains U+FFFD is warned about too.
    """
    try:
        handle = path.open(encoding="utf-8-sig", errors="replace", newline=None)
    except OSError as exc:
        raise InputError(source, exc.strerror or str(exc)) from exc
    with handle:
        yield from number_lines(iter(partial(handle.readline, MAX_LINE), ""), source, warn)


def number_lines(chunks: Iterator[str], source: str, warn: Warn) -> Iterator[tuple[int, str]]:
    """Number raw lines (as ``readline`` returns them), cutting over-long ones and warning."""
    number = 0
    bad_bytes_warned = False
    skipping = False
    for chunk in chunks:
        complete = chunk.endswith("\n")
        if skipping:
            skipping = not complete
            continue
        number += 1
        line = chunk[:-1] if complete else chunk
        if not complete and len(chunk) >= MAX_LINE:
            skipping = True
            warn(
                Notice(
                    message=f"{source}: line {number} longer than {MAX_LINE} characters was cut",
                    source=source,
                )
            )
        if not bad_bytes_warned and "\ufffd" in line:
            bad_bytes_warned = True
            warn(
                Notice(
                    message=f"{source}: not valid UTF-8 (first at line {number}); "
                    "undecodable bytes were replaced with U+FFFD",
                    source=source,
                )
            )
        yield number, line
    if number == 0:
        warn(Notice(message=f"{source}: empty file, nothing to read", source=source))


def split_text(text: str) -> Iterator[str]:
    """The lines of an in-memory text as ``readline`` would return them (newline kept)."""
    return iter(text.splitlines(keepends=True))

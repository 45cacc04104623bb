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
from assistant.ingest.userfile import looks_binary

SNIFF_BYTES = 65536
MAX_LINE = 1 << 20
BLOCK_CHARS = 1 << 18
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

    The file is read in blocks of ``BLOCK_CHARS`` and split on newlines (CR LF and a lone CR
    are read as LF), which is several times faster than one ``readline`` per line.
    Undecodable bytes become U+FFFD; the first line holding one is warned about. The check is
    on the decoded text, so a file that genuinely contains U+FFFD is warned about too.
    """
    try:
        handle = path.open(encoding="utf-8-sig", errors="replace", newline=None)
    except OSError as exc:
        raise InputError(source, exc.strerror or str(exc)) from exc
    with handle:
        yield from number_blocks(iter(partial(handle.read, BLOCK_CHARS), ""), source, warn)


def number_blocks(blocks: Iterator[str], source: str, warn: Warn) -> Iterator[tuple[int, str]]:
    """Number the lines of text given in blocks of any size, cutting over-long ones and warning.

    Lines are split on LF only. A line over ``MAX_LINE`` characters keeps its first
    ``MAX_LINE`` and the rest is skipped, so memory stays within ``MAX_LINE`` plus one block.
    """
    number = 0
    carried = ""  # the unfinished last line of the blocks read so far
    skipping = False  # inside an over-long line that was already cut and yielded
    bad_bytes_warned = False
    for block in blocks:
        if skipping:
            newline = block.find("\n")
            if newline < 0:
                continue
            block = block[newline + 1 :]
            skipping = False
        lines = block.split("\n")
        lines[0] = carried + lines[0]
        carried = lines.pop()
        if lines:
            if (
                len(block) > MAX_LINE
                or len(lines[0]) > MAX_LINE
                or (not bad_bytes_warned and ("\ufffd" in block or "\ufffd" in lines[0]))
            ):
                bad_bytes_warned = _check_lines(lines, number, source, warn, bad_bytes_warned)
            yield from enumerate(lines, number + 1)
            number += len(lines)
        if len(carried) > MAX_LINE:
            lines, carried, skipping = [carried], "", True
            bad_bytes_warned = _check_lines(lines, number, source, warn, bad_bytes_warned)
            number += 1
            yield number, lines[0]
    if carried:
        lines = [carried]
        _check_lines(lines, number, source, warn, bad_bytes_warned)
        number += 1
        yield number, lines[0]
    if number == 0:
        warn(Notice(message=f"{source}: empty file, nothing to read", source=source))


def _cut_notice(source: str, number: int) -> Notice:
    return Notice(
        message=f"{source}: line {number} longer than {MAX_LINE} characters was cut",
        source=source,
    )


def _bad_bytes_notice(source: str, number: int) -> Notice:
    return Notice(
        message=f"{source}: not valid UTF-8 (first at line {number}); "
        "undecodable bytes were replaced with U+FFFD",
        source=source,
    )


def _check_lines(
    lines: list[str], before: int, source: str, warn: Warn, bad_bytes_warned: bool
) -> bool:
    """Cut over-long ``lines`` in place and warn, in line order (numbered from ``before + 1``).

    Returns whether the U+FFFD warning has now been given.
    """
    for offset, line in enumerate(lines):
        number = before + 1 + offset
        if len(line) > MAX_LINE:
            lines[offset] = line[:MAX_LINE]
            warn(_cut_notice(source, number))
        if not bad_bytes_warned and "\ufffd" in lines[offset]:
            bad_bytes_warned = True
            warn(_bad_bytes_notice(source, number))
    return bad_bytes_warned


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
            warn(_cut_notice(source, number))
        if not bad_bytes_warned and "\ufffd" in line:
            bad_bytes_warned = True
            warn(_bad_bytes_notice(source, number))
        yield number, line
    if number == 0:
        warn(Notice(message=f"{source}: empty file, nothing to read", source=source))


def split_text(text: str) -> Iterator[str]:
    """The lines of an in-memory text as ``readline`` would return them (newline kept)."""
    return iter(text.splitlines(keepends=True))

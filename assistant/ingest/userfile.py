"""Reading user text at the edges: a file path or ``-`` for standard input.

The CLI and the app read what the user gave through here, so every unreadable input fails the same
way: an ``InputError`` whose message names the file and the reason.
"""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.errors import InputError

_SNIFF_BYTES = 8192


def looks_binary(head: bytes) -> bool:
    """True when the first bytes of a file look like binary data rather than text."""
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.10


def decode_text(data: bytes, name: str) -> tuple[str, str | None]:
    """Text of ``data`` and a warning when it was not valid UTF-8 (decoded with replacement)."""
    if looks_binary(data[:_SNIFF_BYTES]):
        raise InputError(name, "binary file, not text")
    text = data.decode("utf-8-sig", errors="replace")
    warning = None
    if "\ufffd" in text:
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            warning = (
                f"{name}: not valid UTF-8 (first bad byte at offset {exc.start}); "
                "undecodable bytes were replaced with U+FFFD"
            )
    return text, warning


def read_user_text(path: str, *, max_bytes: int = 50_000_000) -> tuple[str, str | None]:
    """The whole text of ``path`` (``-`` is standard input) and an optional decode warning.

    For documents (postmortems, notes), not for logs: logs are streamed by the ingest package.
    """
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        name = "<stdin>"
    else:
        file = Path(path)
        name = path
        if not file.exists():
            raise InputError(path, "no such file")
        if file.is_dir():
            raise InputError(path, "is a directory, expected a file")
        try:
            with file.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(path, exc.strerror or str(exc)) from exc
    if len(data) > max_bytes:
        raise InputError(name, f"larger than {max_bytes // 1_000_000} MB; pass logs to 'draft'")
    text, warning = decode_text(data, name)
    if not text.strip():
        raise InputError(name, "empty input")
    return text, warning

"""Where the lint may look: allowed ranges, a sentence's vocabulary, and line and column of an
offset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _allowed_ranges(masked: str, allow: Iterable[str]) -> list[tuple[int, int]]:
    """Where allow-listed terms occur (whole words, case-insensitive)."""
    ranges: list[tuple[int, int]] = []
    for term in allow:
        pattern = re.compile(r"(?<!\w)" + re.escape(term) + r"(?!\w)", re.IGNORECASE)
        ranges.extend((m.start(), m.end()) for m in pattern.finditer(masked))
    return ranges


def _vocabulary(masked: str) -> frozenset[str]:
    """Words the document writes in lower case: a capitalised one of them is not a name."""
    return frozenset(re.findall(r"(?<![\w@.])[a-z][a-z'\-]+", masked))


def _line_starts(text: str) -> list[int]:
    """Offset of the first character of every line."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\n", text))
    return starts


def _bisect(starts: list[int], offset: int) -> int:
    """Index of the line that holds ``offset``."""
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low

"""A rule of the event classifier: the phrases that make a line one kind of event, and the phrases
that cancel them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain import EventKind


def _P(pattern: str) -> re.Pattern[str]:  # noqa: N802  # short, to keep the tables readable
    """Compile a rule pattern; ``[^.]`` (stay in the sentence) still lets ``api.example.com``
    through, as a dot that is not followed by a space does not end a sentence."""
    return re.compile(pattern.replace("[^.]", r"(?:[^.]|\.(?=\S))"))


@dataclass(frozen=True)
class PhraseRule:
    """Patterns that mark one kind, and whether negation and questions cancel them."""

    kind: EventKind
    patterns: tuple[re.Pattern[str], ...]
    action: bool = True
    """True when a question or proposal about it is not the thing itself."""

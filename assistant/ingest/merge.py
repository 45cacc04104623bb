"""Merge the Evidence streams of several sources into one, by time.

Each source keeps its own order: a line without a time stays right after the timed line it
follows, and lines before a source's first time come first. Equal times keep the order of the
sources as given, then of the lines (a stable merge). A source whose times run backwards is not
silently reordered: it is merged in file order and a warning names the first line that goes back
further than ``tolerance`` (a little jitter is normal in multi-threaded logs).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta

from assistant.domain import Evidence, Notice

_BEFORE_ALL = datetime.min.replace(tzinfo=UTC)
_Chunk = tuple[datetime, int, int, list[Evidence]]


def _chunks(
    stream: Iterable[Evidence],
    index: int,
    tolerance: timedelta,
    warn: Callable[[Notice], None],
) -> Iterator[_Chunk]:
    """A source as (key, source index, sequence, lines): a timed line with its untimed followers.

    The key is the latest time seen so far in the source, so the key never decreases and the
    source's own order survives the merge.
    """
    key = _BEFORE_ALL
    latest: Evidence | None = None
    pending: list[Evidence] = []
    sequence = 0
    warned = False
    for evidence in stream:
        when = evidence.time
        if when is None:
            pending.append(evidence)
            continue
        if pending:
            yield key, index, sequence, pending
            sequence += 1
        if latest is not None and latest.time is not None and when < latest.time - tolerance:
            if not warned:
                warned = True
                warn(_backwards(evidence, latest))
        else:
            latest = evidence
        key = max(key, when)
        pending = [evidence]
    if pending:
        yield key, index, sequence, pending


def _backwards(evidence: Evidence, latest: Evidence) -> Notice:
    return Notice(
        message=(
            f"{evidence.source}: line {evidence.line} ({evidence.time}) is earlier than line "
            f"{latest.line} ({latest.time}); kept in file order, check the times of this source"
        ),
        source=evidence.source,
    )


def merge_by_time(
    streams: Iterable[Iterable[Evidence]],
    *,
    on_warning: Callable[[Notice], None] | None = None,
    tolerance: timedelta = timedelta(seconds=1),
) -> Iterator[Evidence]:
    """All evidence of ``streams`` in time order, stable, each source's own order kept."""
    warn = on_warning or (lambda _notice: None)
    chunked = [_chunks(s, i, tolerance, warn) for i, s in enumerate(streams)]
    for _key, _index, _sequence, lines in heapq.merge(*chunked):
        yield from lines

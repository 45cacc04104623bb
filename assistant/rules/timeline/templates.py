"""Log templates: mask the variable parts of a line, and collapse repeated lines into one row.

A log of a million lines is mostly the same few hundred messages with different numbers, ids and
addresses in them. ``mask_template`` replaces those variable parts with ``<*>`` so that lines of
one message share one template; ``collapse_noise`` then counts lines per (source, template) and
turns a message repeated ``min_repeats`` times or more into a single "N x <template> between t1
and t2" cluster that keeps the first and last evidence lines. Memory is bounded by the number of
templates, never by the number of lines.

Masking is digit-agnostic by design: no rule looks at which digit it sees, only at where digits
are. So two lines that differ only in their digits always share a template, which lets callers
cache templates by the line's *shape* (digits mapped to ``0``), see ``TemplateCache``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from assistant.domain import Evidence
from assistant.rules.timeline.sources import HUMAN_SOURCES, SourceKind, infer_source_kind

MASK = "<*>"

# Each rule rewrites the line in turn; order matters (whole values before their digit parts).
_QUOTED_VALUE = re.compile(r"""=\s*(?:"[^"\n]*"|'[^'\n]*')""")
_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::{1,2}[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
_HEX_ID = re.compile(r"\b[0-9A-Fa-f]{8,}\b")
_DIGITS_ON = re.compile(r"\d\w*")
_MASK_RUN = re.compile(r"<\*>(?:[-.:/,]+<\*>|-[\w<>*]+)+")


def mask_template(text: str) -> str:
    """The line with its variable parts replaced by ``<*>``.

    Masked: UUIDs, e-mail addresses, IPv6 and IPv4 addresses (with ports), hex ids of 8 or more
    digits, every word from its first digit on (numbers, durations such as ``250ms``, ids such
    as ``req_8f3a`` -> ``req_<*>``, numbered path segments such as ``/orders/1234``), and quoted
    values after ``=`` (``user="bob smith"``). Runs of masks joined by punctuation
    (``10.0.0.1:8080``, ``14:32:01.123``) become one ``<*>``, and so does the hyphenated tail of
    a name after a mask (``checkout-7f9c8d5b6-x2x9k`` -> ``checkout-<*>``, as Kubernetes pods
    are named). Words without digits are kept: they carry the message (and the level).
    """
    return mask_quoted_values(mask_variables(text))


def mask_variables(text: str) -> str:
    """``mask_template`` without the quoted-value rule: every word of the message is kept.

    Two lines with the same result differ only in ids, numbers and addresses, so they say the
    same thing; ``status="resolved"`` and ``status="firing"`` still differ here.
    """
    if text.count("-") >= 4:
        text = _UUID.sub(MASK, text)
    if "@" in text:
        text = _EMAIL.sub(MASK, text)
    if text.count(":") >= 2:
        text = _IPV6.sub(MASK, text)
    text = _HEX_ID.sub(MASK, text)
    text = _DIGITS_ON.sub(MASK, text)
    if MASK in text:
        text = _MASK_RUN.sub(MASK, text)
    return text


def mask_quoted_values(text: str) -> str:
    """Quoted values after ``=`` replaced by ``<*>``: ``user="bob smith"`` -> ``user=<*>``."""
    if "=" in text:
        text = _QUOTED_VALUE.sub("=" + MASK, text)
    return text


_SHAPE = str.maketrans("123456789", "000000000")


def line_shape(text: str) -> str:
    """The line with every digit turned into ``0``: lines of one shape share one template."""
    return text.translate(_SHAPE)


@dataclass
class TemplateCache:
    """A bounded memo of ``mask_template`` keyed by line shape, owned by one caller.

    Lines with random ids miss the cache; it is cleared when it reaches ``limit`` entries so
    that memory stays bounded however long the log is.
    """

    limit: int = 50_000
    _entries: dict[str, str] = field(default_factory=dict)

    def template(self, text: str) -> str:
        """The template of ``text``, from the cache when a line of the same shape was seen."""
        shape = text.translate(_SHAPE)
        found = self._entries.get(shape)
        if found is None:
            found = mask_template(shape)
            if len(self._entries) >= self.limit:
                self._entries.clear()
            self._entries[shape] = found
        return found


@dataclass(frozen=True)
class Cluster:
    """Lines of one source that share a template.

    ``lines`` holds the evidence kept: every line when there are fewer than ``min_repeats``,
    otherwise only the first and the last. ``collapsed`` says which of the two it is.
    """

    source: str
    template: str
    count: int
    first: Evidence
    last: Evidence
    lines: tuple[Evidence, ...]
    collapsed: bool

    @property
    def start(self) -> dt.datetime | None:
        """Time of the first line of the cluster."""
        return self.first.time

    @property
    def end(self) -> dt.datetime | None:
        """Time of the last line of the cluster."""
        return self.last.time

    def describe(self) -> str:
        """The row text: ``"N x <template> between t1 and t2"`` (times in UTC)."""
        if not self.collapsed:
            return self.first.text
        return f"{self.count} x {self.template}{describe_span(self.start, self.end)}"


def describe_span(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """``" between 14:02:11 and 14:31:40 UTC"``, with dates when the span crosses a day."""
    if start is None or end is None:
        return ""
    first = start.astimezone(dt.UTC)
    last = end.astimezone(dt.UTC)
    if first.date() == last.date():
        return f" between {first:%H:%M:%S} and {last:%H:%M:%S} UTC"
    return f" between {first:%Y-%m-%d %H:%M:%S} and {last:%Y-%m-%d %H:%M:%S} UTC"


@dataclass(slots=True)
class _Tally:
    """Count of one template and the evidence kept for it."""

    count: int
    kept: list[Evidence]


@dataclass
class ClusterCounter:
    """Streaming counter of lines per (source, template), keeping bounded evidence per key.

    Until a key reaches ``min_repeats`` lines every line is kept (so short runs are shown
    whole); from then on only the first and the last line are kept.
    """

    min_repeats: int = 3
    max_templates: int = 20_000
    overflow: int = 0
    """Lines not counted because ``max_templates`` distinct templates were already open."""
    _tallies: dict[tuple[str, str], _Tally] = field(default_factory=dict)

    def add(self, evidence: Evidence, template: str) -> None:
        """Count one line under its template."""
        key = (evidence.source, template)
        tally = self._tallies.get(key)
        if tally is None:
            if len(self._tallies) >= self.max_templates:
                self.overflow += 1
                return
            self._tallies[key] = _Tally(1, [evidence])
            return
        tally.count += 1
        if tally.count < self.min_repeats:
            tally.kept.append(evidence)
        elif tally.count == self.min_repeats:
            tally.kept = [tally.kept[0], evidence]
        else:
            tally.kept[1] = evidence

    def clusters(self) -> list[Cluster]:
        """Every counted template as a cluster, in order of first appearance."""
        return [
            Cluster(
                source=source,
                template=template,
                count=tally.count,
                first=tally.kept[0],
                last=tally.kept[-1],
                lines=tuple(tally.kept),
                collapsed=tally.count >= self.min_repeats,
            )
            for (source, template), tally in self._tallies.items()
        ]


def collapse_noise(
    events: Iterable[Evidence],
    *,
    min_repeats: int = 3,
    source_kinds: Mapping[str, SourceKind] | None = None,
) -> list[Cluster]:
    """Group repeated lines of one template per source, in order of first appearance.

    A template seen ``min_repeats`` times or more in a source becomes one collapsed cluster
    with its first and last lines; rarer lines come back as uncollapsed clusters holding every
    line. People's lines (sources whose kind is notes or chat, given in ``source_kinds`` or
    guessed from the source's first line) are never collapsed: each is its own cluster.
    Memory grows with the number of templates, not of lines.
    """
    if min_repeats < 2:
        raise ValueError("min_repeats must be at least 2")
    kinds: dict[str, SourceKind] = dict(source_kinds or {})
    cache = TemplateCache()
    counter = ClusterCounter(min_repeats=min_repeats)
    ordered: list[Cluster | tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for evidence in events:
        kind = kinds.get(evidence.source)
        if kind is None:
            kind = infer_source_kind(evidence.source, text=evidence.text, speaker=evidence.speaker)
            kinds[evidence.source] = kind
        if kind in HUMAN_SOURCES:
            ordered.append(_single(evidence))
            continue
        template = cache.template(evidence.text)
        key = (evidence.source, template)
        counter.add(evidence, template)
        if key not in seen:
            seen.add(key)
            ordered.append(key)
    by_key = {(c.source, c.template): c for c in counter.clusters()}
    return [item if isinstance(item, Cluster) else by_key[item] for item in ordered]


def _single(evidence: Evidence) -> Cluster:
    """A one-line, never-collapsed cluster for a human line."""
    return Cluster(
        source=evidence.source,
        template=evidence.text,
        count=1,
        first=evidence,
        last=evidence,
        lines=(evidence,),
        collapsed=False,
    )

"""Reconstruct an incident's timeline from evidence: rows, milestones and response metrics.

``build_timeline`` makes one pass over the evidence (a list or a stream of millions of lines)
and keeps a readable set of rows: every note and chat message, every line whose kind is not
``other``, the first occurrence of each error or warning template, and repeated lines collapsed
into "N x <template> between t1 and t2". Plain INFO/DEBUG chatter is counted, not kept. Memory
is bounded by the number of distinct templates, not by the number of lines.

Milestones are then picked from the rows (see ``pick_milestones``) and turned into minutes
(see ``compute_metrics``). Everything here is pure: no clock, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.domain import (
    EventKind,
    Evidence,
    Milestones,
    Notice,
    ResponseMetrics,
    TimelineEvent,
)
from assistant.rules.timeline.classify import classify_event, is_alert_tool, log_line_matters
from assistant.rules.timeline.milestones import compute_metrics, metric_warnings, pick_milestones
from assistant.rules.timeline.sources import (
    HUMAN_SOURCES,
    Severity,
    SourceKind,
    log_severity,
    source_kind_from_lines,
    source_kind_from_name,
)
from assistant.rules.timeline.templates import (
    ClusterCounter,
    line_shape,
    mask_quoted_values,
    mask_variables,
)
from assistant.rules.timeline.title import _TITLE_LINES, _not_an_event, title_of

__all__ = ["Timeline", "build_timeline", "compute_metrics", "pick_milestones"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_CACHE_LIMIT = 50_000
_VOTE_LINES = 25
_GUESSED_PEOPLE_LIMIT = 20_000
_MANY_ROWS = 500
_MAX_JOINED = 600
"""Longest text of a row joined from an entry's lines; the evidence keeps every line whole."""


@dataclass(frozen=True)
class Timeline:
    """The reconstructed timeline: rows in time order, milestones, metrics and notices."""

    events: list[TimelineEvent]
    milestones: Milestones
    metrics: ResponseMetrics
    warnings: list[Notice]
    source_kinds: dict[str, SourceKind] = field(default_factory=dict)
    """What each source was read as (notes, chat, log, alerts)."""
    lines_read: int = 0
    lines_dropped: int = 0
    """Lines that are in the evidence but not in any row (plain INFO/DEBUG chatter)."""
    titles: dict[str, str] = field(default_factory=dict)
    """What each people's source calls itself: its first line when that reads as a title."""


@dataclass(frozen=True)
class _LineInfo:
    """What one line shape says: its template, kind and log level."""

    template: str
    kind: EventKind
    severity: Severity


@dataclass
class _Builder:
    """The state of one pass: rows of people's lines, template counts for machine lines."""

    source_kinds: dict[str, SourceKind]
    roles: Mapping[str, str]
    counter: ClusterCounter
    human_rows: list[tuple[dt.datetime, int, TimelineEvent]] = field(default_factory=list)
    last_human: dict[str, int] = field(default_factory=dict)
    """Index in ``human_rows`` of each source's latest row, which an entry's own lines join."""
    titles: dict[str, str] = field(default_factory=dict)
    """The first heading (or first line) of each people's source: what its author called it."""
    title_lines: dict[str, int] = field(default_factory=dict)
    cluster_info: dict[tuple[str, str], tuple[EventKind, Severity, dt.datetime, int]] = field(
        default_factory=dict
    )
    shapes: dict[tuple[str, str, bool], _LineInfo] = field(default_factory=dict)
    masked: dict[tuple[str, str, bool], _LineInfo] = field(default_factory=dict)
    carried: dict[str, dt.datetime] = field(default_factory=dict)
    pending: dict[str, list[Evidence]] = field(default_factory=dict)
    """First lines of sources whose kind is still being guessed (at most ``_VOTE_LINES``)."""
    guessed_people: dict[str, int] = field(default_factory=dict)
    """Lines seen so far of sources guessed (not told) to be people's."""
    reread_as_log: list[str] = field(default_factory=list)
    read: int = 0
    dropped: int = 0

    def add(self, evidence: Evidence) -> None:
        """Take one line; the first lines of a source of unknown kind wait for the guess."""
        source = evidence.source
        kind_of_source = self.source_kinds.get(source)
        if kind_of_source is None:
            kind_of_source = source_kind_from_name(source)
            if kind_of_source is None:
                waiting = self.pending.setdefault(source, [])
                waiting.append(evidence)
                if len(waiting) >= _VOTE_LINES:
                    self._decide(source)
                return
            self.source_kinds[source] = kind_of_source
        self._take(evidence, kind_of_source)

    def finish(self) -> None:
        """Guess the kind of sources still waiting (shorter than ``_VOTE_LINES``)."""
        for source in list(self.pending):
            self._decide(source)

    def _decide(self, source: str) -> None:
        """Guess a source's kind from its first lines, then take them."""
        waiting = self.pending.pop(source)
        kind = source_kind_from_lines((e.text, e.speaker) for e in waiting)
        self.source_kinds[source] = kind
        if kind in HUMAN_SOURCES:
            self.guessed_people[source] = 0
        for evidence in waiting:
            self._take(evidence, self.source_kinds[source])

    def _take(self, evidence: Evidence, kind_of_source: SourceKind) -> None:
        """A row for a person's line, a count for a machine line."""
        seq = self.read
        self.read += 1
        source = evidence.source
        if source in self.guessed_people:
            self.guessed_people[source] += 1
            if self.guessed_people[source] > _GUESSED_PEOPLE_LIMIT:
                # Too long for a conversation: read the rest as a log, so memory stays bounded.
                del self.guessed_people[source]
                self.source_kinds[source] = kind_of_source = "log"
                self.reread_as_log.append(source)
        when = evidence.time
        if when is not None:
            self.carried[source] = when
        else:
            when = self.carried.get(source, _EPOCH)
        if kind_of_source in HUMAN_SOURCES:
            self._add_human(evidence, kind_of_source, when, seq)
        else:
            self._add_machine(evidence, kind_of_source, when, seq)

    def _add_human(self, evidence: Evidence, source_kind: str, when: dt.datetime, seq: int) -> None:
        source = evidence.source
        seen = self.title_lines.get(source, 0)
        if seen < _TITLE_LINES and not self.titles.get(source):
            self.title_lines[source] = seen + 1
            self.titles[source] = title_of(evidence, first=seen == 0)
        text = evidence.text.lstrip()
        if evidence.time is None and (
            text.startswith(("#", "|")) or _not_an_event(text) or text == self.titles.get(source)
        ):
            # a heading, a table's header or separator row, a date or zone line, the title:
            # not an event; it stays in the evidence
            self.dropped += 1
            self.last_human.pop(source, None)
            return
        if "entry" in evidence.time_assumed and source in self.last_human:
            self._join(self.last_human[source], evidence, source_kind)
            return
        kind = classify_event(evidence.text, speaker=evidence.speaker, source_kind=source_kind)
        speaker = evidence.speaker
        who = self.roles.get(speaker, speaker) if speaker else None
        row = TimelineEvent(
            time=evidence.time, who=who, what=evidence.text, kind=kind, evidence=(evidence.ref(),)
        )
        self.last_human[source] = len(self.human_rows)
        self.human_rows.append((when, seq, row))

    def _join(self, index: int, evidence: Evidence, source_kind: str) -> None:
        """Fold one of an entry's own lines into the entry's row, reclassifying the whole."""
        when, seq, row = self.human_rows[index]
        what = f"{row.what} {evidence.text}".strip() if row.what else evidence.text
        if len(what) > _MAX_JOINED:
            what = what[: _MAX_JOINED - 3].rstrip() + "..."
        kind = classify_event(what, speaker=evidence.speaker, source_kind=source_kind)
        joined = row.model_copy(
            update={"what": what, "kind": kind, "evidence": (*row.evidence, evidence.ref())}
        )
        self.human_rows[index] = (when, seq, joined)

    def _add_machine(
        self, evidence: Evidence, source_kind: SourceKind, when: dt.datetime, seq: int
    ) -> None:
        text = evidence.text
        if source_kind == "log" and not log_line_matters(text):
            self.dropped += 1
            return
        info = self._line_info(evidence, source_kind)
        if info.kind == "other" and info.severity == "info":
            self.dropped += 1
            return
        key = (evidence.source, info.template)
        if key not in self.cluster_info:
            if len(self.cluster_info) >= self.counter.max_templates:
                self.counter.overflow += 1
                return
            self.cluster_info[key] = (info.kind, info.severity, when, seq)
        self.counter.add(evidence, info.template)

    def _line_info(self, evidence: Evidence, source_kind: SourceKind) -> _LineInfo:
        """Template, kind and level of a machine line.

        Cached twice: by the line's shape (digits as ``0``), which is cheap and catches lines
        that differ only in numbers, and by the masked line, which catches lines that differ in
        ids too. Both caches are cleared when full, so memory stays bounded.
        """
        text = evidence.text
        tool = is_alert_tool(evidence.speaker)
        key = (line_shape(text), source_kind, tool)
        info = self.shapes.get(key)
        if info is not None:
            return info
        masked = mask_variables(key[0])
        masked_key = (masked, source_kind, tool)
        info = self.masked.get(masked_key)
        if info is None:
            speaker = evidence.speaker if tool else None
            info = _LineInfo(
                template=mask_quoted_values(masked),
                kind=classify_event(text, speaker=speaker, source_kind=source_kind),
                severity=log_severity(text),
            )
            _bounded_put(self.masked, masked_key, info)
        _bounded_put(self.shapes, key, info)
        return info

    def rows(self) -> list[TimelineEvent]:
        """All rows, people's and machines', in time order (input order for equal times)."""
        keyed = list(self.human_rows)
        for cluster in self.counter.clusters():
            kind, severity, when, seq = self.cluster_info[(cluster.source, cluster.template)]
            who = cluster.first.speaker or cluster.source
            if cluster.collapsed:
                row = TimelineEvent(
                    time=cluster.first.time,
                    who=who,
                    what=cluster.describe(),
                    kind=kind,
                    evidence=(cluster.first.ref(), cluster.last.ref()),
                    context=_cluster_context(cluster.count, cluster.source, severity),
                    count=cluster.count,
                    end_time=cluster.last.time,
                )
                keyed.append((when, seq, row))
                continue
            for offset, line in enumerate(cluster.lines):
                row = TimelineEvent(
                    time=line.time,
                    who=line.speaker or line.source,
                    what=line.text,
                    kind=kind,
                    evidence=(line.ref(),),
                    context=_line_context(severity),
                )
                keyed.append((line.time or when, seq + offset, row))
        keyed.sort(key=lambda item: (item[0], item[1]))
        return [row for _, _, row in keyed]


def _bounded_put(
    cache: dict[tuple[str, str, bool], _LineInfo], key: tuple[str, str, bool], info: _LineInfo
) -> None:
    """Store in a cache that is emptied when it reaches its size limit."""
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = info


def _cluster_context(count: int, source: str, severity: Severity) -> str:
    """Context column of a collapsed row: how many lines, from where, at which level."""
    level = "" if severity == "info" else f"{severity} "
    return f"{level}{count:,} similar lines of {source} collapsed; first and last kept"


def _line_context(severity: Severity) -> str | None:
    """Context column of a single machine line: its level when it is not plain info."""
    return None if severity == "info" else f"{severity} log line"




def build_timeline(
    evidence: Sequence[Evidence] | Iterable[Evidence],
    *,
    source_kinds: Mapping[str, SourceKind] | None = None,
    roles: Mapping[str, str] | None = None,
    min_repeats: int = 3,
) -> Timeline:
    """The incident's timeline, milestones and metrics, from evidence merged in time order.

    ``source_kinds`` says what produced each source; when absent it is guessed from the name,
    or else from the source's first 25 lines (see ``source_kind_from_lines``), and a source
    guessed to be people's that runs past 20,000 lines is read as a log from there on.
    ``roles`` maps speakers to the role shown in the ``who`` column ("alice" -> "on-call
    engineer"); unmapped speakers are shown as written. One pass, bounded memory: lines are
    never stored, only rows, per-template counts and the first 25 lines of a source whose
    kind is being guessed.
    """
    builder = _Builder(
        source_kinds=dict(source_kinds or {}),
        roles=roles or {},
        counter=ClusterCounter(min_repeats=min_repeats),
    )
    for item in evidence:
        builder.add(item)
    builder.finish()
    events = builder.rows()
    milestones = pick_milestones(events)
    warnings = _build_warnings(builder, events, milestones)
    return Timeline(
        events=events,
        milestones=milestones,
        metrics=compute_metrics(milestones),
        warnings=warnings,
        source_kinds=builder.source_kinds,
        lines_read=builder.read,
        lines_dropped=builder.dropped,
        titles={k: v for k, v in builder.titles.items() if v},
    )








def _build_warnings(
    builder: _Builder, events: list[TimelineEvent], milestones: Milestones
) -> list[Notice]:
    """What the reader of the timeline should know: gaps, fallbacks and limits."""
    notices: list[Notice] = []
    if builder.read and not any(e.time is not None for e in events):
        notices.append(Notice(message="no line carries a time: the timeline cannot be ordered"))
    for name in ("alert", "detection", "communication", "mitigation", "resolution"):
        if getattr(milestones, name) is None:
            notices.append(Notice(message=f"no {name} found in the evidence", source="milestones"))
    alert, detection = milestones.alert, milestones.detection
    if alert is not None and detection is not None and detection.evidence == alert.evidence:
        notices.append(
            Notice(
                message="no acknowledgement or person's detection found: the first alert "
                "stands in for detection",
                source="milestones",
            )
        )
    if milestones.start is None and milestones.alert is not None:
        notices.append(
            Notice(
                message="no trigger or error before the first alert: start of impact unknown",
                source="milestones",
            )
        )
    notices.extend(metric_warnings(milestones))
    for source in builder.reread_as_log:
        notices.append(
            Notice(
                message=f"read as people's messages at first, but past "
                f"{_GUESSED_PEOPLE_LIMIT:,} lines the rest was read as a log; name the source "
                "kind if that is wrong",
                source=source,
            )
        )
    if builder.counter.overflow:
        notices.append(
            Notice(
                message=f"{builder.counter.overflow:,} log lines had too many distinct templates "
                "to group and were left out of the timeline",
                source="timeline",
            )
        )
    if len(events) > _MANY_ROWS:
        notices.append(
            Notice(
                message=f"the timeline has {len(events):,} rows: consider trimming the logs "
                "to the incident window",
                source="timeline",
            )
        )
    return notices

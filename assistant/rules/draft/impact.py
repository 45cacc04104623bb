"""Impact figures stated in the input: error rates, requests, customers, revenue, durations.

``find_impact_figures`` reads the lines people and alerting tools wrote (notes, chat, alert
exports) and keeps each clause that states a figure of harm, with the evidence lines it came
from. Nothing is computed or estimated here: a figure is only ever a phrase the input contains,
so every one can be checked against its citation. ``impact_from_figures`` sorts them into the
template's impact fields, each with its citation in the text.

Log lines are left out on purpose: ``timeout after 3000ms`` in a log is a symptom, not a
measure of harm, and a log is too noisy to quote as impact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.domain import EvidenceRef, Impact, Milestones, ResponseMetrics, TimelineEvent
from assistant.rules.timeline.sources import SourceKind

FigureKind = Literal[
    "error_rate", "requests", "customers", "revenue", "duration", "latency", "data_loss"
]

_NUM = (
    r"(?:~|about |around |approx\.? |over |more than |under |nearly |roughly )?"
    r"\d[\d,]*(?:\.\d+)?\s?[kKmM]?\b"
)
_ERROR_WORDS = (
    r"(?:error|errors|5xx|4xx|500s|502s|503s|504s|fail\w*|timeout\w*|success|availability"
    r"|drop\w*|loss|packet)"
)
_PATTERNS: tuple[tuple[FigureKind, re.Pattern[str]], ...] = (
    (
        "data_loss",
        re.compile(
            r"\bdata loss\b|\blost\s+" + _NUM + r"\s*(?:\w+\s){0,2}?(?:orders|records|rows|events"
            r"|messages|files|writes|transactions)\b|\b(?:orders|records|rows|events|messages"
            r"|writes)\s+(?:were\s+|was\s+)?(?:lost|deleted|dropped|corrupted)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "revenue",
        re.compile(
            r"[$€£]\s?\d[\d,]*(?:\.\d+)?\s?[kKmM]?\b|\b\d[\d,]*(?:\.\d+)?\s?[kKmM]?\s?(?:USD|EUR|GBP"
            r"|dollars|euros|pounds)\b|\b(?:revenue|lost sales|refunds?)\b[^.;]{0,40}?\d",
            re.IGNORECASE,
        ),
    ),
    (
        "customers",
        re.compile(
            r"\b" + _NUM + r"\s*(?:\w+\s)?(?:customers|users|merchants|accounts|tenants|clients"
            r"|sellers|buyers|subscribers|shoppers|stores)\b"
            r"|\b(?:some|all|many|most|several|a few|every)\s+(?:\w+\s)?(?:customers|users"
            r"|merchants|tenants|clients|subscribers)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "requests",
        re.compile(
            r"\b" + _NUM + r"\s*(?:\w+\s)?(?:requests|calls|transactions|orders|payments"
            r"|checkouts|jobs|messages|emails|api calls|logins|sign-?ins|bookings)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "error_rate",
        re.compile(
            r"\b" + _ERROR_WORDS + r"\b[^.;,]{0,40}?\d+(?:\.\d+)?\s?%|\d+(?:\.\d+)?\s?%"
            r"[^.;,]{0,30}?\b" + _ERROR_WORDS + r"\b|\d+(?:\.\d+)?\s?%\s+of\s+\w+",
            re.IGNORECASE,
        ),
    ),
    (
        "latency",
        re.compile(
            r"\b(?:latency|p9\d|p50|response time|slow\w*)\b[^.;,]{0,30}?\d+(?:\.\d+)?\s?"
            r"(?:ms|s|sec|seconds)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "duration",
        re.compile(
            r"\b(?:for|over|lasted|lasting|took|down for|outage of)\s+(?:about |around |~)?"
            r"\d+(?:\.\d+)?\s?(?:min|mins|minutes|h|hr|hrs|hours|days)\b",
            re.IGNORECASE,
        ),
    ),
)
_CLAUSE_SPLIT = re.compile(r"(?<=[.;!?])\s+|,\s+|\s+-\s+|\s*\|\s*")
_LEAD = re.compile(
    r"^(?:[-*+]\s+|\d{1,2}:\d{2}(?::\d{2})?\s*(?:UTC|Z)?\s*[-:]?\s*)+", re.IGNORECASE
)
_PUBLIC = re.compile(
    r"\bstatus ?page\b|\btweet\w*|\bpublic\b|\bpress\b|\bsocial media\b|\bcustomers?\b|\bemail\w* "
    r"(?:to )?(?:all )?(?:customers|users)\b",
    re.IGNORECASE,
)
_SOURCES_READ: frozenset[SourceKind] = frozenset({"notes", "chat", "alerts"})
_MAX_PHRASE = 160


@dataclass(frozen=True)
class ImpactFigure:
    """One stated figure of harm: its kind, the figure, the clause it sits in, and its lines."""

    kind: FigureKind
    value: str
    phrase: str
    refs: tuple[EvidenceRef, ...]


def _clauses(text: str) -> list[str]:
    """The clauses of one line, without list markers and leading clock times."""
    parts = (_LEAD.sub("", part).strip().rstrip(";,") for part in _CLAUSE_SPLIT.split(text))
    return [part for part in parts if part]


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_PHRASE else text[: _MAX_PHRASE - 3].rstrip() + "..."


def figures_in_text(text: str) -> list[tuple[FigureKind, str, str]]:
    """``(kind, figure, clause)`` for each figure of harm in one line of text, in order.

    One figure per kind per clause; a stretch of text claimed by an earlier kind (revenue,
    customers) is not read again as a later one (requests), so "$12,000 in 340 orders" gives
    revenue and requests once each.
    """
    found: list[tuple[FigureKind, str, str]] = []
    for clause in _clauses(text):
        taken: list[tuple[int, int]] = []
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(clause):
                start, end = match.span()
                if any(start < b and a < end for a, b in taken):
                    continue
                taken.append((start, end))
                found.append((kind, match.group(0).strip(), _shorten(clause)))
                break
    return found


def find_impact_figures(
    events: Iterable[TimelineEvent], source_kinds: Mapping[str, SourceKind]
) -> list[ImpactFigure]:
    """Figures of harm stated in people's and alerting tools' rows, deduplicated, in time order.

    The same clause stated twice (the alert and the notes quoting it) is one figure citing both
    lines. Rows of unknown sources count as people's.
    """
    merged: dict[tuple[FigureKind, str], ImpactFigure] = {}
    for event in events:
        if event.count > 1 or event.kind == "resolution":
            continue
        kinds = {source_kinds.get(ref.source, "notes") for ref in event.evidence}
        if not kinds & _SOURCES_READ:
            continue
        for kind, value, phrase in figures_in_text(event.what):
            key = (kind, _normal(phrase))
            previous = merged.get(key)
            if previous is not None:
                refs = tuple(dict.fromkeys(previous.refs + event.evidence))
                merged[key] = ImpactFigure(kind, previous.value, previous.phrase, refs)
            else:
                merged[key] = ImpactFigure(kind, value, _TOOL_LEAD.sub("", phrase), event.evidence)
    return list(merged.values())


_TOOL_LEAD = re.compile(
    r"^\W*(?:[\w ]{0,20}\b(?:alert|alarm|page)|triggered|firing|alerting)\s*:\s*", re.IGNORECASE
)


def _normal(text: str) -> str:
    """A clause compared without case, punctuation runs or tool prefixes."""
    return re.sub(r"\W+", " ", _TOOL_LEAD.sub("", text).lower()).strip()


def cite(refs: Sequence[EvidenceRef]) -> str:
    """``(notes.md:4; alerts.csv:2)``: the citation appended to a figure."""
    return "(" + "; ".join(f"{ref.source}:{ref.line}" for ref in refs) + ")"


def _cited(figure: ImpactFigure) -> str:
    return f"{figure.phrase} {cite(figure.refs)}"


def _joined(figures: Sequence[ImpactFigure]) -> str | None:
    return "; ".join(_cited(f) for f in figures) or None


def duration_statement(milestones: Milestones, metrics: ResponseMetrics) -> str | None:
    """``45.2 min, 14:05 to 14:50:11 UTC, from the start of impact to the resolution (...)``.

    Measured from the first alert when the start of impact is unknown (and it says so); None
    without a resolution time.
    """
    end = milestones.resolution
    if end is None or end.time is None:
        return None
    start, since = milestones.start, "the start of impact"
    if start is None and milestones.alert is not None and milestones.alert.time is not None:
        start, since = milestones.alert.time, "the first alert"
    if start is None:
        return None
    minutes = metrics.total_minutes
    if minutes is None or since == "the first alert":
        minutes = (end.time - start).total_seconds() / 60
    return (
        f"{_minutes(minutes)} min, {_clock(start)} to {_clock(end.time)} UTC, from {since} to "
        f"the resolution {cite(end.evidence)}"
    )


def _clock(value: dt.datetime) -> str:
    utc = value.astimezone(dt.UTC)
    return utc.strftime("%H:%M:%S") if utc.second else utc.strftime("%H:%M")


def _minutes(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def reputation_statement(milestones: Milestones) -> str | None:
    """The public communication, when the first one was public (status page, customers)."""
    comm = milestones.communication
    if comm is None or not _PUBLIC.search(comm.what):
        return None
    when = f" at {_clock(comm.time)} UTC" if comm.time else ""
    return f"public communication{when}: {_shorten(comm.what)} {cite(comm.evidence)}"


def impact_from_figures(
    figures: Sequence[ImpactFigure], milestones: Milestones, metrics: ResponseMetrics
) -> Impact:
    """The impact section from stated figures; every field cites its lines, none is guessed."""
    by_kind: dict[FigureKind, list[ImpactFigure]] = {}
    for figure in figures:
        by_kind.setdefault(figure.kind, []).append(figure)
    listed: tuple[FigureKind, ...] = ("error_rate", "requests", "latency", "duration")
    other = [_cited(f) for kind in listed for f in by_kind.get(kind, [])]
    return Impact(
        customers_affected=_joined(by_kind.get("customers", [])),
        duration=duration_statement(milestones, metrics),
        revenue=_joined(by_kind.get("revenue", [])),
        reputation=reputation_statement(milestones),
        data_loss=_joined(by_kind.get("data_loss", [])),
        other=tuple(dict.fromkeys(other)),
    )


def impact_line(figures: Sequence[ImpactFigure], metrics: ResponseMetrics) -> str | None:
    """The one-line header summary: the duration and the first two stated figures."""
    parts: list[str] = []
    if metrics.total_minutes is not None:
        parts.append(f"{_minutes(metrics.total_minutes)} min")
    preferred: tuple[FigureKind, ...] = (
        "customers", "error_rate", "revenue", "data_loss", "requests", "latency"
    )
    ranked = sorted(
        (f for f in figures if f.kind in preferred), key=lambda f: preferred.index(f.kind)
    )
    parts += [f.value for f in ranked[:2]]
    return "; ".join(parts) or None

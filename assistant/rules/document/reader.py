"""Read a postmortem written by a person (or rendered by us and edited) back into the model.

Tolerant by design: headings of any level and wording (``split_sections`` maps them to template
keys), header fields as ``**Key:** value`` or ``Key: value`` lines or bullets, inline labelled
sections (``**Root Causes:** ...``), tables or bullets for lists, timelines as tables, bullets or
lines. The 5 Whys and the action items written in the template's own shape are read exactly;
any other shape goes through ``parse_why_chain`` and ``parse_action_items``.

Nothing is lost: text that fits no field is kept under Appendices (evidence excerpts) and a
``Notice`` says where it came from. Every section read from the document has provenance
``input``. Severity words and scales are mapped as documented in ``fields.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from assistant.domain import (
    SECTION_KEYS,
    Appendices,
    Impact,
    Origin,
    Postmortem,
    PreventiveMeasures,
    ResponseMetrics,
    Severity,
)
from assistant.rules.document.actions import read_action_section
from assistant.rules.document.fields import (
    is_placeholder,
    parse_date,
    parse_severity,
    parse_time,
    parse_time_range,
)
from assistant.rules.document.headings import Section, classify_heading, split_sections
from assistant.rules.document.parts import (
    Part,
    join_text,
    read_appendices,
    read_impact,
    read_metrics,
    read_preventive,
    read_root_cause,
    read_warnings,
    section_items,
    strip_comments,
)
from assistant.rules.document.tables import (
    Block,
    normalize_label,
    split_blocks,
    split_key_value,
    strip_emphasis,
    unescape_markdown,
)
from assistant.rules.document.timeline import (
    PLACEHOLDER,
    ReadContext,
    TimelineRead,
    read_conflicts_body,
    read_milestones_body,
    read_timeline_body,
)

_TITLE_PREFIX = re.compile(
    r"^(?:incident\s+)?(?:post[\s-]?mortem|post[\s-]?incident\s+review|incident\s+report|pir)"
    r"(?:\s+report)?\s*(?:[:\-–—]\s*|$)",
    re.IGNORECASE,
)
_TITLE_SUFFIX = re.compile(r"\s*[:\-–—]?\s*\bpost[\s-]?mortem(\s+report)?\s*$", re.IGNORECASE)
_TITLE_NUMBER = re.compile(r"\s*\(\s*incident\s*(?:#|no\.?|number)?\s*(?P<id>[\w-]+)\s*\)\s*", re.I)
_INCIDENT_KEY = re.compile(r"\b[A-Z][A-Z0-9]{1,9}-\d{1,7}\b")
_HEADER_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("incident_id", re.compile(
        r"^(incident( id| #| no| number| key| ref| reference)?|id|ticket|jira|reference|ref|case"
        r"|incident ticket)$"
    )),
    ("title", re.compile(r"^(title|name|incident (title|name)|subject)$")),
    ("date", re.compile(r"^(date|incident date|date of incident|day|occurred( on)?)$")),
    ("duration", re.compile(
        r"^(duration|incident duration|time window|window|period|timeframe|time frame"
        r"|outage window|impact window)$"
    )),
    ("start", re.compile(r"^(start|start time|started|began|impact start|incident start)$")),
    ("end", re.compile(r"^(end|end time|ended|impact end|incident end|resolved( at)?)$")),
    ("severity", re.compile(
        r"^(severity|sev|incident severity|severity level|level|priority|incident priority)$"
    )),
    ("impact_line", re.compile(
        r"^(impact|customer impact|user impact|impact summary|business impact)$"
    )),
)  # fmt: skip

@dataclass
class _Header:
    """Header fields as written (raw values) and their lines."""

    values: dict[str, tuple[str, int]] = field(default_factory=dict)
    title: str | None = None
    number: str | None = None
    """An incident number written in the title (``(incident #465)``)."""


def _is_title(section: Section, first: bool, level_ones: int) -> bool:
    """True for the first heading when it is a level-1 title rather than a section."""
    return first and section.level == 1 and (
        level_ones == 1 or classify_heading(section.heading) is None
    )


def _assign_keys(sections: list[Section]) -> list[Part]:
    """Sections with this reader's keys: ``header``, template keys, ``warnings`` or ``other``."""
    level_ones = sum(1 for s in sections if s.level == 1)
    parts: list[Part] = []
    for section in sections:
        first = not any(p.key != "header" for p in parts) and not any(
            p.level >= 1 for p in parts
        )
        if section.key == "preamble" or _is_title(section, first, level_ones):
            key = "header"
        elif normalize_label(section.heading) in ("warnings", "notices", "warning"):
            key = "warnings"
        else:
            key = classify_heading(section.heading) or _parent_key(parts, section.level)
        parts.append(
            Part(key, section.heading, section.level, section.start_line, section.body,
                  section.body_start_line)
        )
    return parts


def _parent_key(parts: list[Part], level: int) -> str:
    """The key of the enclosing section, for a heading whose wording names none."""
    parent = next((p for p in reversed(parts) if 0 < p.level < level), None)
    if parent is None or parent.key in ("header", "warnings"):
        return "other"
    return parent.key


# --- header ---------------------------------------------------------------------------------


def _header_field(key: str) -> str | None:
    """The header field a label names (``Incident #`` -> incident_id), or None."""
    label = normalize_label(key)
    return next((name for name, pattern in _HEADER_FIELDS if pattern.match(label)), None)


def _title_from_heading(heading: str) -> tuple[str | None, str | None]:
    """Title and incident number of ``# Checkout outage postmortem (incident #465)``."""
    text = unescape_markdown(strip_emphasis(heading)).strip()
    number = _TITLE_NUMBER.search(text)
    if number is not None:
        text = (text[: number.start()] + " " + text[number.end() :]).strip()
    text = _TITLE_PREFIX.sub("", text, count=1).strip()
    text = _TITLE_SUFFIX.sub("", text).strip()
    return text or None, number.group("id") if number else None


def _read_header(parts: list[Part], ctx: ReadContext, extra: list[Part]) -> _Header:
    """Header fields; labelled lines naming a section become extra parts of that section."""
    header = _Header()
    for part in parts:
        if part.level >= 1:
            header.title, header.number = _title_from_heading(part.heading)
        entries: list[tuple[str, str, int]] = []
        prose: list[tuple[str, int]] = []
        for block in split_blocks(strip_comments(part.body), first_line=part.body_line):
            _header_block(block, entries, prose, ctx)
        for key, value, line in entries:
            _route_entry(key, value, line, header, ctx, extra)
        if prose:
            text = "\n".join(line for line, _ in prose)
            extra.append(Part("summary", "", 0, prose[0][1], text, prose[0][1]))
    return header


def _header_block(
    block: Block, entries: list[tuple[str, str, int]], prose: list[tuple[str, int]],
    ctx: ReadContext,
) -> None:
    """Collect key-value entries and prose lines of one header block."""
    if block.kind == "list":
        for item in block.items:
            pair = split_key_value(item.text)
            if pair:
                entries.append((pair[0], pair[1], item.line))
            else:
                prose.append((item.text, item.line))
    elif block.kind == "paragraph":
        for number, line in enumerate(block.text.split("\n")):
            pair = split_key_value(line)
            if pair:
                entries.append((pair[0], pair[1], block.line + number))
            elif entries and entries[-1][2] >= block.line:
                key, value, at = entries[-1]
                entries[-1] = (key, f"{value}\n{line}", at)
            else:
                prose.append((line, block.line + number))
    elif block.kind == "table" and block.table is not None:
        for row in block.table.rows:
            if len(row.cells) == 2:
                entries.append((strip_emphasis(row.cell(0)), row.cells[1], row.line))
            else:
                ctx.keep(" | ".join(row.cells), row.line, "header table row not understood")
    elif block.kind == "code":
        ctx.keep(block.text, block.line, "code block before the first section")


def _route_entry(
    key: str, value: str, line: int, header: _Header, ctx: ReadContext, extra: list[Part]
) -> None:
    """Put one ``Key: value`` of the header where it belongs."""
    name = _header_field(key)
    if name is not None and name not in header.values:
        header.values[name] = (value, line)
        return
    section = classify_heading(key)
    if section is not None:
        extra.append(Part(section, key, 0, line, value, line))
        return
    why = f"header field '{key}' has no template field"
    ctx.keep(f"{key}: {unescape_markdown(value)}", line, why)


def _plain(value: str | None) -> str | None:
    """Unescaped value, None for placeholders."""
    if value is None or value.strip() == PLACEHOLDER:
        return None
    text = unescape_markdown(value).strip()
    return None if is_placeholder(text) else text


@dataclass
class _HeaderValues:
    """Header fields with their types, ready for the Postmortem."""
    incident_id: str | None = None
    title: str | None = None
    date: dt.date | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    severity: Severity | None = None
    impact_line: str | None = None
    duration_text: str | None = None


def _header_values(header: _Header, ctx: ReadContext) -> _HeaderValues:
    """Typed header fields; values that do not parse are kept and noted."""
    raw = {name: _plain(value) for name, (value, _) in header.values.items()}
    lines = {name: line for name, (_, line) in header.values.items()}
    out = _HeaderValues(
        incident_id=raw.get("incident_id") or header.number, impact_line=raw.get("impact_line")
    )
    out.title = raw.get("title") or header.title
    if out.incident_id is None and out.title:
        found = _INCIDENT_KEY.search(out.title)
        if found and out.title.startswith(found.group(0)):
            out.incident_id = found.group(0)
            out.title = out.title[found.end() :].lstrip(" :-–—") or None
    if raw.get("date"):
        out.date = parse_date(raw["date"] or "")
        if out.date is None:
            ctx.keep(f"Date: {raw['date']}", lines["date"], "date not understood")
    if raw.get("severity"):
        out.severity = parse_severity(raw["severity"] or "")
        if out.severity is None:
            ctx.keep(f"Severity: {raw['severity']}", lines["severity"], "severity not understood")
    _header_times(raw, lines, out, ctx)
    return out


def _header_times(
    raw: dict[str, str | None], lines: dict[str, int], out: _HeaderValues, ctx: ReadContext
) -> None:
    """Start and end from a Duration range or Start/End fields; date from start."""
    date = out.date
    duration = raw.get("duration")
    if duration:
        span = parse_time_range(duration, default_tz=ctx.tz, default_date=date)
        if span is not None:
            out.start, out.end = span
        else:
            out.duration_text = duration
    for name in ("start", "end"):
        text = raw.get(name)
        if text:
            parsed = parse_time(text, default_tz=ctx.tz, default_date=out.date)
            if parsed is None:
                ctx.keep(f"{name.title()}: {text}", lines[name], f"{name} time not understood")
            else:
                setattr(out, name, parsed.time)
    if out.date is None and out.start is not None:
        out.date = out.start.astimezone(dt.UTC).date()


# --- the document ---------------------------------------------------------------------------


def _by_key(parts: list[Part], key: str) -> list[Part]:
    """The parts filed under ``key``, in document order."""
    return [p for p in parts if p.key == key]


def _timeline(parts: list[Part], ctx: ReadContext) -> TimelineRead:
    """The Timeline section and its Milestones and Milestone conflicts sub-sections."""
    read = TimelineRead()
    for part in parts:
        label = normalize_label(part.heading)
        body = strip_comments(part.body)
        if label in ("milestones", "key milestones"):
            read_milestones_body(body, part.body_line, ctx, read)
        elif label in ("milestone conflicts", "conflicts"):
            read_conflicts_body(body, part.body_line, ctx, read)
        else:
            read_timeline_body(body, part.body_line, ctx, read)
    return read


def _provenance(pm: Postmortem) -> dict[str, Origin]:
    """``input`` for every template section the document filled in."""
    filled = {
        "summary": bool(pm.summary),
        "timeline": bool(pm.timeline) or pm.milestones != type(pm.milestones)(),
        "root_cause": bool(
            pm.root_cause.primary or pm.root_cause.whys or pm.root_cause.contributing_factors
        ),
        "proximate_vs_root": bool(pm.root_cause.proximate_causes),
        "impact": pm.impact != Impact(),
        "detection_response": pm.metrics.model_copy(update={"total_minutes": None})
        != ResponseMetrics(),
        "went_well": bool(pm.went_well),
        "could_be_better": bool(pm.could_be_better),
        "action_items": bool(pm.action_items),
        "preventive_measures": pm.preventive_measures != PreventiveMeasures(),
        "appendices": pm.appendices != Appendices(),
    }
    return {key: "input" for key in SECTION_KEYS if filled[key]}


def read_postmortem(text: str, *, source: str = "-") -> Postmortem:
    """The postmortem written in ``text`` (Markdown of any common style) as the model.

    ``source`` names the document in evidence references and notices: a timeline row read
    from it cites ``EvidenceRef(source, line)`` unless it names its own evidence.
    """
    parts = _assign_keys(split_sections(text))
    ctx = ReadContext(source=source, date=None)
    extra: list[Part] = []
    header = _header_values(_read_header(_by_key(parts, "header"), ctx, extra), ctx)
    ctx.date = header.date
    parts = [p for p in parts if p.key != "header"] + extra
    timeline = _timeline(_by_key(parts, "timeline"), ctx)
    impact = read_impact(_by_key(parts, "impact"))
    if header.duration_text and impact.duration is None:
        impact = impact.model_copy(update={"duration": header.duration_text})
    root_cause = read_root_cause(
        _by_key(parts, "root_cause"), _by_key(parts, "whys"), _by_key(parts, "contributing_factors")
    )
    proximate = tuple(section_items(_by_key(parts, "proximate_vs_root")))
    root_cause = root_cause.model_copy(update={"proximate_causes": proximate})
    action_items = read_action_section(_by_key(parts, "action_items"), ctx)
    for part in _by_key(parts, "other"):
        title = f"{part.heading}\n" if part.heading else ""
        body = strip_comments(part.body).strip("\n")
        ctx.keep(title + unescape_markdown(body), part.line,
                 f"section '{part.heading}' matches no template section")  # fmt: skip
    pm = Postmortem(
        incident_id=header.incident_id,
        title=header.title,
        date=header.date,
        start=header.start,
        end=header.end,
        impact_line=header.impact_line,
        severity=header.severity,
        summary=join_text(_by_key(parts, "summary")),
        timeline=timeline.events,
        milestones=timeline.build_milestones(),
        metrics=read_metrics(_by_key(parts, "detection_response"), timeline.total_minutes),
        root_cause=root_cause,
        impact=impact,
        went_well=section_items(_by_key(parts, "went_well")),
        could_be_better=section_items(_by_key(parts, "could_be_better")),
        action_items=action_items,
        preventive_measures=read_preventive(_by_key(parts, "preventive_measures")),
        appendices=read_appendices(_by_key(parts, "appendices"), ctx),
        warnings=read_warnings(_by_key(parts, "warnings")) + ctx.notices,
    )
    pm.provenance = _provenance(pm)
    return pm

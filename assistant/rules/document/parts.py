"""Readers of the template's sections in a written postmortem, one function per section.

Shared by ``document.py`` (which splits the document and reads the header and timeline) and
``document_actions.py``. Each reader takes the ``Part``s filed under its key and returns the
domain value; lists accept bullets, paragraphs, table rows or code blocks, one item each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.domain import (
    Appendices,
    CauseCategory,
    ContributingFactor,
    Impact,
    Notice,
    PreventiveMeasures,
    ResponseMetrics,
    RootCauseAnalysis,
    WhyStep,
)
from assistant.rules.document.fields import parse_minutes
from assistant.rules.document.tables import (
    Block,
    TableRow,
    normalize_label,
    split_blocks,
    split_key_value,
    unescape_markdown,
)
from assistant.rules.document.timeline import PLACEHOLDER, ReadContext
from assistant.rules.whys.chain import parse_why_chain

_WARNING = re.compile(
    r"^\*\*(?P<source>(?:\\.|[^*\\\n])+?):\*\*\s+(?P<message>.*)$", re.S
)
_HYPOTHESIS = re.compile(
    r"\s*[(\[](hypothesis|unconfirmed|to be confirmed|tbc|suspected|needs confirmation)[)\]]"
    r"\.?\s*$",
    re.IGNORECASE,
)
_CANONICAL_WHY = re.compile(r"^(?:\*\*|__)Why:(?:\*\*|__)\s*(?P<q>.*?)\n(?:\*\*|__)Answer:"
                            r"(?:\*\*|__)\s*(?P<a>.*)$", re.S)  # fmt: skip
_WHYISH = re.compile(r"^\W*why\b", re.IGNORECASE)
_CATEGORY_WORDS: tuple[tuple[CauseCategory, re.Pattern[str]], ...] = (
    ("human_error", re.compile(r"^human error$")),
    ("proximate_technical", re.compile(r"^proximate( technical)?( cause)?$")),
    ("process", re.compile(r"^process( failure| gap)?s?$")),
    ("monitoring", re.compile(r"^(monitoring|alerting|observability)( gaps?| and alerting)?$")),
    ("communication", re.compile(r"^communication( breakdown| gap)?s?$")),
    ("knowledge", re.compile(r"^(knowledge|training|documentation)( gaps?)?$")),
    ("tooling", re.compile(r"^(tooling|tools?)( limitations?| gaps?)?$")),
    ("architecture", re.compile(r"^(architecture|architectural weakness(es)?|design)$")),
    ("capacity", re.compile(r"^capacity( planning)?$")),
    ("dependency", re.compile(r"^(dependency|dependencies|third party|vendor)$")),
    ("configuration", re.compile(r"^(configuration|config)$")),
    ("deployment", re.compile(r"^(deployment|deploy|release|rollout)$")),
    ("unknown", re.compile(r"^unknown$")),
)
_IMPACT_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("customers_affected", re.compile(
        r"^customers affected$|customer|users?\b|tenants?|merchants?|accounts? affected|who was"
    )),
    ("duration", re.compile(r"^duration$|how long|^length|impact duration")),
    ("revenue", re.compile(r"^revenue$|revenue|financial|cost|sales|money")),
    ("reputation", re.compile(r"^reputation$|reputation|brand|press|social|trust")),
    ("data_loss", re.compile(r"^data loss$|data (loss|lost|integrity|corruption)")),
)  # fmt: skip
_METRIC_FIELDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("minutes_to_detect", re.compile(r"detect|^mttd$|^ttd$")),
    ("minutes_to_mitigate", re.compile(r"mitigat|^mttm$|^ttm$")),
    ("minutes_to_resolve", re.compile(r"recover|resol|restor|^mttr$|^ttr$")),
    ("total_minutes", re.compile(r"^total( duration)?$")),
    ("response_quality", re.compile(r"^response quality$|^quality$")),
)
_PREVENTIVE_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("monitoring", re.compile(r"monitor|alert|observab|dashboard|metric|slo\b|detect|page")),
    ("automation", re.compile(r"automat|script|tool|pipeline|\bci\b|\bcd\b|bot\b|guardrail")),
    ("documentation", re.compile(r"document|training|runbook|playbook|wiki|docs?\b|knowledge")),
    ("organizational", re.compile(r"organi[sz]ation|team|staff|hiring|ownership|on-?call rot")),
    ("process", re.compile(r"process|review|approval|policy|procedure|checklist|change")),
)

@dataclass
class Part:
    """A section of the document with the key this reader gives it."""

    key: str
    heading: str
    level: int
    line: int
    body: str
    body_line: int


def strip_comments(body: str) -> str:
    """The body without ``<!-- ... -->`` lines (provenance notes)."""
    return "\n".join(line for line in body.split("\n") if not re.match(r"^\s*<!--.*-->\s*$", line))


def text_value(value: str) -> str | None:
    """Unescaped text of a free-text field, None only for the template placeholder or nothing."""
    if value.strip() == PLACEHOLDER:
        return None
    return unescape_markdown(value).strip("\n").strip() or None


def body_blocks(parts: list[Part]) -> list[Block]:
    """The blocks of these parts' bodies, without comments and to-fill placeholders."""
    blocks: list[Block] = []
    for part in parts:
        blocks += split_blocks(strip_comments(part.body), first_line=part.body_line)
    return [b for b in blocks if b.kind != "comment" and b.text.strip() != PLACEHOLDER]


def join_text(parts: list[Part]) -> str | None:
    """The bodies as one free text (paragraphs joined by a blank line), or None."""
    texts = [text_value(strip_comments(p.body).strip("\n")) for p in parts]
    joined = "\n\n".join(t for t in texts if t)
    return joined or None


def section_items(parts: list[Part]) -> list[str]:
    """One string per list item, paragraph, table row or code block."""
    items: list[str] = []
    for block in body_blocks(parts):
        if block.kind == "list":
            items += [unescape_markdown(item.text).strip() for item in block.items]
        elif block.kind == "table" and block.table is not None:
            items += [_row_text(block.table.header, row) for row in block.table.rows]
        elif block.kind == "code":
            items.append(block.text)
        else:
            items.append(unescape_markdown(block.text).strip())
    return [item for item in items if item]


def _row_text(header: tuple[str, ...], row: TableRow) -> str:
    """One table row as text, ``Header: cell`` pairs when the header fits."""
    cells = [row.cell(i) for i in range(len(row.cells))]
    if len(header) == len(cells):
        return "; ".join(f"{h}: {c}" for h, c in zip(header, cells, strict=True) if c)
    return " | ".join(cells)


def _category(label: str) -> CauseCategory | None:
    """The cause category a factor's label names (``Monitoring gap`` -> monitoring)."""
    words = normalize_label(label)
    return next((cat for cat, pattern in _CATEGORY_WORDS if pattern.match(words)), None)


def read_factors(parts: list[Part]) -> list[ContributingFactor]:
    """Contributing factors: ``**Category:** text`` items keep their category."""
    factors = []
    for block in body_blocks(parts):
        texts = [i.text for i in block.items] if block.kind == "list" else [block.text]
        for raw in texts:
            pair = split_key_value(raw)
            category = _category(pair[0]) if pair else None
            if pair is not None and category is not None:
                text = unescape_markdown(pair[1])
                factors.append(ContributingFactor(text=text, category=category))
            elif unescape_markdown(raw).strip():
                factors.append(ContributingFactor(text=unescape_markdown(raw).strip()))
    return factors


def _whys(parts: list[Part]) -> list[WhyStep]:
    """The chain: the template's ``**Why:**/**Answer:**`` list exactly, else ``parse_why_chain``."""
    blocks = body_blocks(parts)
    if not blocks:
        return []
    items = [i for b in blocks if b.kind == "list" for i in b.items]
    canonical = [_CANONICAL_WHY.match(i.text) for i in items]
    if items and all(canonical) and all(b.kind == "list" for b in blocks):
        return [_why_step(m.group("q"), m.group("a")) for m in canonical if m]
    text = unescape_markdown("\n".join(b.text for b in blocks))
    return [_mark_hypothesis(step) for step in parse_why_chain(text)]


def _why_step(question: str, answer: str) -> WhyStep:
    """A step of the template's own chain, with its ``(hypothesis)`` mark read."""
    hypothesis = answer.endswith(" (hypothesis)")
    if hypothesis:
        answer = answer[: -len(" (hypothesis)")]
    return WhyStep(
        question=unescape_markdown(question), answer=unescape_markdown(answer),
        hypothesis=hypothesis,
    )


def _mark_hypothesis(step: WhyStep) -> WhyStep:
    """A parsed step whose answer ends with a hypothesis mark, flagged and unmarked."""
    match = _HYPOTHESIS.search(step.answer)
    if match is None:
        return step
    return step.model_copy(update={"answer": step.answer[: match.start()], "hypothesis": True})


def read_root_cause(parts: list[Part], why_parts: list[Part], factor_parts: list[Part]) -> (
    RootCauseAnalysis
):
    """Primary root cause, its category, the whys and the contributing factors.

    Without a whys section, a list of why lines inside the root-cause text is read as the chain;
    anything else in the section is part of the primary cause, so nothing is dropped."""
    primary: list[str] = []
    category: CauseCategory = "unknown"
    why_text: list[Part] = []
    for block in body_blocks(parts):
        pair = split_key_value(block.text) if block.kind == "paragraph" else None
        label = normalize_label(pair[0]) if pair else ""
        if pair and label in ("primary root cause", "root cause", "primary cause"):
            value = text_value(pair[1])
            if value:
                primary.append(value)
        elif pair and label == "category" and _category(unescape_markdown(pair[1])):
            category = _category(unescape_markdown(pair[1])) or "unknown"
        elif block.kind == "list" and sum(bool(_WHYISH.match(i.text)) for i in block.items) >= 2:
            why_text.append(Part("whys", "", 0, block.line, block.text, block.line))
        elif block.kind == "code":
            primary.append(block.text)
        else:
            primary.append(unescape_markdown(block.text).strip())
    whys = _whys(why_parts) if why_parts else _whys(why_text)
    return RootCauseAnalysis(
        primary="\n\n".join(p for p in primary if p) or None,
        category=category,
        whys=tuple(whys),
        contributing_factors=tuple(read_factors(factor_parts)),
    )


def read_impact(parts: list[Part]) -> Impact:
    """Impact fields from labelled items (by label words); the rest goes to ``other``."""
    values: dict[str, str | None] = {}
    other: list[str] = []
    for block in body_blocks(parts):
        texts = [i.text for i in block.items] if block.kind == "list" else [block.text]
        if block.kind == "table" and block.table is not None:
            texts = [f"{r.cell(0)}: {r.cells[1]}" if len(r.cells) == 2 else " | ".join(r.cells)
                     for r in block.table.rows]  # fmt: skip
        for raw in texts:
            pair = split_key_value(raw)
            name = match_field(pair[0], _IMPACT_FIELDS) if pair else None
            if pair is not None and name is not None and name not in values:
                values[name] = text_value(pair[1])
            elif unescape_markdown(raw).strip():
                other.append(unescape_markdown(raw).strip())
    return Impact(**values, other=tuple(other))


def match_field(key: str, table: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
    """The field whose pattern matches a label's words, or None."""
    label = normalize_label(key)
    return next((name for name, pattern in table if pattern.search(label)), None)


def read_metrics(parts: list[Part], total: float | None) -> ResponseMetrics:
    """Detection and response figures in minutes; any other text is response quality."""
    values: dict[str, float | str | None] = {"total_minutes": total}
    quality: list[str] = []
    for block in body_blocks(parts):
        texts = [i.text for i in block.items] if block.kind == "list" else [block.text]
        for raw in texts:
            pair = split_key_value(raw)
            name = match_field(pair[0], _METRIC_FIELDS) if pair else None
            if pair is None or name is None:
                quality.append(unescape_markdown(raw).strip())
            elif name == "response_quality":
                value = text_value(pair[1])
                if value:
                    quality.append(value)
            elif pair[1].strip() != PLACEHOLDER:
                minutes = parse_minutes(unescape_markdown(pair[1]))
                if minutes is None:
                    quality.append(unescape_markdown(raw).strip())
                elif values.get(name) is None:
                    values[name] = minutes
    values["response_quality"] = "\n".join(q for q in quality if q) or None
    return ResponseMetrics(**values)


def read_preventive(parts: list[Part]) -> PreventiveMeasures:
    """Measures in five groups, by sub-heading or, without one, by keywords."""
    groups: dict[str, list[str]] = {name: [] for name, _ in _PREVENTIVE_GROUPS}
    for part in parts:
        label = normalize_label(part.heading)
        named = next((n for n, p in _PREVENTIVE_GROUPS if p.search(label)), None)
        if named == "process" and "prevent" in label:
            named = None
        for item in section_items([part]):
            group = named or next(
                (n for n, p in _PREVENTIVE_GROUPS if p.search(item.lower())), "process"
            )
            groups[group].append(item)
    return PreventiveMeasures(**{name: tuple(items) for name, items in groups.items()})


def read_appendices(parts: list[Part], ctx: ReadContext) -> Appendices:
    """Excerpts (plus text kept from elsewhere) and related incidents."""
    excerpts: list[str] = []
    related: list[str] = []
    for part in parts:
        target = related if "related" in part.heading.lower() else excerpts
        target += section_items([part])
    return Appendices(
        evidence_excerpts=tuple(excerpts + ctx.excerpts), related_incidents=tuple(related)
    )


def read_warnings(parts: list[Part]) -> list[Notice]:
    """The warnings list: ``**source:** message`` or a bare message."""
    notices = []
    for block in body_blocks(parts):
        texts = [i.text for i in block.items] if block.kind == "list" else [block.text]
        for raw in texts:
            match = _WARNING.match(raw.strip())
            if match:
                notices.append(Notice(
                    message=unescape_markdown(match.group("message")),
                    source=unescape_markdown(match.group("source")),
                ))  # fmt: skip
            else:
                notices.append(Notice(message=unescape_markdown(raw).strip()))
    return notices

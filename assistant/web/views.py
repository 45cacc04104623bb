"""Pieces of the web app's pages built from a postmortem or a review: tables, HTML, Markdown.

Pure functions of the domain model (no Gradio, no I/O), so the app's handlers stay thin and the
views are tested without a server. User text is always escaped: HTML with ``html.escape``,
Markdown with the renderer's escapes, so pasted notes can never become markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from assistant.domain import (
    SECTION_KEYS,
    SMART_LETTERS,
    ActionItemReview,
    Finding,
    Postmortem,
    Review,
    SmartScore,
)
from assistant.render.markdown import (
    category_label,
    escape_block,
    escape_cell,
    format_clock,
    format_minutes,
    notice_line,
    table_lines,
    why_lines,
)
from assistant.render.postmortem import needs_dates

TIMELINE_HEADERS = ["Time (UTC)", "Kind", "Who", "What", "Evidence"]
FINDING_HEADERS = ["Line", "Text", "Category", "Suggestion"]
Pieces = list[tuple[str, str | None]]
"""Text cut into runs, each labelled with a blame category or None (plain text)."""
SMART_COLOURS: dict[int | None, tuple[str, str]] = {
    2: ("#dcfce7", "#166534"),
    1: ("#fef3c7", "#92400e"),
    0: ("#fee2e2", "#991b1b"),
    None: ("#e5e7eb", "#374151"),
}
"""Background and text colour of a SMART letter by its value (None: unassessed)."""

SECTION_TITLES: dict[str, str] = {
    "summary": "Incident summary",
    "timeline": "Timeline",
    "root_cause": "Root cause analysis",
    "proximate_vs_root": "Proximate vs root causes",
    "impact": "Impact analysis",
    "detection_response": "Detection and response",
    "went_well": "What went well",
    "could_be_better": "What could be better",
    "action_items": "Action items",
    "preventive_measures": "Preventive measures",
    "appendices": "Appendices",
}


def timeline_rows(pm: Postmortem) -> list[list[str]]:
    """One table row per timeline event: time (UTC), kind, who, what, cited lines."""
    with_date = needs_dates(pm)
    rows = []
    for event in pm.timeline:
        what = event.what if event.count == 1 else f"{event.what} (x{event.count})"
        evidence = ", ".join(f"{ref.source}:{ref.line}" for ref in event.evidence)
        rows.append([
            format_clock(event.time, with_date=with_date) if event.time else "",
            event.kind,
            event.who or "",
            what,
            evidence,
        ])
    return rows


def metrics_markdown(pm: Postmortem) -> str:
    """Header facts, the milestones and the response figures as Markdown."""
    with_date = needs_dates(pm)
    lines = []
    if pm.title:
        lines.append(f"**{escape_block(pm.title)}**")
    facts = [
        ("Severity", pm.severity or "not set"),
        ("Start", format_clock(pm.start, with_date=True) if pm.start else "unknown"),
        ("End", format_clock(pm.end, with_date=True) if pm.end else "unknown"),
    ]
    lines.append(" · ".join(f"{label}: **{value}**" for label, value in facts))
    rows = []
    for name in ("alert", "detection", "communication", "mitigation", "resolution"):
        milestone = getattr(pm.milestones, name)
        if milestone is None:
            rows.append([category_label(name), "not found", ""])
            continue
        rows.append([
            category_label(name),
            format_clock(milestone.time, with_date=with_date),
            escape_cell(milestone.what),
        ])
    lines += ["", *table_lines(["Milestone", "Time (UTC)", "Event"], rows), ""]
    metrics = pm.metrics
    figures = [
        ["Minutes to detect", _minutes(metrics.minutes_to_detect)],
        ["Minutes to start mitigation", _minutes(metrics.minutes_to_mitigate)],
        ["Minutes to resolve", _minutes(metrics.minutes_to_resolve)],
        ["Total duration (minutes)", _minutes(metrics.total_minutes)],
    ]
    lines += table_lines(["Figure", "Value"], figures)
    return "\n".join(lines) + "\n"


def _minutes(value: float | None) -> str:
    return "unknown" if value is None else format_minutes(value)


def notes_markdown(pm: Postmortem, mode: str = "rules only") -> str:
    """Warnings about how the draft was made, and which sections came from rules or the model."""
    lines = [f"**Made with:** {escape_block(mode)}", "", "**Warnings**", ""]
    if pm.warnings:
        lines += [notice_line(notice) for notice in pm.warnings]
    else:
        lines.append("- None.")
    lines += ["", "**Provenance** (where each section came from)", ""]
    rows = [[SECTION_TITLES[key], pm.provenance.get(key, "empty")] for key in SECTION_KEYS]
    lines += table_lines(["Section", "Source"], rows)
    return "\n".join(lines) + "\n"


def _suggestion_cell(finding: Finding) -> str:
    """The rewrite, "(remove)" for a sentence to drop, "(advice only)" when there is none."""
    if finding.suggestion is None:
        return "(advice only)"
    return finding.suggestion or "(remove)"


def finding_rows(findings: Sequence[Finding]) -> list[list[str]]:
    """One table row per blameful passage: where, the words, the category, the suggestion."""
    return [
        [f"{f.line}:{f.column}", f.text, category_label(f.category), _suggestion_cell(f)]
        for f in findings
    ]


def highlight_findings(text: str, findings: Sequence[Finding]) -> Pieces:
    """``text`` cut into plain runs and blameful spans labelled by category, for display.

    Every character of ``text`` is kept, in order; a finding that overlaps an earlier one is
    skipped so no character is shown twice.
    """
    pieces: Pieces = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            continue
        if finding.start > cursor:
            pieces.append((text[cursor:finding.start], None))
        pieces.append((text[finding.start:finding.end], finding.category))
        cursor = finding.end
    if cursor < len(text):
        pieces.append((text[cursor:], None))
    return pieces


def finding_choice(index: int, finding: Finding) -> str:
    """A short label naming one finding in a picker (index first, so labels stay unique)."""
    words = " ".join(finding.text.split())
    if len(words) > 60:
        words = words[:57] + "..."
    return f"{index + 1}. line {finding.line}: {words} ({category_label(finding.category)})"


def whys_verdict(review: Review) -> str:
    """One sentence on how deep the 5 Whys chain goes."""
    whys = review.whys
    if not whys.chain:
        return "No 5 Whys chain found."
    if whys.stops_at_human_error:
        return "Stops at human error: ask why the system allowed it."
    if whys.stops_at_proximate_cause:
        return "Stops at the proximate (technical) cause: ask why it was possible."
    return f"Reaches a systemic cause ({category_label(whys.final_cause_category)})."


def whys_markdown(review: Review) -> str:
    """The verdict, the chain as written and the proposed next Why steps."""
    whys = review.whys
    lines = [f"**Verdict:** {whys_verdict(review)}", ""]
    if whys.explanation:
        lines += [escape_block(whys.explanation), ""]
    if whys.chain:
        lines += ["**Chain as written**", "", *why_lines(whys.chain), ""]
    if whys.proposed_whys:
        lines += [f"**Proposed next whys** (from {whys.origin})", "",
                  *why_lines(whys.proposed_whys), ""]
    if whys.factor_suggestion:
        lines += [f"**Contributing factors:** {escape_block(whys.factor_suggestion)}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _letter_cell(letter: str, name: str, score: SmartScore) -> str:
    value = getattr(score, name)
    background, colour = SMART_COLOURS.get(value, SMART_COLOURS[None])
    shown = "?" if value is None else str(value)
    reason = escape(score.reasons.get(name, ""), quote=True)
    return (
        f'<td class="smart smart-{shown}" title="{reason}" style="background:{background};'
        f'color:{colour};text-align:center;font-weight:bold">{letter}{shown}</td>'
    )


def _action_row(entry: ActionItemReview) -> str:
    item = entry.item
    what = f"{item.key}: {item.what}" if item.key else item.what
    issues = list(entry.issues) + [f"blameful: {f.text}" for f in entry.blame]
    total = entry.smart.total
    cells = [
        f"<td>{escape(what)}</td>",
        f"<td>{escape(item.owner or 'missing')}</td>",
        f"<td>{item.due.isoformat() if item.due else 'missing'}</td>",
        *(_letter_cell(letter, name, entry.smart) for letter, name in SMART_LETTERS),
        f"<td>{'?' if total is None else total}/10</td>",
        f"<td>{'<br>'.join(escape(issue) for issue in issues)}</td>",
        f"<td>{escape(entry.suggestion or '')}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"


def actions_html(review: Review) -> str:
    """Action items as an HTML table with colour-coded SMART letters and suggested rewrites.

    Green is met (2), amber partial (1), red missing (0), grey unassessed; hovering a letter
    shows the reason for its value.
    """
    if not review.action_items:
        return '<p class="no-actions">No action items found.</p>'
    header = ["What", "Owner", "Due", *(letter for letter, _ in SMART_LETTERS), "SMART",
              "Issues", "Suggested rewrite"]
    head = "".join(f"<th>{label}</th>" for label in header)
    body = "".join(_action_row(entry) for entry in review.action_items)
    return (
        '<div class="table-scroll" style="overflow-x:auto">'
        f'<table class="smart-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        "</div>"
    )


def completeness_markdown(review: Review) -> str:
    """A checklist of the template's sections (present or missing) and consistency problems."""
    done = review.completeness
    lines = [f"**{round(done.ratio * 100)}%** of the template's sections are filled in.", ""]
    present = set(done.present)
    for key in SECTION_KEYS:
        mark = "\u2713" if key in present else "\u2717"
        missing = "" if key in present else " (missing)"
        lines.append(f"- {mark} {SECTION_TITLES[key]}{missing}")
    if done.problems:
        lines += ["", "**Problems**", ""]
        lines += [f"- {escape_block(problem, indent='  ')}" for problem in done.problems]
    return "\n".join(lines) + "\n"


def score_html(review: Review) -> str:
    """The overall score as a large figure, coloured by band (red < 50 <= amber < 80 <= green)."""
    score = review.score
    colour = "#166534" if score >= 80 else "#92400e" if score >= 50 else "#991b1b"
    return (
        f'<div class="score" style="font-size:2.2em;font-weight:bold;color:{colour}">'
        f'{score}<span style="font-size:0.5em;color:#6b7280">/100</span></div>'
        f'<div style="color:#6b7280">{len(review.blame)} blameful passage(s) · '
        f"{len(review.action_items)} action item(s)</div>"
    )

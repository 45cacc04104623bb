"""Markdown and terminal text of a review, and one-line lint output.

The review Markdown mirrors the review's parts (blamelessness, root-cause depth, SMART action
items, completeness); each part's provenance is an HTML comment after its heading.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.domain import ActionItemReview, Finding, Review, ScorePart, SmartScore
from assistant.render.markdown import (
    category_label,
    cell_join,
    collapse_notices,
    escape_block,
    escape_cell,
    format_smart,
    table_lines,
    why_lines,
)


def _part_line(part: ScorePart, *, markdown: bool) -> str:
    """``causal_depth 18/25: earned ...; lost ...`` for one part of the score."""
    points = f"{part.points:g}/{part.out_of:g}"
    said = []
    if part.earned:
        said.append("+ " + "; ".join(part.earned))
    if part.lost:
        said.append("- " + "; ".join(part.lost))
    name = part.name.replace("_", " ")
    if markdown:
        return f"- **{name}** {points}: {escape_block(' '.join(said))}"
    return f"  {name:<14} {points:>7}  {' '.join(said)}"


def one_line(text: str) -> str:
    """Text on one line, whitespace collapsed (terminal and lint output)."""
    return " ".join(text.split())


def findings_text(path: str, findings: Sequence[Finding]) -> str:
    """Lint output: ``path:line:col: severity category: message [suggestion: ...]`` per line."""
    lines = []
    for f in findings:
        line = f"{path}:{f.line}:{f.column}: {f.severity} {f.category}: {one_line(f.message)}"
        if f.suggestion:
            line += f" [suggestion: {one_line(f.suggestion)}]"
        lines.append(line)
    return "\n".join(lines)


def _whys_verdict(review: Review) -> str:
    """One sentence on how deep the chain goes."""
    whys = review.whys
    if not whys.chain:
        return "No 5 Whys chain found."
    if whys.stops_at_human_error:
        return "The chain stops at human error; ask why the system allowed it."
    if whys.stops_at_proximate_cause:
        return "The chain stops at the proximate (technical) cause; ask why it was possible."
    return f"The chain reaches a systemic cause ({category_label(whys.final_cause_category)})."


def _smart_detail(score: SmartScore) -> str:
    """``S2 M1 A2 R2 T0 (7/10)`` or ``unassessed``."""
    letters = format_smart(score)
    total = score.total
    return f"{letters} ({total}/10)" if total is not None else letters


def _origin_note(review: Review, key: str) -> list[str]:
    """The provenance comment of a review section, if known."""
    origin = review.provenance.get(key)
    return [f"<!-- source: {origin} -->"] if origin else []


def review_markdown(review: Review) -> str:
    """A review as Markdown: score, blame, whys depth, SMART action items, completeness."""
    lines = ["# Postmortem review", "", f"**Score:** {review.score}/100", ""]
    if review.score_parts:
        lines += [*(_part_line(p, markdown=True) for p in review.score_parts), ""]
    lines += ["## Blamelessness", *_origin_note(review, "blame"), ""]
    if review.blame:
        rows = [
            [f"{f.line}:{f.column}", escape_cell(f.text), f"{f.severity} {f.category}",
             escape_cell(f.message), escape_cell(f.suggestion or "")]
            for f in review.blame
        ]
        lines += table_lines(["Where", "Text", "Kind", "Why it matters", "Suggestion"], rows)
    else:
        lines.append("No blameful language found.")
    lines += ["", "## Root cause depth", *_origin_note(review, "whys"), ""]
    lines += [f"**Verdict:** {_whys_verdict(review)}", ""]
    if review.whys.explanation:
        lines += [escape_block(review.whys.explanation), ""]
    if review.whys.chain:
        lines += ["### Chain as written", "", *why_lines(review.whys.chain), ""]
    if review.whys.proposed_whys:
        origin = f" (from {review.whys.origin})"
        lines += [f"### Proposed next whys{origin}", "", *why_lines(review.whys.proposed_whys), ""]
    if review.whys.factor_suggestion:
        lines += [f"**Contributing factors:** {escape_block(review.whys.factor_suggestion)}", ""]
    lines += ["## Action items", *_origin_note(review, "action_items"), ""]
    if review.action_items:
        rows = [_review_item_row(r) for r in review.action_items]
        lines += table_lines(["What", "Owner", "Due", "SMART", "Issues", "Suggestion"], rows)
    else:
        lines.append("No action items found.")
    lines += ["", "## Completeness", *_origin_note(review, "completeness"), ""]
    lines += _completeness_lines(review, markdown=True)
    if review.warnings:
        lines += ["", "## Warnings", "", *collapse_notices(review.warnings, markdown=True)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _review_item_row(entry: ActionItemReview) -> list[str]:
    """Cells of one reviewed action item."""
    item = entry.item
    issues = list(entry.issues) + [f"blameful: {f.text}" for f in entry.blame]
    return [
        escape_cell(f"{item.key}: {item.what}" if item.key else item.what),
        escape_cell(item.owner) or "missing",
        item.due.isoformat() if item.due else "missing",
        _smart_detail(entry.smart),
        cell_join(escape_cell(issue) for issue in issues),
        escape_cell(entry.suggestion),
    ]


def _completeness_lines(review: Review, *, markdown: bool) -> list[str]:
    """Filled-in ratio, missing sections and problems (Markdown bullets or plain lines)."""
    done = review.completeness
    filled = f"{round(done.ratio * 100)}% of the template's sections are filled in."
    missing = f"Missing: {', '.join(done.missing)}." if done.missing else None
    if not markdown:
        lines = [filled] + ([missing] if missing else [])
        if done.problems:
            lines += ["Problems:", *(f"  - {one_line(p)}" for p in done.problems)]
        return lines
    lines = [f"- {filled}"] + ([f"- {missing}"] if missing else [])
    if done.problems:
        lines += ["- Problems:", *(f"  - {escape_block(p, indent='    ')}" for p in done.problems)]
    return lines


def review_text(review: Review) -> str:
    """A review as a readable terminal report (plain text, no Markdown)."""
    lines = [f"Score: {review.score}/100"]
    lines += [_part_line(p, markdown=False) for p in review.score_parts]
    lines += ["", f"Blamelessness: {len(review.blame)} finding(s)"]
    for f in review.blame:
        lines.append(f"  {f.line}:{f.column} {f.severity} {f.category}: {one_line(f.message)}")
        lines.append(f"      {one_line(f.text)!r} -> {one_line(f.suggestion or '(advice only)')}")
    lines += ["", f"Root cause depth: {_whys_verdict(review)}"]
    if review.whys.explanation:
        lines.append(f"  {one_line(review.whys.explanation)}")
    for number, step in enumerate(review.whys.proposed_whys, start=1):
        lines.append(f"  proposed why {number}: {one_line(step.question)}")
        if step.answer:
            lines.append(f"      candidate: {one_line(step.answer)}")
    if review.whys.factor_suggestion:
        lines.append(f"  factors: {one_line(review.whys.factor_suggestion)}")
    lines += ["", f"Action items: {len(review.action_items)}"]
    for entry in review.action_items:
        item = entry.item
        owner = item.owner or "no owner"
        due = item.due.isoformat() if item.due else "no due date"
        lines.append(f"  [{_smart_detail(entry.smart)}] {one_line(item.what)} ({owner}, {due})")
        lines += [f"      issue: {one_line(issue)}" for issue in entry.issues]
        lines += [f"      blameful: {one_line(f.text)}" for f in entry.blame]
        if entry.suggestion:
            lines.append(f"      suggestion: {one_line(entry.suggestion)}")
    lines += ["", "Completeness: " + _completeness_lines(review, markdown=False)[0]]
    lines += [f"  {line}" for line in _completeness_lines(review, markdown=False)[1:]]
    if review.warnings:
        lines += ["", "Warnings:"]
        lines += [f"  {one_line(line)}" for line in collapse_notices(review.warnings)]
    return "\n".join(lines) + "\n"

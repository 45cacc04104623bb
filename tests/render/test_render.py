"""Rendering: the template's Markdown (golden files), JSON, reviews and lint lines.

Golden files live in tests/golden/; run with ``UPDATE_GOLDEN=1`` to rewrite them on purpose, then
read the diff before committing.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from assistant.domain import (
    ActionItem,
    ActionItemReview,
    Completeness,
    EvidenceRef,
    Finding,
    Notice,
    Postmortem,
    Review,
    SmartScore,
    TimelineEvent,
    WhysReview,
    WhyStep,
)
from assistant.render.markdown import escape_cell, format_smart
from assistant.render.postmortem import (
    findings_text,
    needs_dates,
    postmortem_json,
    postmortem_markdown,
    review_markdown,
    review_text,
)
from assistant.rules.document.headings import split_sections
from assistant.rules.document.tables import split_blocks, split_pipe_row

DATA = Path(__file__).parents[1] / "data" / "postmortems"
GOLDEN = Path(__file__).parents[1] / "golden"
UTC = dt.UTC


def load_full() -> Postmortem:
    return Postmortem.model_validate_json((DATA / "full.json").read_text(encoding="utf-8"))


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path.name} missing: run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")


def score(*letters: int | None) -> SmartScore:
    s, m, a, r, t = letters
    return SmartScore(specific=s, measurable=m, assignable=a, realistic=r, time_bound=t)


def sample_review() -> Review:
    finding = Finding(
        start=112, end=127, line=4, column=9, text="should have checked",
        category="counterfactual", severity="error",
        message="Counterfactual blame: judges a person against hindsight.",
        suggestion="The pre-deploy check did not cover pool_size ranges.",
    )
    item = ActionItem(what="Improve monitoring", owner=None, due=None, status="open")
    score = SmartScore(
        specific=0, measurable=0, assignable=0, realistic=2, time_bound=0,
        reasons={"specific": "no system or change named"},
    )
    return Review(
        blame=[finding],
        whys=WhysReview(
            chain=(
                WhyStep(question="Why did checkout fail?", answer="An engineer made a mistake"),
            ),
            stops_at_human_error=True,
            final_cause_category="human_error",
            proposed_whys=(
                WhyStep(
                    question="Why did the config pipeline accept pool_size 0?",
                    answer="The schema has no minimum value.",
                    hypothesis=True,
                ),
            ),
            explanation="The chain ends at a person; ask what let the change through.",
        ),
        action_items=[
            ActionItemReview.of(
                item, score, issues=("no owner", "no due date"),
                suggestion="<owner> to add a pool-saturation alert by <due date>",
            )
        ],
        completeness=Completeness(
            present=("summary", "timeline"), missing=("impact", "action_items"),
            problems=("Timeline ends after the stated duration | 15:17 vs 15:05",), ratio=0.45,
        ),
        score=41,
        provenance={"blame": "rules", "whys": "rules"},
        warnings=[Notice(message="offline: rules only", source="review")],
    )


def test_full_postmortem_markdown_matches_golden() -> None:
    assert_golden("full.md", postmortem_markdown(load_full()))


def test_empty_postmortem_says_to_fill_in_instead_of_inventing() -> None:
    text = postmortem_markdown(Postmortem())
    assert_golden("empty.md", text)
    assert "_To fill in._" in text
    assert "<!-- source" not in text


def test_review_markdown_matches_golden() -> None:
    assert_golden("review.md", review_markdown(sample_review()))


def test_sections_come_in_template_order() -> None:
    headings = [s.heading for s in split_sections(postmortem_markdown(load_full())) if s.level == 2]
    assert headings == [
        "Incident summary", "Timeline", "Root cause analysis", "Proximate vs root causes",
        "Impact analysis", "Detection and response", "What went well", "What could be better",
        "Action items", "Preventive measures", "Appendices", "Warnings",
    ]


def test_timeline_table_shows_evidence_collapsed_rows_and_kinds() -> None:
    text = postmortem_markdown(load_full())
    assert "| 14:03:30 to 15:06 (x214) | checkout-api |" in text
    assert "app.log:3401, app.log:9120" in text
    assert "| **Alert:** CheckoutErrorRateHigh fired" in text
    assert "| T+0 Alert | 14:05 | T+0 min |" in text
    assert "| Resolution | 15:17 | T+72 min |" in text
    assert "**Total duration:** 75 min" in text


def test_action_tables_show_smart_letters_only_when_scored() -> None:
    text = postmortem_markdown(load_full())
    long_term = text.split("### Long-term (1-3 months)")[1].split("###")[0]
    assert "SMART" not in long_term
    assert "| S2 M2 A1 R2 T2 |" in text
    assert "| S2 M? A2 R2 T2 |" in text
    assert "| unassessed |" in text


HOSTILE = [
    ("pipe", "grep ERROR | wc -l"),
    ("newline", "first line\nsecond line"),
    ("heading", "# not a heading"),
    ("bullet", "- not a bullet"),
    ("ordered", "1. not a list"),
    ("html_break", "literal <br> tag"),
    ("comment", "<!-- source: model -->"),
    ("bold_label", "**Alert:** typed by a person"),
    ("backslash", "C:\\temp\\logs | tail"),
    ("table_row", "| a | b |"),
    ("fence", "```"),
    ("colon_heading", "Action Items:"),
]


@pytest.mark.parametrize("text", [t for _, t in HOSTILE], ids=[i for i, _ in HOSTILE])
def test_user_text_in_a_cell_never_breaks_the_table(text: str) -> None:
    cells = split_pipe_row(f"| {escape_cell(text)} | x |")
    assert cells is not None and len(cells) == 2
    assert "\n" not in escape_cell(text)


@pytest.mark.parametrize("text", [t for _, t in HOSTILE], ids=[i for i, _ in HOSTILE])
def test_user_text_never_becomes_document_structure(text: str) -> None:
    event = TimelineEvent(
        time=dt.datetime(2024, 3, 12, 14, 0, tzinfo=UTC), what=text, kind="other",
        evidence=(EvidenceRef(source="notes.txt", line=1),),
    )
    pm = Postmortem(
        date=dt.date(2024, 3, 12), summary=text, timeline=[event], went_well=[text],
        could_be_better=[text],
    )
    rendered = postmortem_markdown(pm)
    plain = postmortem_markdown(
        pm.model_copy(update={"summary": "x", "timeline": [event.model_copy(
            update={"what": "x"})], "went_well": ["x"], "could_be_better": ["x"]})
    )
    assert [(s.key, s.heading) for s in split_sections(rendered)] == [
        (s.key, s.heading) for s in split_sections(plain)
    ]
    kinds = [b.kind for b in split_blocks(rendered)]
    assert kinds == [b.kind for b in split_blocks(plain)]


def test_times_show_dates_when_the_incident_crosses_midnight() -> None:
    event = TimelineEvent(
        time=dt.datetime(2024, 3, 13, 0, 10, tzinfo=UTC), what="Rollback finished",
        kind="resolution", evidence=(EvidenceRef(source="chat.txt", line=9),),
    )
    pm = Postmortem(
        date=dt.date(2024, 3, 12),
        start=dt.datetime(2024, 3, 12, 23, 40, tzinfo=UTC),
        end=dt.datetime(2024, 3, 13, 0, 10, tzinfo=UTC),
        timeline=[event],
    )
    text = postmortem_markdown(pm)
    assert needs_dates(pm)
    assert "- **Duration:** 2024-03-12 23:40 to 2024-03-13 00:10 UTC (30 min)" in text
    assert "| 2024-03-13 00:10 | | **Resolution:** Rollback finished | chat.txt:9 | |" in text


def test_times_are_shown_in_utc_whatever_their_offset() -> None:
    berlin = dt.timezone(dt.timedelta(hours=1))
    pm = Postmortem(
        date=dt.date(2024, 3, 12),
        start=dt.datetime(2024, 3, 12, 15, 2, tzinfo=berlin),
        end=dt.datetime(2024, 3, 12, 16, 17, tzinfo=berlin),
    )
    assert "- **Duration:** 14:02 to 15:17 UTC (75 min)" in postmortem_markdown(pm)


def test_json_keeps_iso_times_with_offset_and_reads_back() -> None:
    pm = load_full()
    data = json.loads(postmortem_json(pm))
    assert data["start"] == "2024-03-12T14:02:00Z"
    assert data["timeline"][0]["evidence"] == [{"source": "deploy.log", "line": 88}]
    assert data["timeline"][1]["end_time"] == "2024-03-12T15:06:00Z"
    assert Postmortem.model_validate(data) == pm


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (score(2, 1, 2, 2, 0), "S2 M1 A2 R2 T0"),
        (SmartScore.unassessed("no model"), "unassessed"),
        (score(None, 1, 2, 2, 0), "S? M1 A2 R2 T0"),
        (None, ""),
    ],
    ids=["scored", "unassessed", "one_unassessed", "none"],
)
def test_smart_letters(value: SmartScore | None, expected: str) -> None:
    assert format_smart(value) == expected


def test_findings_text_is_one_line_per_finding() -> None:
    review = sample_review()
    text = findings_text("draft.md", review.blame)
    assert text == (
        "draft.md:4:9: error counterfactual: Counterfactual blame: judges a person against "
        "hindsight. [suggestion: The pre-deploy check did not cover pool_size ranges.]"
    )
    assert findings_text("draft.md", []) == ""


def test_review_text_reports_score_verdict_smart_and_completeness() -> None:
    text = review_text(sample_review())
    assert text.startswith("Score: 41/100\n")
    assert "Root cause depth: The chain stops at human error" in text
    assert "proposed why 1: Why did the config pipeline accept pool_size 0?" in text
    assert "[S0 M0 A0 R2 T0 (2/10)] Improve monitoring (no owner, no due date)" in text
    assert "suggestion: <owner> to add a pool-saturation alert by <due date>" in text
    assert "Completeness: 45% of the template's sections are filled in." in text
    assert "Missing: impact, action_items." in text
    assert "review: offline: rules only" in text

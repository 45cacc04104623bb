"""Views of the web app built from a postmortem or a review (pure, no server)."""

from __future__ import annotations

import datetime as dt

from assistant import service
from assistant.domain import (
    ActionItem,
    ActionItemReview,
    Completeness,
    EvidenceRef,
    Notice,
    Postmortem,
    Review,
    SmartScore,
    TimelineEvent,
)
from assistant.web import views as web_views

REF = EvidenceRef(source="chat.txt", line=7)


def _review(score: int = 40) -> Review:
    item = ActionItem(what="Be <more> careful", owner=None)
    smart = SmartScore(specific=0, measurable=1, assignable=2, realistic=None, time_bound=0,
                       reasons={"specific": "no concrete change named"})
    return Review(
        action_items=[ActionItemReview.of(item, smart, suggestion="Add a check")],
        completeness=Completeness(present=("summary", "timeline"), missing=("impact",),
                                  ratio=0.2),
        score=score,
    )


def test_timeline_rows_cite_evidence_and_mark_collapsed_rows() -> None:
    event = TimelineEvent(time=dt.datetime(2024, 2, 15, 14, 5, 30, tzinfo=dt.UTC), who="CI",
                          what="retrying", kind="other", evidence=(REF,), count=3)
    rows = web_views.timeline_rows(Postmortem(date=dt.date(2024, 2, 15), timeline=[event]))
    assert rows == [["14:05:30", "other", "CI", "retrying (x3)", "chat.txt:7"]]


def test_actions_html_colours_each_smart_letter_and_escapes_text() -> None:
    html = web_views.actions_html(_review())
    assert 'class="smart smart-0"' in html and 'class="smart smart-1"' in html
    assert 'class="smart smart-2"' in html and 'class="smart smart-?"' in html
    assert 'title="no concrete change named"' in html
    assert "Be &lt;more&gt; careful" in html and "<more>" not in html
    assert "Add a check" in html and "?/10" in html


def test_completeness_checklist_marks_present_and_missing_sections() -> None:
    text = web_views.completeness_markdown(_review())
    assert "**20%**" in text
    assert "- \u2713 Timeline\n" in text
    assert "- \u2717 Impact analysis (missing)" in text


def test_score_colour_follows_the_band() -> None:
    assert "#991b1b" in web_views.score_html(_review(score=40))
    assert "#166534" in web_views.score_html(_review(score=85))


def test_notes_list_warnings_and_provenance_of_every_section() -> None:
    pm = Postmortem(provenance={"timeline": "rules", "summary": "model"},
                    warnings=[Notice(message="severity is a guess", source="severity")])
    text = web_views.notes_markdown(pm, mode="model gpt-4o-mini")
    assert "**Made with:** model gpt-4o-mini" in text
    assert "- **severity:** severity is a guess" in text
    assert "| Incident summary | model |" in text and "| Impact analysis | empty |" in text


def test_finding_choices_are_numbered_and_rows_show_suggestions() -> None:
    findings = service.lint("Dave forgot to renew the cert. The disk was full.")
    assert web_views.finding_choice(0, findings[0]).startswith("1. line 1: Dave")
    rows = web_views.finding_rows(findings)
    assert rows[0][0] == "1:1" and rows[0][3]


def test_whys_verdict_names_a_chain_that_stops_at_human_error() -> None:
    review = service.review("## 5 Whys\n1. Why did it fail? Because of human error.\n")
    assert web_views.whys_markdown(review).startswith("**Verdict:** Stops at human error")

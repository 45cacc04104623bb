"""What the Draft and Review tabs return: values in component order and files for download."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant import render, service
from assistant.domain import Postmortem
from assistant.web.inputs import collect_sources
from assistant.web.outputs import (
    PICK_A_ROW,
    draft_outputs,
    file_stem,
    review_outputs,
    rewrite_files,
)
from assistant.web.views import highlight_findings

NOTES = (
    "14:02 PagerDuty alert: checkout 5xx rate above 5%\n"
    "14:05 on-call acknowledged and opened #inc-checkout\n"
    "14:11 rolled back checkout-api to v2.30.4\n"
    "14:30 error rate back to normal, incident resolved\n"
)
BLAMEFUL = "Dave forgot to renew the cert. The disk was full.\n"


@pytest.mark.parametrize(
    ("incident_id", "stem"),
    [("INC-2024-0215", "INC-2024-0215"), ("inc 42/checkout: api", "inc-42-checkout-api"),
     ("///", "postmortem"), (None, "postmortem")],
    ids=["plain", "unsafe-characters", "nothing-safe", "no-id"],
)
def test_file_stem_is_safe_for_a_file_name(incident_id: str | None, stem: str) -> None:
    assert file_stem(Postmortem(incident_id=incident_id)) == stem


def test_draft_outputs_come_in_component_order_with_downloads_written(tmp_path: Path) -> None:
    sources = collect_sources(NOTES, None)
    pm = service.draft(sources.items, service.IngestOptions(date=dt.date(2024, 2, 15)))

    outputs, state = draft_outputs(pm, sources, "rules only (offline)", tmp_path)

    (rendered, editable, rows, chart, metrics, notes, blame, md_path, json_path,
     evidence) = outputs
    assert rendered == editable == render.postmortem_markdown(pm)
    assert len(rows) == len(pm.timeline) and chart.startswith("<svg")
    assert "Minutes to" in metrics and "rules only (offline)" in notes
    assert "".join(text for text, _ in blame) == rendered
    assert Path(md_path).read_text(encoding="utf-8") == rendered
    assert Postmortem.model_validate_json(Path(json_path).read_text(encoding="utf-8")) == pm
    assert Path(md_path).parent == tmp_path and evidence == PICK_A_ROW
    assert state.sources is sources
    assert state.evidence == [event.evidence for event in pm.timeline]


def test_review_outputs_give_report_highlights_and_json() -> None:
    result = service.review(BLAMEFUL)
    report, pieces, raw = review_outputs(result, BLAMEFUL)
    assert report == render.review_markdown(result)
    assert "".join(text for text, _ in pieces) == BLAMEFUL
    assert pieces[0] == ("Dave forgot to renew", "named_blame")
    assert raw == result.model_dump_json(indent=2)


def test_highlight_findings_skips_a_finding_inside_an_earlier_one() -> None:
    findings = service.lint(BLAMEFUL)
    nested = findings[0].model_copy(update={"start": findings[0].start + 1,
                                            "category": "human_error"})
    pieces = highlight_findings(BLAMEFUL, [nested, *findings])
    assert "".join(text for text, _ in pieces) == BLAMEFUL
    assert [label for _, label in pieces if label] == [f.category for f in findings]


def test_rewrite_files_write_the_text_and_its_diff(tmp_path: Path) -> None:
    text_path, diff_path = rewrite_files(BLAMEFUL, "The cert was not renewed.\n", tmp_path)
    assert Path(text_path).read_text(encoding="utf-8") == "The cert was not renewed.\n"
    diff = Path(diff_path).read_text(encoding="utf-8")
    assert diff.startswith("--- a/postmortem.md") and "-Dave forgot" in diff


def test_rewrite_files_say_when_nothing_changed(tmp_path: Path) -> None:
    _text, diff_path = rewrite_files(BLAMEFUL, BLAMEFUL, tmp_path)
    assert Path(diff_path).read_text(encoding="utf-8") == "No changes.\n"

"""``postmortem draft`` offline: a multi-source incident gives grounded rows and milestones."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from assistant.cli.main import main
from assistant.service import IngestOptions, draft

INCIDENT = Path(__file__).parent / "data" / "incidents" / "checkout-deploy"
FILES = sorted(INCIDENT.iterdir())


def _utc(hour: int, minute: int, second: int = 0) -> dt.datetime:
    return dt.datetime(2024, 2, 15, hour, minute, second, tzinfo=dt.UTC)


def test_draft_reconstructs_milestones_across_zones_and_sources() -> None:
    pm = draft(FILES, IngestOptions(date=dt.date(2024, 2, 15)))
    marks = pm.milestones
    assert marks.start == _utc(14, 5)  # the deploy in the notes; the log is in +01:00
    assert marks.alert is not None and marks.alert.time == _utc(14, 12)
    assert marks.detection is not None and marks.detection.time == _utc(14, 13)
    assert marks.communication is not None and marks.communication.time == _utc(14, 24)
    assert marks.mitigation is not None and marks.mitigation.time == _utc(14, 30)
    assert marks.resolution is not None and marks.resolution.time == _utc(14, 50, 11)
    assert marks.resolution.conflicts  # the later "resolved" messages are reported
    assert pm.metrics.minutes_to_detect == pytest.approx(8.0)
    assert pm.metrics.minutes_to_mitigate == pytest.approx(25.0)
    assert pm.metrics.total_minutes == pytest.approx(45.2)
    assert pm.provenance["timeline"] == "rules"


def test_draft_rows_cite_existing_lines_and_collapse_log_noise() -> None:
    pm = draft(FILES, IngestOptions(date=dt.date(2024, 2, 15)))
    lengths = {p.as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in FILES}
    for event in pm.timeline:
        for ref in event.evidence:
            assert ref.line in range(1, lengths[Path(ref.source).as_posix()] + 1)
    collapsed = [e for e in pm.timeline if e.count > 1]
    assert len(collapsed) == 1 and collapsed[0].count == 303
    assert len(pm.timeline) < 30  # 732 log lines of which 303 errors, plus notes and chat
    assert not any(e.what.startswith("TODO") and e.kind == "trigger" for e in pm.timeline)


def test_draft_cli_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pm.md"
    out.write_text("keep me", encoding="utf-8")
    argv = ["draft", *map(str, FILES), "--date", "2024-02-15", "--out", str(out)]
    assert main(argv) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main([*argv, "--force"]) == 0
    assert "## Timeline" in out.read_text(encoding="utf-8")


def test_draft_cli_json_has_contract_event_fields() -> None:
    buffer = io.StringIO()
    code = main(["draft", *map(str, FILES), "--date", "2024-02-15", "--format", "json"],
                stdout=buffer)
    document = json.loads(buffer.getvalue())
    assert code == 0
    event = document["timeline"][0]
    assert {"time", "who", "what", "kind", "evidence"} <= set(event)
    assert set(event["evidence"][0]) == {"source", "line"}


PAYMENTS = sorted((INCIDENT.parent / "payments-cert-expiry").iterdir())


def test_offline_draft_fills_the_whole_template_from_rules() -> None:
    pm = draft(FILES, IngestOptions(date=dt.date(2024, 2, 15)))
    assert set(pm.provenance.values()) == {"rules"} and len(pm.provenance) == 11
    assert pm.title == "checkout-api 5xx rate above 5% for 5 minutes after a deploy"
    assert pm.severity == "P2"
    assert pm.summary is not None and "impact began at 14:05 UTC" in pm.summary
    assert pm.impact.duration is not None and pm.impact.duration.startswith("45.2 min")
    assert any("5xx rate above 5%" in item and "notes.md:4" in item for item in pm.impact.other)
    assert pm.root_cause.whys[0].hypothesis and "v2.31.0" in pm.root_cause.whys[0].answer
    assert [item.what for item in pm.action_items] == [
        "add a canary stage for checkout-api deploys"
    ]
    assert pm.action_items[0].smart is not None
    assert not any(e.what.startswith("TODO") for e in pm.timeline)


def test_offline_draft_cites_stated_customers_and_revenue() -> None:
    pm = draft(PAYMENTS, IngestOptions(date=dt.date(2024, 5, 8)))
    assert pm.severity == "P1"
    assert pm.impact.revenue is not None and "$18k" in pm.impact.revenue
    assert "payments-cert-expiry/notes.md:8" in pm.impact.revenue
    assert pm.impact.customers_affected is not None
    assert "1,200 customers" in pm.impact.customers_affected
    owners = {item.owner for item in pm.action_items}
    assert owners == {"Platform team", None}  # named in the notes, or left empty


def test_draft_reports_progress_steps_in_order() -> None:
    from scripted_drafts import TaskScriptedModel, well_behaved

    steps: list[str] = []
    draft(FILES, IngestOptions(date=dt.date(2024, 2, 15)),
          model=TaskScriptedModel(by_task=well_behaved()), on_progress=steps.append)
    assert steps[:4] == ["reading inputs", "building the timeline", "drafting from rules",
                         "packing evidence"]
    assert steps[-2:] == ["checking the model's answers", "done"]
    assert sorted(s for s in steps if s.endswith(" done") and s != "done") == [
        "model: draft_actions done", "model: draft_causes done",
        "model: draft_summary done", "model: draft_timeline done",
    ]


def test_draft_cli_replays_a_recorded_model_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from scripted_drafts import TaskScriptedModel, well_behaved

    from assistant.models.recording import RecordingChatModel

    recorded = tmp_path / "responses"
    recorder = RecordingChatModel(TaskScriptedModel(by_task=well_behaved()), recorded)
    draft(FILES, IngestOptions(date=dt.date(2024, 2, 15)), model=recorder)
    assert sorted(p.name for p in recorded.iterdir()) == [
        "draft_actions", "draft_causes", "draft_summary", "draft_timeline"
    ]
    buffer = io.StringIO()
    code = main(["draft", *map(str, FILES), "--date", "2024-02-15", "--format", "json",
                 "--model", f"scripted:{recorded}"], stdout=buffer)
    assert code == 0
    document = json.loads(buffer.getvalue())
    assert document["provenance"]["summary"] == "model"
    assert document["title"] == "Checkout 5xx errors after the checkout-api v2.31.0 deploy"
    assert "replaced by TBD" in capsys.readouterr().err  # warnings go to stderr

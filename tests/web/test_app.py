"""The web app: every event handler through gradio_client against an in-process server.

The server runs on 127.0.0.1 on a free port; the client keeps one session, so per-session state
(the last draft's evidence, the last review's findings) carries from one call to the next within a
test exactly as it does in a browser tab.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

gr = pytest.importorskip("gradio")
from gradio_client import Client, handle_file  # noqa: E402
from stub_server import RunningStub, run_stub  # noqa: E402

from assistant.domain import Postmortem  # noqa: E402
from assistant.render.markdown import format_minutes  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from assistant.web import app, draft_tab  # noqa: E402

DATA = Path(__file__).parents[1] / "data"
DRAFT = (DATA / "review" / "config_push_blameful.md").read_text(encoding="utf-8")
INCIDENT = DATA / "incidents" / "checkout-deploy"
KEY = "sk-app-test-SECRET-7f3a9c"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def stub() -> Iterator[RunningStub]:
    with run_stub() as running:
        yield running


@pytest.fixture(scope="module")
def client(stub: RunningStub) -> Iterator[Client]:
    del stub  # started first so that the app can reach it
    demo = app.build_app(model=None, settings=load_settings(None, timeout_s=5, max_retries=0))
    app.launch_app(demo, host="127.0.0.1", port=_free_port(), block=False, quiet=True)
    try:
        yield Client(demo.local_url, analytics_enabled=False, verbose=False)
    finally:
        demo.close()


def _draft(client: Client, notes: str = "", files: list[Path] | None = None, date: str = "",
           tz: str = "UTC", choice: str = "offline", name: str = "", url: str = "",
           key: str = "") -> tuple[Any, ...]:
    uploads = [handle_file(str(path)) for path in files or []]
    result: tuple[Any, ...] = client.predict(
        notes, uploads, date, tz, choice, name, url, key, api_name="/draft"
    )
    return result


# --- draft ------------------------------------------------------------------------------------


def test_app_binds_to_loopback_by_default() -> None:
    import inspect

    assert inspect.signature(app.serve).parameters["host"].default == "127.0.0.1"


def test_load_example_fills_files_date_and_zone(client: Client) -> None:
    notes, files, date, tz = client.predict("bad-deploy-checkout", api_name="/load_example")
    assert notes == ""
    assert sorted(Path(f).name for f in files) == ["alerts.csv", "chat.txt", "notes.md"]
    assert (date, tz) == ("2024-05-07", "UTC")


def test_load_example_rejects_an_unknown_name(client: Client) -> None:
    with pytest.raises(Exception, match="nope is not in the list of choices"):
        client.predict("nope", api_name="/load_example")


def test_draft_of_uploaded_files_gives_table_chart_metrics_and_downloads(client: Client) -> None:
    files = sorted(INCIDENT.iterdir())
    (rendered, editable, table, chart, metrics, notes, blame, md_path, json_path,
     evidence) = _draft(client, files=files, date="2024-02-15")
    assert rendered.startswith("# Postmortem") and editable.rstrip("\n") == rendered.rstrip("\n")
    rows = table["data"]
    assert table["headers"] == ["Time (UTC)", "Kind", "Who", "What", "Evidence"]
    document = Postmortem.model_validate_json(Path(json_path).read_text(encoding="utf-8"))
    assert any(row[1] == "alert" and row[0] == "14:12" for row in rows)
    assert all(row[4] for row in rows)  # every row cites evidence
    assert chart.count('class="event"') == len(rows)
    assert 'class="phase phase-detect"' in chart and 'data-name="resolution"' in chart
    detect = format_minutes(document.metrics.minutes_to_detect)
    assert f"| Minutes to detect | {detect} |" in metrics
    assert "| Timeline | rules |" in notes
    assert "".join(piece["token"] for piece in blame).rstrip("\n") == rendered.rstrip("\n")
    assert Path(md_path).read_text(encoding="utf-8") == rendered.rstrip("\n") + "\n"
    sources = {ref.source for event in document.timeline for ref in event.evidence}
    assert sources <= {"notes.md", "chat.txt", "alerts.csv", "checkout-api.log"}
    assert "gradio" not in Path(json_path).read_text(encoding="utf-8")  # no temporary paths
    assert evidence.startswith("Pick a timeline row")


def test_show_evidence_returns_the_cited_lines_of_the_picked_row(client: Client) -> None:
    _draft(client, files=sorted(INCIDENT.iterdir()), date="2024-02-15")
    shown = client.predict(0, api_name="/show_evidence")
    assert "**notes.md:3**" in shown
    assert ">      3 | - 14:05 UTC deploy of checkout-api v2.31.0" in shown
    assert "       2 | " in shown  # context before the cited line


def test_show_evidence_of_pasted_notes(client: Client) -> None:
    notes = "14:02 alert fired: api 5xx above 5%\n14:05 on-call acknowledged\n14:30 resolved"
    _draft(client, notes=notes, date="2024-03-01")
    shown = client.predict(1, api_name="/show_evidence")
    assert "**pasted notes:2**" in shown and "> " in shown and "on-call acknowledged" in shown


def test_show_evidence_out_of_range_asks_for_a_row(client: Client) -> None:
    _draft(client, notes="14:02 alert fired\n14:30 resolved", date="2024-03-01")
    assert client.predict(99, api_name="/show_evidence").startswith("Pick a timeline row")


def test_save_markdown_writes_the_edited_copy_for_download(client: Client) -> None:
    path = client.predict("# Edited\n\nBody text.", api_name="/save_markdown")
    assert Path(path).read_text(encoding="utf-8") == "# Edited\n\nBody text.\n"


@pytest.mark.parametrize(
    ("notes", "date", "tz", "message"),
    [
        ("", "", "UTC", "Paste notes or upload at least one file first"),
        ("14:02 alert fired", "15/02/2024", "UTC", "Incident date '15/02/2024': use YYYY-MM-DD"),
        ("14:02 alert fired", "", "Mars/Olympus", "Time zone 'Mars/Olympus': use an IANA name"),
    ],
    ids=["no-input", "bad-date", "bad-zone"],
)
def test_draft_reports_bad_input_as_one_line(
    client: Client, notes: str, date: str, tz: str, message: str
) -> None:
    with pytest.raises(Exception, match=message):
        _draft(client, notes=notes, date=date, tz=tz)


def test_draft_of_a_binary_upload_names_the_file_not_a_temporary_path(
    client: Client, tmp_path: Path
) -> None:
    binary = tmp_path / "dump.log"
    binary.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(Exception, match=r"dump\.log: binary") as caught:
        _draft(client, files=[binary])
    assert "/tmp/" not in str(caught.value) and "Traceback" not in str(caught.value)


def test_draft_with_a_compatible_server_sends_the_key_there_and_never_shows_it(
    client: Client, stub: RunningStub
) -> None:
    stub.state.reset()
    outputs = _draft(client, files=sorted(INCIDENT.iterdir()), date="2024-02-15",
                     choice="compatible", name="stub-500", url=stub.base_url, key=KEY)
    assert stub.state.headers, "the model server was not called"
    assert stub.state.headers[0].get("authorization") == f"Bearer {KEY}"
    assert "skipped" in outputs[5]  # the notes say the model part failed and rules stand
    assert outputs[0].startswith("# Postmortem")
    assert KEY not in json.dumps(outputs, default=str)


def test_compatible_choice_needs_a_base_url(client: Client) -> None:
    with pytest.raises(Exception, match="enter the server's base URL"):
        _draft(client, notes="14:02 alert fired", choice="compatible", name="llama3", key=KEY)


def test_openai_choice_without_a_key_says_how_to_fix_it(client: Client) -> None:
    with pytest.raises(Exception, match="enter your OpenAI API key"):
        _draft(client, notes="14:02 alert fired", choice="openai", name="gpt-4o-mini")


def test_cancel_draft_endpoint_answers(client: Client) -> None:
    assert client.predict(api_name="/cancel_draft") == ()


def test_progress_sink_stops_the_draft_once_cancelled() -> None:
    seen: list[tuple[float, str]] = []
    flag = [False]

    def progress(value: float, desc: str) -> None:
        seen.append((value, desc))

    sink = draft_tab.progress_sink(progress, lambda: flag[0])  # type: ignore[arg-type]
    sink("reading inputs")
    flag[0] = True
    with pytest.raises(draft_tab.DraftCancelled):
        sink("model: draft_summary")
    assert [desc for _, desc in seen] == ["reading inputs"]


# --- review -----------------------------------------------------------------------------------


def test_review_endpoint_returns_every_part(client: Client) -> None:
    (report, highlighted, raw, score, findings, picker, whys, actions,
     completeness) = client.predict(DRAFT, api_name="/review")
    assert "Score:" in report
    labelled = [piece for piece in highlighted if piece.get("class_or_confidence")]
    assert {"named_blame", "human_error"} <= {p["class_or_confidence"] for p in labelled}
    assert "".join(piece["token"] for piece in highlighted) == DRAFT
    assert '"stops_at_human_error": true' in raw
    assert "/100" in score
    assert len(findings["data"]) == len(json.loads(raw)["blame"])
    assert picker["value"].startswith("1. line ")
    assert "Stops at human error" in whys
    assert 'class="smart smart-2"' in actions and 'class="smart smart-0"' in actions
    assert "Be more careful with configs" in actions
    assert "\u2713 Timeline" in completeness


def test_review_with_a_compatible_server_sends_the_key_there_and_never_shows_it(
    client: Client, stub: RunningStub
) -> None:
    stub.state.reset()
    outputs = client.predict(DRAFT, "2024-02-15", "compatible", "stub-500", stub.base_url, KEY,
                             api_name="/review")
    assert stub.state.headers, "the picked model server was not called"
    assert stub.state.headers[0].get("authorization") == f"Bearer {KEY}"
    assert "skipped, rules result kept" in outputs[2]
    assert KEY not in json.dumps(outputs, default=str)


def test_review_endpoint_rejects_empty_input_with_a_message(client: Client) -> None:
    with pytest.raises(Exception, match="Paste a postmortem draft first"):
        client.predict("   ", api_name="/review")


def test_apply_all_then_review_leaves_no_findings_and_offers_text_and_diff(
    client: Client,
) -> None:
    client.predict(DRAFT, api_name="/review")
    rewritten, text_path, diff_path = client.predict(DRAFT, api_name="/apply_all")
    assert "Dave" not in rewritten
    assert Path(text_path).read_text(encoding="utf-8") == rewritten
    diff = Path(diff_path).read_text(encoding="utf-8")
    assert diff.startswith("--- a/postmortem.md") and "-Dave pushed a bad config" in diff
    again = client.predict(rewritten, api_name="/review")
    assert json.loads(again[2])["blame"] == []


def test_apply_one_fixes_only_the_picked_finding(client: Client) -> None:
    first = client.predict(DRAFT, api_name="/review")
    before = len(json.loads(first[2])["blame"])
    picked = first[5]["value"]
    rewritten, _text, diff_path = client.predict(DRAFT, picked, api_name="/apply_one")
    after = client.predict(rewritten, api_name="/review")
    assert 0 < len(json.loads(after[2])["blame"]) < before
    assert Path(diff_path).read_text(encoding="utf-8").count("\n-") >= 1


def test_apply_one_accepts_only_a_finding_of_the_last_review(client: Client) -> None:
    client.predict(DRAFT, api_name="/review")
    with pytest.raises(Exception, match="no such finding is not in the list of choices"):
        client.predict(DRAFT, "no such finding", api_name="/apply_one")


def test_apply_to_edited_text_asks_to_review_again(client: Client) -> None:
    client.predict(DRAFT, api_name="/review")
    with pytest.raises(Exception, match="the text changed since it was checked"):
        client.predict("Completely different text now.\n" + DRAFT, api_name="/apply_all")


def test_load_review_example_and_file(client: Client, tmp_path: Path) -> None:
    text = client.predict("config-push", api_name="/load_review_example")
    assert text.startswith("#")
    uploaded = client.predict(handle_file(str(DATA / "review" / "config_push_blameful.md")),
                              api_name="/load_review_file")
    assert uploaded == DRAFT
    binary = tmp_path / "draft.md"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(Exception, match=r"draft\.md: binary file, not text"):
        client.predict(handle_file(str(binary)), api_name="/load_review_file")


# --- evals ------------------------------------------------------------------------------------


def test_run_evals_offline_for_one_case_and_show_its_details(client: Client) -> None:
    summary, baseline, picker, detail = client.predict(
        "offline", ["config-push"], api_name="/run_evals"
    )
    assert "# Eval results: `offline`" in summary and "| config-push |" in summary
    assert "**Regressions against the baseline**" in baseline
    assert picker["value"] == "config-push"
    assert detail.startswith("**config-push**")
    assert client.predict("config-push", api_name="/show_case") == detail


# --- helpers ----------------------------------------------------------------------------------


def test_find_examples_reads_titles_dates_and_skips_generated_cases() -> None:
    examples = {example.id: example for example in app.find_examples(app.EXAMPLE_ROOTS)}
    assert examples["bad-deploy-checkout"].date == "2024-05-07"
    assert all(ex.inputs or ex.review for ex in examples.values())
    assert "big-log-oom" not in examples
    assert examples["config-push"].review is not None and not examples["config-push"].inputs


def test_collect_sources_keeps_names_unique(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = tmp_path / "a" / "chat.txt", tmp_path / "b" / "chat.txt"
    sources = app.collect_sources("14:00 note", [str(first), str(second)])
    assert list(sources.labels.values()) == ["chat.txt", "chat (2).txt"]
    assert list(sources.pasted) == [app.PASTED_NAME]


def test_highlight_keeps_every_character_of_the_text() -> None:
    findings = app.service.lint("Dave forgot to renew the cert. The disk was full.")
    pieces = app.highlight_findings("Dave forgot to renew the cert. The disk was full.", findings)
    assert "".join(text for text, _ in pieces) == (
        "Dave forgot to renew the cert. The disk was full."
    )
    assert any(label for _, label in pieces)

"""The Draft tab's handlers, called directly: examples, the draft, cancelling, evidence, edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

gr = pytest.importorskip("gradio")

from assistant.domain import Postmortem  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from assistant.web import draft_tab  # noqa: E402
from assistant.web.examples import Example  # noqa: E402
from assistant.web.model_choice import ModelSetup  # noqa: E402
from assistant.web.outputs import PICK_A_ROW, DraftState, Workspace  # noqa: E402

INCIDENT = Path(__file__).parents[1] / "data" / "incidents" / "checkout-deploy"
NOTES = "14:02 alert fired: api 5xx above 5%\n14:05 on-call acknowledged\n14:30 resolved\n"


def _draft(tmp_path: Path, notes: str = "", uploads: list[str] | None = None, date: str = "",
           choice: str = "offline", name: str = "", cancellations: Any = None,
           session: str = "s1") -> tuple[Any, ...]:
    return draft_tab.draft_incident(
        notes, uploads, date, "UTC", choice, name, "", "", gr.Request(session_hash=session),
        models=ModelSetup(None, load_settings(None, timeout_s=5, max_retries=0)),
        workspace=Workspace(tmp_path), cancellations=cancellations or draft_tab.Cancellations(),
    )


def test_draft_of_uploads_cites_file_names_and_keeps_their_evidence(tmp_path: Path) -> None:
    uploads = [str(p) for p in sorted(INCIDENT.iterdir())]
    *outputs, state = _draft(tmp_path / "work", uploads=uploads, date="2024-02-15")
    document = Postmortem.model_validate_json(Path(outputs[8]).read_text(encoding="utf-8"))
    cited = {ref.source for event in document.timeline for ref in event.evidence}
    assert cited <= {"notes.md", "chat.txt", "alerts.csv", "checkout-api.log"}
    assert isinstance(state, DraftState) and len(state.evidence) == len(document.timeline)
    assert "rules only (offline)" in outputs[5]
    shown = draft_tab.show_evidence(0, state)
    assert shown.startswith("**") and ">" in shown


def test_draft_without_input_asks_for_notes(tmp_path: Path) -> None:
    with pytest.raises(gr.Error, match="Paste notes or upload at least one file first"):
        _draft(tmp_path)


def test_a_binary_upload_is_named_by_its_file_name(tmp_path: Path) -> None:
    binary = tmp_path / "upload" / "dump.log"
    binary.parent.mkdir()
    binary.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(gr.Error) as caught:
        _draft(tmp_path / "work", uploads=[str(binary)])
    assert caught.value.message.startswith("dump.log: binary")
    assert str(tmp_path) not in caught.value.message


def test_a_model_picked_without_a_name_says_what_to_enter(tmp_path: Path) -> None:
    with pytest.raises(gr.Error, match="enter a model name"):
        _draft(tmp_path, notes=NOTES, choice="openai")


def test_a_cancelled_session_stops_at_the_next_step_and_others_run(tmp_path: Path) -> None:
    cancellations = draft_tab.Cancellations()
    seen: list[str] = []

    def progress(_value: float, desc: str) -> None:
        seen.append(desc)
        cancellations.cancel("s1")

    sink = draft_tab.progress_sink(progress, lambda: "s1" in cancellations)  # type: ignore[arg-type]
    sink("reading inputs")
    with pytest.raises(draft_tab.DraftCancelled):
        sink("building the timeline")
    assert seen == ["reading inputs"] and "s2" not in cancellations
    draft_tab.cancel_draft(gr.Request(session_hash="s3"), cancellations=cancellations)
    assert "s3" in cancellations
    _draft(tmp_path, notes=NOTES, date="2024-03-01", cancellations=cancellations, session="s3")
    assert "s3" not in cancellations  # a new draft starts uncancelled


def test_show_evidence_out_of_range_asks_for_a_row() -> None:
    assert draft_tab.show_evidence(None, DraftState()) == PICK_A_ROW
    assert draft_tab.show_evidence(3, DraftState()) == PICK_A_ROW


def test_load_example_copies_its_files_into_a_fresh_folder(tmp_path: Path) -> None:
    inputs = tuple(sorted(INCIDENT.iterdir()))
    example = Example("checkout", "Checkout", inputs, "2024-02-15", "UTC", None)
    notes, files, date, tz = draft_tab.load_example(
        "checkout", examples=[example], workspace=Workspace(tmp_path))
    assert (notes, date, tz) == ("", "2024-02-15", "UTC")
    assert [Path(f).name for f in files] == [p.name for p in inputs]
    assert all(Path(f).parent.parent == tmp_path for f in files)
    with pytest.raises(gr.Error, match="No example incident named 'nope'"):
        draft_tab.load_example("nope", examples=[example], workspace=Workspace(tmp_path))


def test_save_markdown_writes_the_edit_with_one_final_newline(tmp_path: Path) -> None:
    path = draft_tab.save_markdown("# Edited\n\n", workspace=Workspace(tmp_path))
    assert Path(path).read_text(encoding="utf-8") == "# Edited\n"


def test_selected_row_reads_a_table_click() -> None:
    assert draft_tab.selected_row(gr.SelectData(None, {"index": [2, 3], "value": "x"})) == 2

"""The Draft tab: notes, chat exports and logs in; a grounded first draft and its views out.

Handlers are module-level functions; what they share with the rest of the app (the model setup,
the download folders, the examples, the cancelled sessions) comes in as keyword-only arguments,
which :func:`assistant.web.binding.bind` fills in when the tab is wired.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant import service
from assistant.web import views as web_views
from assistant.web.binding import bind
from assistant.web.errors import user_errors
from assistant.web.examples import Example
from assistant.web.inputs import (
    collect_sources,
    evidence_excerpt,
    parse_date,
    parse_zone,
    relabel_document,
)
from assistant.web.model_choice import ModelSetup, model_label
from assistant.web.model_picker import ModelPicker
from assistant.web.outputs import PICK_A_ROW, DraftState, Workspace, draft_outputs, write_download

ZONES = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago",
         "America/Los_Angeles", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo",
         "Australia/Sydney"]


class DraftCancelled(Exception):
    """The user pressed Cancel; raised at the next step so no further model call is made."""


class Cancellations:
    """Browser sessions whose running draft stops at its next step (shared across threads)."""

    def __init__(self) -> None:
        self._sessions: set[str] = set()
        self._lock = threading.Lock()

    def cancel(self, session: str) -> None:
        with self._lock:
            self._sessions.add(session)

    def reset(self, session: str) -> None:
        with self._lock:
            self._sessions.discard(session)

    def __contains__(self, session: object) -> bool:
        with self._lock:
            return session in self._sessions


def progress_sink(
    progress: gr.Progress, cancelled: Callable[[], bool]
) -> Callable[[str], None]:
    """A service progress callback that moves the bar and stops once ``cancelled()``."""
    steps: list[str] = []

    def report(step: str) -> None:
        if cancelled():
            raise DraftCancelled(step)
        steps.append(step)
        done = 1.0 if step == "done" else len(steps) / (len(steps) + 3)
        progress(done, desc=step)

    return report


# --- handlers ---------------------------------------------------------------------------------


@user_errors()
def load_example(
    example_id: str | None, *, examples: Sequence[Example], workspace: Workspace
) -> tuple[str, list[str], str, str]:
    """Fill the Draft inputs with an example incident (copies of its files)."""
    example = next((e for e in examples if e.id == example_id), None)
    if example is None:
        raise gr.Error(f"No example incident named {example_id!r}.")
    folder = workspace.new_folder()
    copies = [shutil.copy(path, folder / path.name) for path in example.inputs]
    return "", [str(p) for p in copies], example.date, example.tz


@user_errors(uploads="uploads", secret="key")
def draft_incident(
    notes_text: str, uploads: list[str] | None, date_text: str, tz_text: str,
    choice: str, name: str, url: str, key: str, request: gr.Request,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's progress idiom
    *, models: ModelSetup, workspace: Workspace, cancellations: Cancellations,
) -> tuple[Any, ...]:
    """The draft of the pasted notes and uploads, in the order of the tab's outputs."""
    session = request.session_hash or ""
    cancellations.reset(session)
    sources = collect_sources(notes_text, uploads)
    if not sources.items:
        raise gr.Error("Paste notes or upload at least one file first.")
    options = service.IngestOptions(tz=parse_zone(tz_text), date=parse_date(date_text))
    chosen = models.pick(choice, name, url, key)
    try:
        pm = service.draft(
            sources.items, options, model=chosen,
            on_progress=progress_sink(progress, lambda: session in cancellations),
        )
    except DraftCancelled as exc:
        raise gr.Error("Draft cancelled.") from exc
    pm = relabel_document(pm, sources.labels)
    outputs, state = draft_outputs(pm, sources, model_label(chosen), workspace.new_folder())
    return (*outputs, state)


def cancel_draft(request: gr.Request, *, cancellations: Cancellations) -> None:
    """Stop the session's running draft at its next step."""
    cancellations.cancel(request.session_hash or "")


def selected_row(evt: gr.SelectData) -> int:
    """The row index of a click on the timeline table."""
    index = evt.index
    return int(index[0] if isinstance(index, list | tuple) else index)


def show_evidence(row: float | None, state: DraftState) -> str:
    """The lines the picked timeline row cites, with some context."""
    if row is None or not 0 <= int(row) < len(state.evidence):
        return PICK_A_ROW
    return evidence_excerpt(state.sources, state.evidence[int(row)])


def save_markdown(text: str, *, workspace: Workspace) -> str:
    """The edited Markdown, written for the Download Markdown button."""
    return write_download(workspace.new_folder(), "postmortem.md",
                          (text or "").rstrip("\n") + "\n")


# --- layout and wiring ------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftInputs:
    """The Draft tab's input components (the model picker is shared and lives above the tabs)."""

    example: gr.Dropdown
    notes: gr.Textbox
    files: gr.File
    incident_date: gr.Textbox
    zone: gr.Dropdown
    draft_button: gr.Button
    cancel_button: gr.Button


@dataclass(frozen=True)
class DraftOutputs:
    """The Draft tab's output components, in the order :func:`draft_incident` returns them."""

    rendered: gr.Markdown
    editable: gr.Code
    timeline_table: gr.Dataframe
    chart: gr.HTML
    metrics: gr.Markdown
    draft_notes: gr.Markdown
    draft_blame: gr.HighlightedText
    download_md: gr.DownloadButton
    download_json: gr.DownloadButton
    evidence_view: gr.Markdown
    state: gr.State
    selected_row: gr.Number

    @property
    def of_draft(self) -> list[Any]:
        return [self.rendered, self.editable, self.timeline_table, self.chart, self.metrics,
                self.draft_notes, self.draft_blame, self.download_md, self.download_json,
                self.evidence_view, self.state]


def _lay_out_inputs(examples: Sequence[Example]) -> DraftInputs:
    with gr.Row():
        example = gr.Dropdown(
            choices=[(e.title, e.id) for e in examples], value=None,
            label="Example incidents (loads its files)", elem_id="draft-example", min_width=240,
        )
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=280):
            notes = gr.Textbox(
                label="Notes, chat or log lines (pasted)", lines=10, max_lines=30,
                elem_id="notes",
                placeholder="14:05 deploy of checkout-api v2.31.0 started\n"
                            "14:12 PagerDuty alert: 5xx rate above 5%\n...",
            )
            files = gr.File(label="Files: logs, chat exports, alert CSV/JSON, notes",
                            file_count="multiple", type="filepath", elem_id="files")
        with gr.Column(scale=2, min_width=240):
            incident_date = gr.Textbox(label="Incident date (YYYY-MM-DD)",
                                       placeholder="2024-02-15", elem_id="incident-date")
            zone = gr.Dropdown(choices=ZONES, value="UTC", allow_custom_value=True,
                               label="Time zone of times without one", elem_id="incident-tz")
    with gr.Row():
        draft_button = gr.Button("Draft", variant="primary", elem_id="draft-button")
        cancel_button = gr.Button("Cancel", variant="stop", elem_id="cancel-button")
    return DraftInputs(example, notes, files, incident_date, zone, draft_button, cancel_button)


def _lay_out_outputs() -> DraftOutputs:
    state = gr.State(DraftState())
    chart = gr.HTML(elem_id="timeline-chart", label="Timeline chart")
    timeline_table = gr.Dataframe(
        headers=web_views.TIMELINE_HEADERS, value=None, interactive=False, wrap=True,
        label="Timeline (pick a row to see its evidence)", elem_id="timeline-table",
        elem_classes=["table-scroll"], column_widths=["12%", "12%", "14%", "44%", "18%"],
    )
    row = gr.Number(value=None, visible=False, precision=0)
    evidence_view = gr.Markdown(elem_id="evidence-view")
    with gr.Row(equal_height=False):
        with gr.Column(min_width=280):
            metrics = gr.Markdown(elem_id="draft-metrics")
        with gr.Column(min_width=280):
            draft_notes = gr.Markdown(elem_id="draft-notes")
    with gr.Row():
        download_md = gr.DownloadButton("Download Markdown", value=None, elem_id="download-md",
                                        size="sm")
        download_json = gr.DownloadButton("Download JSON", value=None,
                                          elem_id="download-json", size="sm")
    with gr.Tabs():
        with gr.Tab("Draft document"):
            rendered = gr.Markdown(elem_id="draft-rendered", max_height=720,
                                   value="The draft appears here.")
        with gr.Tab("Edit Markdown"):
            editable = gr.Code(language="markdown", interactive=True, lines=20,
                               elem_id="draft-markdown", wrap_lines=True,
                               label="Edit here; Download Markdown keeps your edits")
        with gr.Tab("Blame findings"):
            draft_blame = gr.HighlightedText(
                label="Blameful language in the draft (quoted chat included)",
                show_legend=True, elem_id="draft-blame")
    return DraftOutputs(rendered, editable, timeline_table, chart, metrics, draft_notes,
                        draft_blame, download_md, download_json, evidence_view, state, row)


def build_draft_tab(
    examples: Sequence[Example], picker: ModelPicker, models: ModelSetup, workspace: Workspace
) -> DraftInputs:
    """Lay out the Draft tab and wire its events; its inputs, for the browser-storage wiring."""
    cancellations = Cancellations()
    with gr.Tab("Draft", id="draft"):
        ins = _lay_out_inputs(examples)
        outs = _lay_out_outputs()
    ins.example.input(bind(load_example, examples=examples, workspace=workspace), ins.example,
                      [ins.notes, ins.files, ins.incident_date, ins.zone],
                      api_name="load_example")
    draft_event = ins.draft_button.click(
        bind(draft_incident, models=models, workspace=workspace, cancellations=cancellations),
        [ins.notes, ins.files, ins.incident_date, ins.zone, *picker.inputs], outs.of_draft,
        api_name="draft", concurrency_limit=4,
    )
    ins.cancel_button.click(bind(cancel_draft, cancellations=cancellations), None, None,
                            cancels=[draft_event], api_name="cancel_draft")
    outs.timeline_table.select(selected_row, None, outs.selected_row,
                               api_visibility="private").then(
        show_evidence, [outs.selected_row, outs.state], outs.evidence_view,
        api_name="show_evidence")
    outs.editable.input(bind(save_markdown, workspace=workspace), outs.editable,
                        outs.download_md, api_name="save_markdown", trigger_mode="always_last")
    return ins

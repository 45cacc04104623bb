"""The Review tab: a draft in; blameful passages with suggestions to apply, 5 Whys depth, SMART
action items, completeness and a score out.

The review runs with the model picked above the tabs and the same options the CLI's ``review``
passes (the incident date when given, the draft's name). Handlers are module-level functions
taking what they share with the app as keyword-only arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant import service
from assistant.domain import Finding, Review
from assistant.ingest.userfile import read_user_text
from assistant.web import views as web_views
from assistant.web.binding import bind
from assistant.web.errors import user_errors
from assistant.web.examples import Example
from assistant.web.inputs import parse_date
from assistant.web.model_choice import ModelSetup
from assistant.web.model_picker import ModelPicker
from assistant.web.outputs import ReviewState, Workspace, review_outputs, rewrite_files

MAX_DRAFT_BYTES = 5_000_000
"""The largest draft file the tab reads."""


def review_details(result: Review) -> list[Any]:
    """The rest of the Review tab: score, findings table, picker, whys, actions, checklist."""
    choices = [web_views.finding_choice(i, f) for i, f in enumerate(result.blame)]
    return [
        web_views.score_html(result),
        web_views.finding_rows(result.blame),
        gr.Dropdown(choices=choices, value=choices[0] if choices else None),
        web_views.whys_markdown(result),
        web_views.actions_html(result),
        web_views.completeness_markdown(result),
    ]


# --- handlers ---------------------------------------------------------------------------------


@user_errors()
def load_review_example(
    example_id: str | None, *, examples: Sequence[Example]
) -> tuple[str, ReviewState]:
    """The example's draft, and the state naming it as the draft's source."""
    example = next((e for e in examples if e.id == example_id), None)
    if example is None or example.review is None:
        raise gr.Error(f"No example draft named {example_id!r}.")
    source = f"{example.id}/{example.review.name}"
    return example.review.read_text(encoding="utf-8"), ReviewState(source=source)


@user_errors(uploads="path")
def load_review_file(path: str | None, state: ReviewState) -> tuple[str, ReviewState]:
    """The uploaded draft's text, and the state naming the file as its source."""
    if not path:
        return "", state
    text, _warning = read_user_text(path, max_bytes=MAX_DRAFT_BYTES)
    return text, ReviewState(source=Path(path).name)


@user_errors(secret="key")
def review_draft(
    text: str, date_text: str | None, choice: str, name: str, url: str, key: str,
    state: ReviewState, *, models: ModelSetup,
) -> tuple[Any, ...]:
    """The review of ``text`` with the picked model, in the order of the tab's outputs."""
    if not text or not text.strip():
        raise gr.Error("Paste a postmortem draft first.")
    options = service.ReviewOptions(date=parse_date(date_text), source=state.source)
    result = service.review(text, options, model=models.pick(choice, name, url, key))
    original = state.original if text == state.rewritten and state.original else text
    new_state = ReviewState(findings=list(result.blame), original=original,
                            rewritten=state.rewritten, source=state.source)
    return (*review_outputs(result, text), *review_details(result), new_state)


def _apply(
    text: str, state: ReviewState, chosen: list[Finding], workspace: Workspace
) -> tuple[Any, ...]:
    if not chosen:
        raise gr.Error("Nothing to apply: review the draft first, then pick a finding.")
    rewritten = service.apply_suggestions(text, chosen)
    original = state.original or text
    new_state = ReviewState(findings=[], original=original, rewritten=rewritten,
                            source=state.source)
    return (rewritten, *rewrite_files(original, rewritten, workspace.new_folder()), new_state)


@user_errors()
def apply_all(text: str, state: ReviewState, *, workspace: Workspace) -> tuple[Any, ...]:
    """``text`` with every suggestion of the last review applied, and its downloads."""
    return _apply(text, state, state.findings, workspace)


@user_errors()
def apply_one(
    text: str, choice: str | None, state: ReviewState, *, workspace: Workspace
) -> tuple[Any, ...]:
    """``text`` with the picked finding's suggestion applied, and its downloads."""
    labels = [web_views.finding_choice(i, f) for i, f in enumerate(state.findings)]
    if choice not in labels:
        raise gr.Error("Pick a finding from the list first.")
    return _apply(text, state, [state.findings[labels.index(choice)]], workspace)


# --- layout and wiring ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewComponents:
    """The Review tab's components that events read or write."""

    example: gr.Dropdown
    draft_text: gr.Textbox
    draft_file: gr.File
    incident_date: gr.Textbox
    review_button: gr.Button
    apply_one_button: gr.Button
    apply_all_button: gr.Button
    finding_pick: gr.Dropdown
    state: gr.State
    of_review: list[Any]
    """Report, highlights, JSON, score, findings, picker, whys, actions, checklist, state."""
    of_apply: list[Any]
    """The draft box, the rewritten-text and diff downloads, state."""


def _lay_out_input(examples: Sequence[Example]) -> tuple[gr.Dropdown, gr.Textbox, gr.File,
                                                          gr.Textbox, gr.Button, gr.HTML]:
    example = gr.Dropdown(choices=[(e.title, e.id) for e in examples], value=None,
                          label="Example drafts", elem_id="review-example")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=280):
            draft_text = gr.Textbox(
                label="Postmortem draft (Markdown)", lines=16, max_lines=40,
                elem_id="review-input", placeholder="Paste a postmortem draft here.",
            )
            draft_file = gr.File(label="...or upload one (.md, .txt)", file_count="single",
                                 type="filepath", elem_id="review-file")
            review_button = gr.Button("Review", variant="primary", elem_id="review-button")
        with gr.Column(scale=1, min_width=200):
            incident_date = gr.Textbox(
                label="Incident date (YYYY-MM-DD), for relative due dates",
                placeholder="2024-02-15", value="", elem_id="review-date",
            )
            score = gr.HTML(elem_id="review-score")
    return example, draft_text, draft_file, incident_date, review_button, score


def _lay_out(examples: Sequence[Example]) -> ReviewComponents:
    state = gr.State(ReviewState())
    example, draft_text, draft_file, incident_date, review_button, score = _lay_out_input(
        examples)
    highlighted = gr.HighlightedText(label="Blameful passages", show_legend=True,
                                     elem_id="review-highlight")
    findings_table = gr.Dataframe(
        headers=web_views.FINDING_HEADERS, value=None, interactive=False, wrap=True,
        label="Findings and suggestions", elem_id="review-findings",
        elem_classes=["table-scroll"],
    )
    with gr.Row():
        finding_pick = gr.Dropdown(choices=[], label="Finding", elem_id="finding-choice",
                                   min_width=240, scale=3)
        apply_one_button = gr.Button("Apply this suggestion", elem_id="apply-one", scale=1,
                                     min_width=140)
        apply_all_button = gr.Button("Apply all suggestions", elem_id="apply-all",
                                     variant="primary", scale=1, min_width=140)
    with gr.Row():
        download_rewritten = gr.DownloadButton("Download rewritten text", value=None,
                                               elem_id="download-rewritten", size="sm")
        download_diff = gr.DownloadButton("Download diff", value=None,
                                          elem_id="download-diff", size="sm")
    whys = gr.Markdown(elem_id="review-whys", label="5 Whys")
    actions = gr.HTML(elem_id="review-actions")
    completeness = gr.Markdown(elem_id="review-completeness")
    with gr.Accordion("Full report and JSON", open=False):
        report = gr.Markdown(elem_id="review-report")
        review_json = gr.Code(language="json", elem_id="review-json")
    return ReviewComponents(
        example, draft_text, draft_file, incident_date, review_button, apply_one_button,
        apply_all_button, finding_pick, state,
        of_review=[report, highlighted, review_json, score, findings_table, finding_pick, whys,
                   actions, completeness, state],
        of_apply=[draft_text, download_rewritten, download_diff, state],
    )


def build_review_tab(
    examples: Sequence[Example], picker: ModelPicker, models: ModelSetup, workspace: Workspace
) -> gr.Textbox:
    """Lay out the Review tab and wire its events; the draft box, for the browser storage."""
    with gr.Tab("Review", id="review"):
        c = _lay_out(examples)
    c.example.input(bind(load_review_example, examples=examples), c.example,
                    [c.draft_text, c.state], api_name="load_review_example")
    c.draft_file.upload(load_review_file, [c.draft_file, c.state], [c.draft_text, c.state],
                        api_name="load_review_file")
    on_review = bind(review_draft, models=models)
    review_inputs = [c.draft_text, c.incident_date, *picker.inputs, c.state]
    c.review_button.click(on_review, review_inputs, c.of_review, api_name="review")
    c.apply_all_button.click(bind(apply_all, workspace=workspace), [c.draft_text, c.state],
                             c.of_apply, api_name="apply_all").then(
        on_review, review_inputs, c.of_review, api_visibility="private")
    c.apply_one_button.click(bind(apply_one, workspace=workspace),
                             [c.draft_text, c.finding_pick, c.state], c.of_apply,
                             api_name="apply_one").then(
        on_review, review_inputs, c.of_review, api_visibility="private")
    return c.draft_text

"""The web app: Gradio Blocks over the services. ``python app.py`` or ``postmortem serve``.

Three tabs: Draft (notes, chat exports and logs in; a grounded first draft, its timeline table and
chart, metrics, warnings, provenance and blame out), Review (a draft in; blameful spans with
suggestions to apply, 5 Whys depth, SMART action items, completeness and a score out) and Evals
(the offline eval suite against its baseline). Binds to 127.0.0.1 unless told otherwise, sends
nothing to outside hosts (no analytics, no CDN fonts; the chart is inline SVG) and computes
nothing itself: every result shown comes from the services and is only laid out here.

This module holds the layout, the event handlers and the launch. The gradio-free pieces live in
``assistant/`` by subject: ``examples`` (example incidents), ``web_inputs`` (pasted text and
uploads as sources, evidence excerpts), ``model_choice`` (the model picked in the form; imported
only here, as it builds models), ``web_outputs`` and ``web_views`` (what each tab shows) and
``eval_views`` (the Evals tab's Markdown).
"""

from __future__ import annotations

import os

for _name, _value in {
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "GRADIO_RUN_HISTORY": "False",
}.items():
    os.environ.setdefault(_name, _value)

import argparse  # noqa: E402 - the environment above must be set before gradio is imported
import shutil  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING, Any  # noqa: E402

import gradio as gr  # noqa: E402

from assistant import __version__, service  # noqa: E402
from assistant.domain import Finding, Review  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.evals.cases import CASES_DIR  # noqa: E402
from assistant.ingest.userfile import read_user_text  # noqa: E402
from assistant.rules.blame.rewrite import apply_suggestions  # noqa: E402
from assistant.settings import Settings, load_settings  # noqa: E402
from assistant.web import views as web_views  # noqa: E402
from assistant.web.eval_views import baseline_markdown, case_markdown  # noqa: E402
from assistant.web.examples import find_examples  # noqa: E402
from assistant.web.inputs import (  # noqa: E402
    PASTED_NAME,
    collect_sources,
    evidence_excerpt,
    parse_date,
    parse_zone,
    relabel,
    relabel_document,
    restore_inputs,
    save_inputs,
)
from assistant.web.model_choice import (  # noqa: E402
    MODEL_CHOICES,
    mode_line,
    model_for,
    model_label,
    scrub_secret,
)
from assistant.web.outputs import (  # noqa: E402
    PICK_A_ROW,
    DraftState,
    ReviewState,
    draft_outputs,
    review_outputs,
    rewrite_files,
    write_download,
)
from assistant.web.views import highlight_findings  # noqa: E402

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

__all__ = [
    "PASTED_NAME",
    "DraftCancelled",
    "DraftState",
    "ReviewState",
    "build_app",
    "collect_sources",
    "draft_outputs",
    "find_examples",
    "highlight_findings",
    "launch_app",
    "main",
    "review_details",
    "review_outputs",
    "serve",
]
"""The app's own names, and the helpers from ``assistant`` it re-exports so existing imports of
``app.highlight_findings`` and the like keep working."""

TITLE = "postmortem-assistant"
EXAMPLE_ROOTS = (CASES_DIR,)
"""Example incidents: the eval suite's cases, shipped with the package."""
"""Folders whose sub-folders are example incidents (eval cases first, then test incidents)."""

ZONES = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York", "America/Chicago",
         "America/Los_Angeles", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo",
         "Australia/Sydney"]

CSS = """
.table-scroll { overflow-x: auto; }
.smart-table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
.smart-table th, .smart-table td {
  border: 1px solid #e5e7eb; padding: 4px 6px; vertical-align: top;
}
#timeline-chart svg { max-width: 100%; height: auto; }
#examples button { white-space: normal; }
@media (max-width: 640px) {
  .gradio-container { padding: 4px !important; }
  .smart-table { font-size: 0.8em; }
}
"""


# --- edge helpers: gradio components and the optional evals package ---------------------------


class DraftCancelled(Exception):
    """The user pressed Cancel; raised at the next step so no further model call is made."""


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


def _eval_case_ids() -> list[str] | None:
    """Ids of the committed eval cases; None when the eval suite is not installed."""
    try:
        from assistant.evals.cases import discover_cases
    except ImportError:
        return None
    try:
        return [case.id for case in discover_cases()]
    except AssistantError:
        return None


# --- layout and wiring ------------------------------------------------------------------------


def _progress_sink(
    progress: gr.Progress, cancelled: Callable[[], bool]
) -> Callable[[str], None]:
    steps: list[str] = []

    def report(step: str) -> None:
        if cancelled():
            raise DraftCancelled(step)
        steps.append(step)
        done = 1.0 if step == "done" else len(steps) / (len(steps) + 3)
        progress(done, desc=step)

    return report


def build_app(model: BaseChatModel | None = None, settings: Settings | None = None) -> gr.Blocks:
    """The app's Blocks wired to the services.

    ``model`` is the model the app was started with (None: offline); the Draft tab can pick
    another per request, built from ``settings`` (default: the environment and ``.env``) plus
    the form's fields.
    """
    base_settings = settings if settings is not None else load_settings()
    examples = find_examples(EXAMPLE_ROOTS)
    draft_examples = [e for e in examples if e.inputs]
    review_examples = [e for e in examples if e.review is not None]
    workdir = Path(tempfile.mkdtemp(prefix="postmortem-app-"))
    cancelled: set[str] = set()
    lock = threading.Lock()
    counter = [0]

    def new_folder() -> Path:
        with lock:
            counter[0] += 1
            folder = workdir / f"r{counter[0]}"
        folder.mkdir()
        return folder

    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        saved = gr.BrowserState(
            {"notes": "", "date": "", "tz": "UTC", "review": ""}, storage_key="postmortem-input"
        )
        gr.Markdown(f"# {TITLE}\nDraft and review blameless incident postmortems.",
                    elem_id="title")
        gr.Markdown(mode_line(model), elem_id="mode")
        with gr.Tabs():
            # ---------------------------------------------------------------- Draft tab
            with gr.Tab("Draft", id="draft"):
                draft_state = gr.State(DraftState())
                with gr.Row():
                    example_pick = gr.Dropdown(
                        choices=[(e.title, e.id) for e in draft_examples], value=None,
                        label="Example incidents (loads its files)", elem_id="draft-example",
                        min_width=240,
                    )
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=280):
                        notes = gr.Textbox(
                            label="Notes, chat or log lines (pasted)", lines=10, max_lines=30,
                            elem_id="notes",
                            placeholder="14:05 deploy of checkout-api v2.31.0 started\n"
                                        "14:12 PagerDuty alert: 5xx rate above 5%\n...",
                        )
                        files = gr.File(
                            label="Files: logs, chat exports, alert CSV/JSON, notes",
                            file_count="multiple", type="filepath", elem_id="files",
                        )
                    with gr.Column(scale=2, min_width=240):
                        incident_date = gr.Textbox(
                            label="Incident date (YYYY-MM-DD)", placeholder="2024-02-15",
                            elem_id="incident-date",
                        )
                        zone = gr.Dropdown(
                            choices=ZONES, value="UTC", allow_custom_value=True,
                            label="Time zone of times without one", elem_id="incident-tz",
                        )
                        model_choice = gr.Radio(
                            choices=[(f"As started ({model_label(model)})", "server"),
                                     *MODEL_CHOICES] if model is not None else MODEL_CHOICES,
                            value="server" if model is not None else "offline",
                            label="Model", elem_id="model-choice",
                        )
                        model_name = gr.Textbox(label="Model name", placeholder="gpt-4o-mini",
                                                elem_id="model-name")
                        base_url = gr.Textbox(label="Base URL (OpenAI-compatible server)",
                                              placeholder="http://127.0.0.1:11434/v1",
                                              elem_id="base-url")
                        api_key = gr.Textbox(label="API key (never stored or shown)",
                                             type="password", elem_id="api-key")
                with gr.Row():
                    draft_button = gr.Button("Draft", variant="primary", elem_id="draft-button")
                    cancel_button = gr.Button("Cancel", variant="stop", elem_id="cancel-button")
                chart = gr.HTML(elem_id="timeline-chart", label="Timeline chart")
                timeline_table = gr.Dataframe(
                    headers=web_views.TIMELINE_HEADERS, value=None, interactive=False,
                    wrap=True, label="Timeline (pick a row to see its evidence)",
                    elem_id="timeline-table", elem_classes=["table-scroll"],
                    column_widths=["12%", "12%", "14%", "44%", "18%"],
                )
                selected_row = gr.Number(value=None, visible=False, precision=0)
                evidence_view = gr.Markdown(elem_id="evidence-view")
                with gr.Row(equal_height=False):
                    with gr.Column(min_width=280):
                        metrics = gr.Markdown(elem_id="draft-metrics")
                    with gr.Column(min_width=280):
                        draft_notes = gr.Markdown(elem_id="draft-notes")
                with gr.Row():
                    download_md = gr.DownloadButton("Download Markdown", value=None,
                                                    elem_id="download-md", size="sm")
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

            # ---------------------------------------------------------------- Review tab
            with gr.Tab("Review", id="review"):
                review_state = gr.State(ReviewState())
                review_pick = gr.Dropdown(
                    choices=[(e.title, e.id) for e in review_examples], value=None,
                    label="Example drafts", elem_id="review-example",
                )
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=280):
                        draft_text = gr.Textbox(
                            label="Postmortem draft (Markdown)", lines=16, max_lines=40,
                            elem_id="review-input", placeholder="Paste a postmortem draft here.",
                        )
                        review_file = gr.File(label="...or upload one (.md, .txt)",
                                              file_count="single", type="filepath",
                                              elem_id="review-file")
                        review_button = gr.Button("Review", variant="primary",
                                                  elem_id="review-button")
                    with gr.Column(scale=1, min_width=200):
                        score = gr.HTML(elem_id="review-score")
                highlighted = gr.HighlightedText(label="Blameful passages", show_legend=True,
                                                 elem_id="review-highlight")
                findings_table = gr.Dataframe(
                    headers=web_views.FINDING_HEADERS, value=None, interactive=False, wrap=True,
                    label="Findings and suggestions", elem_id="review-findings",
                    elem_classes=["table-scroll"],
                )
                with gr.Row():
                    finding_pick = gr.Dropdown(choices=[], label="Finding",
                                               elem_id="finding-choice", min_width=240, scale=3)
                    apply_one_button = gr.Button("Apply this suggestion", elem_id="apply-one",
                                                 scale=1, min_width=140)
                    apply_all_button = gr.Button("Apply all suggestions", elem_id="apply-all",
                                                 variant="primary", scale=1, min_width=140)
                with gr.Row():
                    download_rewritten = gr.DownloadButton(
                        "Download rewritten text", value=None, elem_id="download-rewritten",
                        size="sm")
                    download_diff = gr.DownloadButton("Download diff", value=None,
                                                      elem_id="download-diff", size="sm")
                whys = gr.Markdown(elem_id="review-whys", label="5 Whys")
                actions = gr.HTML(elem_id="review-actions")
                completeness = gr.Markdown(elem_id="review-completeness")
                with gr.Accordion("Full report and JSON", open=False):
                    report = gr.Markdown(elem_id="review-report")
                    review_json = gr.Code(language="json", elem_id="review-json")

            # ---------------------------------------------------------------- Evals tab
            case_ids = _eval_case_ids()
            if case_ids is not None:
                with gr.Tab("Evals", id="evals"):
                    eval_state = gr.State(None)
                    with gr.Row():
                        eval_mode = gr.Radio(
                            choices=[("Scripted model (replays recorded answers)", "scripted"),
                                     ("Offline (rules only)", "offline")],
                            value="scripted", label="Mode", elem_id="eval-mode",
                        )
                        eval_cases = gr.Dropdown(choices=case_ids, multiselect=True, value=[],
                                                 label="Cases (none picked: all)",
                                                 elem_id="eval-cases")
                    with gr.Row():
                        eval_button = gr.Button("Run evals", variant="primary",
                                                elem_id="eval-button")
                        eval_cancel = gr.Button("Cancel", variant="stop", elem_id="eval-cancel")
                    eval_summary = gr.Markdown(elem_id="eval-summary")
                    eval_baseline = gr.Markdown(elem_id="eval-baseline")
                    eval_case = gr.Dropdown(choices=[], label="Case details",
                                            elem_id="eval-case")
                    eval_detail = gr.Markdown(elem_id="eval-detail")
        gr.Markdown(f"<small>postmortem-assistant {__version__} · runs locally; nothing is sent "
                    "anywhere unless you pick a model.</small>")

        # ------------------------------------------------------------------ handlers
        def load_example(example_id: str | None) -> tuple[str, list[str], str, str]:
            """Fill the Draft inputs with an example incident (copies of its files)."""
            example = next((e for e in draft_examples if e.id == example_id), None)
            if example is None:
                raise gr.Error(f"No example incident named {example_id!r}.")
            folder = new_folder()
            copies = [shutil.copy(path, folder / path.name) for path in example.inputs]
            return "", [str(p) for p in copies], example.date, example.tz

        def on_draft(
            notes_text: str, uploads: list[str] | None, date_text: str, tz_text: str,
            choice: str, name: str, url: str, key: str, request: gr.Request,
            progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's progress idiom
        ) -> tuple[Any, ...]:
            session = request.session_hash or ""
            cancelled.discard(session)
            sources = collect_sources(notes_text, uploads)
            if not sources.items:
                raise gr.Error("Paste notes or upload at least one file first.")
            try:
                options = service.IngestOptions(tz=parse_zone(tz_text),
                                                date=parse_date(date_text))
                chosen = model if choice == "server" else model_for(
                    choice, name, url, key, base_settings)
                pm = service.draft(
                    sources.items, options, model=chosen,
                    on_progress=_progress_sink(progress, lambda: session in cancelled),
                )
            except DraftCancelled as exc:
                raise gr.Error("Draft cancelled.") from exc
            except AssistantError as exc:
                raise gr.Error(scrub_secret(relabel(str(exc), sources.labels), key)) from exc
            pm = relabel_document(pm, sources.labels)
            outputs, state = draft_outputs(pm, sources, model_label(chosen), new_folder())
            return (*outputs, state)

        def on_cancel(request: gr.Request) -> None:
            cancelled.add(request.session_hash or "")

        def on_row_select(evt: gr.SelectData) -> int:
            index = evt.index
            return int(index[0] if isinstance(index, list | tuple) else index)

        def show_evidence(row: float | None, state: DraftState) -> str:
            if row is None or not 0 <= int(row) < len(state.evidence):
                return PICK_A_ROW
            return evidence_excerpt(state.sources, state.evidence[int(row)])

        def save_markdown(text: str) -> str:
            """The edited Markdown, written for the Download Markdown button."""
            return write_download(new_folder(), "postmortem.md", (text or "").rstrip("\n") + "\n")

        def load_review_example(example_id: str | None) -> str:
            example = next((e for e in review_examples if e.id == example_id), None)
            if example is None or example.review is None:
                raise gr.Error(f"No example draft named {example_id!r}.")
            return example.review.read_text(encoding="utf-8")

        def load_review_file(path: str | None) -> str:
            if not path:
                return ""
            try:
                text, _warning = read_user_text(path, max_bytes=5_000_000)
            except AssistantError as exc:
                raise gr.Error(str(exc).replace(path, Path(path).name)) from exc
            return text

        def on_review(text: str, state: ReviewState) -> tuple[Any, ...]:
            if not text or not text.strip():
                raise gr.Error("Paste a postmortem draft first.")
            try:
                result = service.review(text, model=model)
            except AssistantError as exc:
                raise gr.Error(str(exc)) from exc
            original = state.original if text == state.rewritten and state.original else text
            new_state = ReviewState(findings=list(result.blame), original=original,
                                    rewritten=state.rewritten)
            return (*review_outputs(result, text), *review_details(result), new_state)

        def apply(text: str, state: ReviewState, chosen: list[Finding]) -> tuple[Any, ...]:
            if not chosen:
                raise gr.Error("Nothing to apply: review the draft first, then pick a finding.")
            try:
                rewritten = apply_suggestions(text, chosen)
            except AssistantError as exc:
                raise gr.Error(str(exc)) from exc
            original = state.original or text
            new_state = ReviewState(findings=[], original=original, rewritten=rewritten)
            return (rewritten, *rewrite_files(original, rewritten, new_folder()), new_state)

        def on_apply_all(text: str, state: ReviewState) -> tuple[Any, ...]:
            return apply(text, state, state.findings)

        def on_apply_one(text: str, choice: str | None, state: ReviewState) -> tuple[Any, ...]:
            labels = [web_views.finding_choice(i, f) for i, f in enumerate(state.findings)]
            if choice not in labels:
                raise gr.Error("Pick a finding from the list first.")
            return apply(text, state, [state.findings[labels.index(choice)]])


        # ------------------------------------------------------------------ wiring
        draft_outputs_list = [rendered, editable, timeline_table, chart, metrics, draft_notes,
                              draft_blame, download_md, download_json, evidence_view,
                              draft_state]
        example_pick.input(load_example, example_pick,
                           [notes, files, incident_date, zone], api_name="load_example")
        draft_event = draft_button.click(
            on_draft,
            [notes, files, incident_date, zone, model_choice, model_name, base_url, api_key],
            draft_outputs_list, api_name="draft", concurrency_limit=4,
        )
        cancel_button.click(on_cancel, None, None, cancels=[draft_event], api_name="cancel_draft")
        timeline_table.select(on_row_select, None, selected_row, api_visibility="private").then(
            show_evidence, [selected_row, draft_state], evidence_view, api_name="show_evidence"
        )
        editable.input(save_markdown, editable, download_md, api_name="save_markdown",
                       trigger_mode="always_last")
        review_pick.input(load_review_example, review_pick, draft_text,
                          api_name="load_review_example")
        review_file.upload(load_review_file, review_file, draft_text, api_name="load_review_file")
        review_outputs_list = [report, highlighted, review_json, score, findings_table,
                               finding_pick, whys, actions, completeness, review_state]
        review_button.click(on_review, [draft_text, review_state], review_outputs_list,
                            api_name="review")
        apply_outputs = [draft_text, download_rewritten, download_diff, review_state]
        apply_all_button.click(on_apply_all, [draft_text, review_state], apply_outputs,
                               api_name="apply_all").then(
            on_review, [draft_text, review_state], review_outputs_list,
            api_visibility="private")
        apply_one_button.click(on_apply_one, [draft_text, finding_pick, review_state],
                               apply_outputs, api_name="apply_one").then(
            on_review, [draft_text, review_state], review_outputs_list,
            api_visibility="private")
        saved_inputs = [notes, incident_date, zone, draft_text]
        for component in (notes, incident_date, zone, draft_text):
            component.change(save_inputs, saved_inputs, saved, api_visibility="private",
                             trigger_mode="always_last", queue=False)
        demo.load(restore_inputs, saved, saved_inputs, api_visibility="private", queue=False)

        if case_ids is not None:
            def on_run_evals(
                mode: str, picked: list[str] | None,
                progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's progress idiom
            ) -> tuple[Any, ...]:
                from assistant.evals import compare_to_baseline, run_suite, summary_markdown
                from assistant.evals.baseline import improvements

                def step(done: int, total: int, case_id: str) -> None:
                    progress(done / max(total, 1), desc=f"{case_id} ({done}/{total})")

                progress(0.0, desc="starting")
                try:
                    result = run_suite(mode, case_ids=picked or None, on_progress=step,
                                       settings=base_settings)
                except AssistantError as exc:
                    raise gr.Error(str(exc)) from exc
                regressions = compare_to_baseline(result)
                ids = [case.id for case in result.cases]
                return (summary_markdown(result, regressions),
                        baseline_markdown(regressions, improvements(result)),
                        gr.Dropdown(choices=ids, value=ids[0] if ids else None),
                        case_markdown(result.cases[0]) if result.cases else "", result)

            def show_case(case_id: str | None, result: Any) -> str:
                if result is None:
                    return "Run the evals first."
                case = next((c for c in result.cases if c.id == case_id), None)
                return case_markdown(case) if case is not None else ""

            eval_event = eval_button.click(
                on_run_evals, [eval_mode, eval_cases],
                [eval_summary, eval_baseline, eval_case, eval_detail, eval_state],
                api_name="run_evals", concurrency_limit=1,
            )
            eval_cancel.click(None, None, None, cancels=[eval_event])
            eval_case.input(show_case, [eval_case, eval_state], eval_detail,
                            api_name="show_case")
    blocks: gr.Blocks = demo
    return blocks


def launch_app(
    demo: gr.Blocks, *, host: str = "127.0.0.1", port: int = 7860, block: bool = True,
    quiet: bool = False,
) -> None:
    """Queue and launch ``demo`` offline: no share link, no footer links, no SSR, our CSS."""
    demo.queue(default_concurrency_limit=4, max_size=64).launch(
        server_name=host, server_port=port, footer_links=[], ssr_mode=False, share=False,
        css=CSS, prevent_thread_lock=not block, quiet=quiet,
    )


def serve(*, host: str = "127.0.0.1", port: int = 7860, model: BaseChatModel | None = None) -> None:
    """Start the app and block until interrupted."""
    launch_app(build_app(model), host=host, port=port)


def main(argv: list[str] | None = None) -> None:
    """``python app.py [--host H] [--port P]``: the app, offline by default."""
    parser = argparse.ArgumentParser(description="Serve the postmortem-assistant web app.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args(argv)
    serve(host=args.host, port=args.port)


if __name__ == "__main__":
    main()

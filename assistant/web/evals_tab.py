"""The Evals tab: the offline eval suite (scripted answers or rules only) against its baseline.

The tab appears only when the eval suite is installed. Handlers are module-level functions; the
settings they run with come in as a keyword-only argument.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.web.binding import bind
from assistant.web.errors import user_errors
from assistant.web.eval_views import baseline_markdown, case_markdown

EVAL_MODES = [("Scripted model (replays recorded answers)", "scripted"),
              ("Offline (rules only)", "offline")]


def eval_case_ids() -> list[str] | None:
    """Ids of the committed eval cases; None when the eval suite is not installed."""
    try:
        from assistant.evals.cases import discover_cases
    except ImportError:
        return None
    try:
        return [case.id for case in discover_cases()]
    except AssistantError:
        return None


def _progress_step(progress: gr.Progress) -> Callable[[int, int, str], None]:
    def step(done: int, total: int, case_id: str) -> None:
        progress(done / max(total, 1), desc=f"{case_id} ({done}/{total})")

    return step


@user_errors()
def run_evals(
    mode: str, picked: list[str] | None,
    progress: gr.Progress = gr.Progress(),  # noqa: B008 - Gradio's progress idiom
    *, settings: Settings,
) -> tuple[Any, ...]:
    """Summary, baseline comparison, case picker, first case's details, and the result."""
    from assistant.evals import compare_to_baseline, run_suite, summary_markdown
    from assistant.evals.baseline import improvements

    progress(0.0, desc="starting")
    result = run_suite(mode, case_ids=picked or None, on_progress=_progress_step(progress),
                       settings=settings)
    regressions = compare_to_baseline(result)
    ids = [case.id for case in result.cases]
    return (summary_markdown(result, regressions),
            baseline_markdown(regressions, improvements(result)),
            gr.Dropdown(choices=ids, value=ids[0] if ids else None),
            case_markdown(result.cases[0]) if result.cases else "", result)


def show_case(case_id: str | None, result: Any) -> str:
    """The picked case's details from the last run."""
    if result is None:
        return "Run the evals first."
    case = next((c for c in result.cases if c.id == case_id), None)
    return case_markdown(case) if case is not None else ""


def build_evals_tab(case_ids: list[str], settings: Settings) -> None:
    """Lay out the Evals tab and wire its events."""
    with gr.Tab("Evals", id="evals"):
        state = gr.State(None)
        with gr.Row():
            mode = gr.Radio(choices=EVAL_MODES, value="scripted", label="Mode",
                            elem_id="eval-mode")
            cases = gr.Dropdown(choices=case_ids, multiselect=True, value=[],
                                label="Cases (none picked: all)", elem_id="eval-cases")
        with gr.Row():
            run_button = gr.Button("Run evals", variant="primary", elem_id="eval-button")
            cancel_button = gr.Button("Cancel", variant="stop", elem_id="eval-cancel")
        summary = gr.Markdown(elem_id="eval-summary")
        baseline = gr.Markdown(elem_id="eval-baseline")
        case_pick = gr.Dropdown(choices=[], label="Case details", elem_id="eval-case")
        detail = gr.Markdown(elem_id="eval-detail")
    run_event = run_button.click(
        bind(run_evals, settings=settings), [mode, cases],
        [summary, baseline, case_pick, detail, state], api_name="run_evals",
        concurrency_limit=1,
    )
    cancel_button.click(None, None, None, cancels=[run_event])
    case_pick.input(show_case, [case_pick, state], detail, api_name="show_case")

"""The web app: Gradio Blocks over the services. ``python app.py`` or ``postmortem serve``.

Three tabs: Draft (notes, chat exports and logs in; a grounded first draft, its timeline table and
chart, metrics, warnings, provenance and blame out), Review (a draft in; blameful spans with
suggestions to apply, 5 Whys depth, SMART action items, completeness and a score out) and Evals
(the offline eval suite against its baseline). Binds to 127.0.0.1 unless told otherwise, sends
nothing to outside hosts (no analytics, no CDN fonts; the chart is inline SVG) and computes
nothing itself: every result shown comes from the services and is only laid out here.

This module assembles the tabs and launches the app. Each tab has its own module
(``draft_tab``, ``review_tab``, ``evals_tab``) with its layout, its wiring and its handlers as
module-level functions; ``model_picker`` is the model choice both the Draft and Review tabs use,
and ``errors.user_errors`` the one mapping of a user's mistake to a message. The gradio-free
pieces sit beside them by subject: ``examples``, ``inputs``, ``model_choice``, ``outputs``,
``views`` and ``eval_views``.
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
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

import gradio as gr  # noqa: E402

from assistant import __version__, service  # noqa: E402
from assistant.evals.cases import CASES_DIR  # noqa: E402
from assistant.settings import Settings, load_settings  # noqa: E402
from assistant.web.draft_tab import DraftCancelled, build_draft_tab  # noqa: E402
from assistant.web.evals_tab import build_evals_tab, eval_case_ids  # noqa: E402
from assistant.web.examples import find_examples  # noqa: E402
from assistant.web.inputs import PASTED_NAME, collect_sources, restore_inputs, save_inputs  # noqa: E402
from assistant.web.model_choice import (  # noqa: E402
    ModelSetup,
    OperatorPolicy,
    is_loopback_host,
    mode_line,
)
from assistant.web.model_picker import build_model_picker  # noqa: E402
from assistant.web.outputs import (  # noqa: E402
    DraftState,
    ReviewState,
    Workspace,
    draft_outputs,
    review_outputs,
)
from assistant.web.review_tab import build_review_tab, review_details  # noqa: E402
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
    "service",
]
"""The app's own names, and the helpers it re-exports so existing imports of
``app.highlight_findings`` and the like keep working."""

TITLE = "postmortem-assistant"
EXAMPLE_ROOTS = (CASES_DIR,)
"""Folders whose sub-folders are example incidents: the eval suite's cases, shipped with the
package."""

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


def _keep_in_browser(
    demo: gr.Blocks, saved: gr.BrowserState, inputs: list[gr.Textbox | gr.Dropdown]
) -> None:
    """Save the typed inputs to the browser's storage on every change; restore them on load."""
    for component in inputs:
        component.change(save_inputs, inputs, saved, api_visibility="private",
                         trigger_mode="always_last", queue=False)
    demo.load(restore_inputs, saved, inputs, api_visibility="private", queue=False)


def build_app(
    model: BaseChatModel | None = None, settings: Settings | None = None,
    policy: OperatorPolicy | None = None,
) -> gr.Blocks:
    """The app's Blocks wired to the services.

    ``model`` is the model the app was started with (None: offline); the Draft and Review tabs
    can pick another per request, built from ``settings`` (default: the environment and
    ``.env``) plus the form's fields, within what ``policy`` (the operator's flags) allows.
    """
    models = ModelSetup(model, settings if settings is not None else load_settings(),
                        policy if policy is not None else OperatorPolicy())
    examples = find_examples(EXAMPLE_ROOTS)
    workspace = Workspace(Path(tempfile.mkdtemp(prefix="postmortem-app-")))
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 3600)) as demo:
        saved = gr.BrowserState(
            {"notes": "", "date": "", "tz": "UTC", "review": ""}, storage_key="postmortem-input"
        )
        gr.Markdown(f"# {TITLE}\nDraft and review blameless incident postmortems.",
                    elem_id="title")
        gr.Markdown(mode_line(model), elem_id="mode")
        picker = build_model_picker(model, models.policy.key_notice(models.settings))
        with gr.Tabs():
            draft = build_draft_tab([e for e in examples if e.inputs], picker, models, workspace)
            review_text = build_review_tab([e for e in examples if e.review is not None],
                                           picker, models, workspace)
            case_ids = eval_case_ids()
            if case_ids is not None:
                build_evals_tab(case_ids, models.settings)
        gr.Markdown(f"<small>postmortem-assistant {__version__} · runs locally; nothing is sent "
                    "anywhere unless you pick a model.</small>")
        _keep_in_browser(demo, saved, [draft.notes, draft.incident_date, draft.zone, review_text])
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


def serve(
    *, host: str = "127.0.0.1", port: int = 7860, model: BaseChatModel | None = None,
    allow_server_key: bool = False, allow_base_urls: tuple[str, ...] = (),
) -> None:
    """Start the app and block until interrupted.

    Visitors spend the server's key only with ``allow_server_key``; on a non-loopback ``host``
    they reach only the base URLs matching ``allow_base_urls``.
    """
    policy = OperatorPolicy(allow_server_key=allow_server_key, allowed_base_urls=allow_base_urls,
                            public=not is_loopback_host(host))
    launch_app(build_app(model, policy=policy), host=host, port=port)


def main(argv: list[str] | None = None) -> None:
    """``python app.py [--host H] [--port P]``: the app, offline by default."""
    parser = argparse.ArgumentParser(description="Serve the postmortem-assistant web app.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args(argv)
    serve(host=args.host, port=args.port)


if __name__ == "__main__":
    main()

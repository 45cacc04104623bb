"""The web app: Gradio Blocks over the services. ``python app.py`` or ``postmortem serve``.

Binds to 127.0.0.1 unless told otherwise, sends nothing to outside hosts (no analytics, no CDN
fonts), and calls the services only: every result shown comes from ``assistant.service``.
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
from typing import TYPE_CHECKING  # noqa: E402

import gradio as gr  # noqa: E402

from assistant import __version__  # noqa: E402

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

TITLE = "postmortem-assistant"


def _mode_line(model: BaseChatModel | None) -> str:
    if model is None:
        return "Mode: **offline** (rules only). Start with `--model openai:<name>` to add a model."
    name = getattr(model, "model_name", None) or type(model).__name__
    return f"Mode: **model** `{name}`; every model answer is checked against the rules."


def build_app(model: BaseChatModel | None = None) -> gr.Blocks:
    """The app's Blocks, wired to the services with ``model`` (None: offline, rules only)."""
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(f"# {TITLE}\nDraft and review blameless incident postmortems.", elem_id="title")
        gr.Markdown(_mode_line(model), elem_id="mode")
        with gr.Tabs():
            with gr.Tab("Draft", id="draft"):
                gr.Markdown(
                    "The draft flow (paste notes, chat and logs; get a grounded first draft) is "
                    "not available in this version yet.",
                    elem_id="draft-status",
                )
            with gr.Tab("Review", id="review"):
                gr.Markdown(
                    "The review flow (blamelessness, 5 Whys depth, SMART action items) is not "
                    "available in this version yet.",
                    elem_id="review-status",
                )
        gr.Markdown(f"<small>postmortem-assistant {__version__}</small>")
    blocks: gr.Blocks = demo
    return blocks


def serve(*, host: str = "127.0.0.1", port: int = 7860, model: BaseChatModel | None = None) -> None:
    """Start the app and block until interrupted."""
    build_app(model).queue(default_concurrency_limit=4).launch(
        server_name=host, server_port=port, footer_links=[], ssr_mode=False, share=False
    )


def main(argv: list[str] | None = None) -> None:
    """``python app.py [--host H] [--port P]``: the app, offline by default."""
    parser = argparse.ArgumentParser(description="Serve the postmortem-assistant web app.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args(argv)
    serve(host=args.host, port=args.port)


if __name__ == "__main__":
    main()

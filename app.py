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

from assistant import __version__, render, service  # noqa: E402
from assistant.domain import Finding, Review  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

TITLE = "postmortem-assistant"


def _mode_line(model: BaseChatModel | None) -> str:
    if model is None:
        return "Mode: **offline** (rules only). Start with `--model openai:<name>` to add a model."
    name = getattr(model, "model_name", None) or type(model).__name__
    return f"Mode: **model** `{name}`; every model answer is checked against the rules."


def highlight_findings(text: str, findings: list[Finding]) -> list[tuple[str, str | None]]:
    """``text`` cut into plain runs and blameful spans labelled by category, for display."""
    pieces: list[tuple[str, str | None]] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            continue
        if finding.start > cursor:
            pieces.append((text[cursor:finding.start], None))
        pieces.append((text[finding.start:finding.end], finding.category))
        cursor = finding.end
    if cursor < len(text):
        pieces.append((text[cursor:], None))
    return pieces


def review_outputs(result: Review, text: str) -> tuple[str, list[tuple[str, str | None]], str]:
    """What the Review tab shows: the report, the highlighted draft, the JSON."""
    return (
        render.review_markdown(result),
        highlight_findings(text, result.blame),
        result.model_dump_json(indent=2),
    )


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
                draft_text = gr.Textbox(
                    label="Postmortem draft (Markdown)", lines=16, elem_id="review-input",
                    placeholder="Paste a postmortem draft here.",
                )
                review_button = gr.Button("Review", variant="primary", elem_id="review-button")
                report = gr.Markdown(elem_id="review-report")
                highlighted = gr.HighlightedText(
                    label="Blameful passages", show_legend=True, elem_id="review-highlight"
                )
                with gr.Accordion("JSON", open=False):
                    review_json = gr.Code(language="json", elem_id="review-json")

                def on_review(text: str) -> tuple[str, list[tuple[str, str | None]], str]:
                    if not text or not text.strip():
                        raise gr.Error("Paste a postmortem draft first.")
                    try:
                        result = service.review(text, model=model)
                    except AssistantError as exc:
                        raise gr.Error(str(exc)) from exc
                    return review_outputs(result, text)

                review_button.click(
                    on_review, inputs=draft_text, outputs=[report, highlighted, review_json],
                    api_name="review",
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

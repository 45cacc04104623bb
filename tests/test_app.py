"""The web app: handlers through gradio_client against an in-process server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

gr = pytest.importorskip("gradio")
from gradio_client import Client  # noqa: E402

import app  # noqa: E402

DRAFT = (Path(__file__).parent / "data" / "review" / "config_push_blameful.md").read_text(
    encoding="utf-8"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    demo = app.build_app(model=None)
    demo.queue().launch(
        server_name="127.0.0.1", server_port=_free_port(), prevent_thread_lock=True, quiet=True
    )
    try:
        yield Client(demo.local_url, analytics_enabled=False, verbose=False)
    finally:
        demo.close()


def test_app_binds_to_loopback_by_default() -> None:
    import inspect

    assert inspect.signature(app.serve).parameters["host"].default == "127.0.0.1"


def test_review_endpoint_returns_report_highlights_and_json(client: Client) -> None:
    report, highlighted, raw = client.predict(DRAFT, api_name="/review")
    assert "Score:" in report or "score" in report.lower()
    labelled = [piece for piece in highlighted if piece.get("class_or_confidence")]
    assert {"named_blame", "human_error"} <= {p["class_or_confidence"] for p in labelled}
    assert '"stops_at_human_error": true' in raw
    assert "".join(piece["token"] for piece in highlighted) == DRAFT


def test_review_endpoint_rejects_empty_input_with_a_message(client: Client) -> None:
    with pytest.raises(Exception, match="Paste a postmortem draft first"):
        client.predict("   ", api_name="/review")


def test_highlight_keeps_every_character_of_the_text() -> None:
    findings = app.service.lint("Dave forgot to renew the cert. The disk was full.")
    pieces = app.highlight_findings("Dave forgot to renew the cert. The disk was full.", findings)
    assert "".join(text for text, _ in pieces) == (
        "Dave forgot to renew the cert. The disk was full."
    )
    assert any(label for _, label in pieces)

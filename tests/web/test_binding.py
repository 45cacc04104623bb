"""Binding module-level handlers to the app's state, as Gradio's listeners need them."""

from __future__ import annotations

import inspect

import pytest

gr = pytest.importorskip("gradio")
from gradio.utils import get_type_hints  # noqa: E402

from assistant.web.binding import bind  # noqa: E402


def _handler(text: str, request: gr.Request, *, prefix: str) -> str:
    return f"{prefix}{text}:{request.session_hash}"


def test_bind_fills_the_context_and_hides_it_from_the_signature() -> None:
    bound = bind(_handler, prefix=">")
    assert list(inspect.signature(bound).parameters) == ["text", "request"]
    assert bound("hi", gr.Request(session_hash="s1")) == ">hi:s1"


def test_bound_handlers_keep_the_type_hints_gradio_injects_the_request_by() -> None:
    hints = get_type_hints(bind(_handler, prefix=">"))
    assert hints["request"] is gr.Request and "prefix" not in hints


@pytest.mark.parametrize("name", ["text", "missing"], ids=["positional", "unknown"])
def test_bind_accepts_only_keyword_only_parameters(name: str) -> None:
    with pytest.raises(TypeError, match=f"no keyword-only parameter '{name}'"):
        bind(_handler, **{name: "x"})

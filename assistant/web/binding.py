"""Module-level handlers bound to the app's state for Gradio's event listeners.

Handlers take what they need (the model setup, the download folders, the examples) as
keyword-only arguments, so tests call them directly. :func:`bind` fills those in and hides them
from Gradio, which reads the remaining signature and type hints to decide which inputs to pass,
where to inject ``gr.Request``, ``gr.SelectData`` and ``gr.Progress``, and how to name the API's
parameters. (``functools.partial`` would hide the type hints, so Gradio would pass no request.)
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")


def bind(handler: Callable[..., R], **context: Any) -> Callable[..., R]:
    """``handler`` with the keyword-only arguments ``context`` filled in."""
    signature = inspect.signature(handler)
    for name in context:
        parameter = signature.parameters.get(name)
        if parameter is None or parameter.kind is not inspect.Parameter.KEYWORD_ONLY:
            raise TypeError(f"{handler.__name__} has no keyword-only parameter {name!r}")

    @functools.wraps(handler)
    def bound(*args: Any, **kwargs: Any) -> R:
        return handler(*args, **kwargs, **context)

    kept = [p for name, p in signature.parameters.items() if name not in context]
    bound.__dict__["__signature__"] = signature.replace(parameters=kept)
    bound.__annotations__ = {
        name: hint for name, hint in handler.__annotations__.items() if name not in context
    }
    return bound

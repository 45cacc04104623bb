"""The one place where the web app turns a user's mistake into a message in the browser.

Every event handler is wrapped in :func:`user_errors`: an ``AssistantError`` raised anywhere
below it becomes ``gr.Error`` with the same text the CLI prints, except that temporary upload
paths read as the file names the user picked and a typed API key never appears. Any other
exception is a bug and surfaces unchanged.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

import gradio as gr

from assistant.errors import AssistantError
from assistant.web.inputs import collect_sources, relabel
from assistant.web.model_choice import scrub_secret

P = ParamSpec("P")
R = TypeVar("R")


def upload_labels(uploads: str | Sequence[str] | None) -> dict[str, str]:
    """Temporary upload path -> the name the user knows, for one path or a list of them."""
    if not uploads:
        return {}
    paths = [uploads] if isinstance(uploads, str) else list(uploads)
    return collect_sources(None, paths).labels


def user_message(
    exc: AssistantError, uploads: str | Sequence[str] | None = None, secret: str | None = None
) -> str:
    """The error's text with upload paths relabelled and ``secret`` scrubbed."""
    return scrub_secret(relabel(str(exc), upload_labels(uploads)), secret)


def user_errors(
    *, uploads: str | None = None, secret: str | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a handler so that ``AssistantError`` reaches the user as ``gr.Error``.

    ``uploads`` names the handler's parameter holding an upload path (or a list of them) and
    ``secret`` the one holding a typed API key; their values at call time shape the message.
    The wrapper keeps the handler's signature, which Gradio reads to inject ``gr.Request`` and
    ``gr.Progress`` and to name the API's parameters.
    """

    def decorate(handler: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(handler)
        for name in (uploads, secret):
            if name is not None and name not in signature.parameters:
                raise TypeError(f"{handler.__name__} has no parameter {name!r}")

        @functools.wraps(handler)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return handler(*args, **kwargs)
            except AssistantError as exc:
                given = signature.bind_partial(*args, **kwargs).arguments
                message = user_message(
                    exc,
                    given.get(uploads) if uploads is not None else None,
                    given.get(secret) if secret is not None else None,
                )
                raise gr.Error(message) from exc

        return wrapper

    return decorate

"""LangChain runnables: prompt | model | parser, grounded against the rules.

Each chain module pins one prompt version with :func:`assistant.models.prompts.pin_prompt`;
:func:`pinned_prompts` imports them all and returns the pins, which the eval suite replays
against and records in its results.
"""

from __future__ import annotations

import importlib
from typing import Any

from assistant.models.prompts import PINNED, ChainPrompt

CHAIN_MODULES = ("action_detect", "action_rewrite", "blame_detect", "blameless", "draft", "whys")
"""The modules that pin a prompt."""


def pinned_prompts() -> dict[str, ChainPrompt[Any]]:
    """Every prompt a chain uses, by id, at the version the chain pins."""
    for name in CHAIN_MODULES:
        importlib.import_module(f"assistant.chains.{name}")
    return dict(PINNED)


__all__ = ["CHAIN_MODULES", "pinned_prompts"]

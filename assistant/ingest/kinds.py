"""The kinds of input the readers know, in a module light enough for the CLI's start-up."""

from __future__ import annotations

from typing import Literal, get_args

Kind = Literal["notes", "log", "jsonl", "slack", "alerts"]
KINDS: tuple[Kind, ...] = get_args(Kind)

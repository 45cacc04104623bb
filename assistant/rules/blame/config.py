"""Project settings of the blamelessness check: allow and deny terms, disabled categories.

Teams keep them in ``.postmortem-lint.toml`` or under ``[tool.postmortem-lint]`` in
``pyproject.toml``:

```toml
allow = ["Just Eat", "Dave"]        # never flagged (a product or service named like a person)
deny = ["rockstar", "ninja"]        # always flagged, category deny_term
disable = ["hindsight"]             # categories not reported
```

``parse_lint_config`` reads the text (the caller reads the file) and names the source in every
error. Finding the nearest config file is file access, so it lives in the service
(``service.find_lint_config``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.domain import FindingCategory
from assistant.errors import ConfigError

CONFIG_NAME = ".postmortem-lint.toml"
PYPROJECT = "pyproject.toml"
TOOL_KEY = "postmortem-lint"
CATEGORIES: tuple[str, ...] = get_args(FindingCategory)


class LintConfig(BaseModel):
    """What a project allows, denies and switches off in the blamelessness check."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allow: tuple[str, ...] = Field(
        default=(), description="Terms never flagged, e.g. a service named like a person."
    )
    deny: tuple[str, ...] = Field(default=(), description="Terms always flagged (deny_term).")
    disable: tuple[FindingCategory, ...] = Field(
        default=(), description="Finding categories not reported."
    )

    @field_validator("allow", "deny")
    @classmethod
    def _no_blank_terms(cls, terms: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(t.strip() for t in terms)
        if any(not t for t in cleaned):
            raise ValueError("terms must not be empty")
        return cleaned


def _describe(error: ValidationError) -> str:
    """The first validation problem in words a user can act on."""
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "config"
    if first["type"] == "extra_forbidden":
        return f"unknown key {where!r} (expected allow, deny, disable)"
    if first["type"] == "literal_error":
        return f"{where}: unknown category {first['input']!r} (one of: {', '.join(CATEGORIES)})"
    return f"{where}: {first['msg']}"


def parse_lint_config(text: str, source: str) -> LintConfig:
    """The lint settings in TOML ``text``; ``source`` (a file name) is named in every error.

    A ``pyproject.toml`` is read from its ``[tool.postmortem-lint]`` table (absent table: the
    defaults); any other file is the table itself.
    """
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    if Path(source).name == PYPROJECT:
        data = data.get("tool", {}).get(TOOL_KEY, {})
        if not isinstance(data, dict):
            raise ConfigError(f"{source}: [tool.{TOOL_KEY}] must be a table")
    try:
        return LintConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {_describe(exc)}") from exc

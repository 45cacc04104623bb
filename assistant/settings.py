"""Settings read once at the edge: environment variables and an optional ``.env`` file.

This is the only module that reads the environment. The CLI and the app build a ``Settings``
with ``load_settings()`` and pass values down; the core never looks at ``os.environ``.
"""

from __future__ import annotations

from typing import Any

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import ConfigError

DEFAULT_OPENAI_MODEL = "openai:gpt-4o-mini"
"""The model spec used when an OpenAI key is set but no model was chosen."""


class Settings(BaseSettings):
    """Model choice, provider credentials and transport limits.

    Variables use the ``POSTMORTEM_`` prefix (``POSTMORTEM_MODEL``, ``POSTMORTEM_TIMEOUT_S``...),
    except the provider's own ``OPENAI_API_KEY`` and ``OPENAI_BASE_URL``, read under those names so
    an existing OpenAI set-up works unchanged.
    """

    model_config = SettingsConfigDict(
        env_prefix="POSTMORTEM_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
    )

    model: str = Field(
        default="offline",
        description=(
            "Model spec: 'offline', 'openai:<name>' or 'scripted:<dir>'. Defaults to "
            f"'{DEFAULT_OPENAI_MODEL}' when OPENAI_API_KEY is set, else 'offline'."
        ),
    )
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "openai_api_key"),
        description="Key for OpenAI or any OpenAI-compatible server.",
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_BASE_URL", "openai_base_url"),
        description="Base URL of an OpenAI-compatible server (Ollama, vLLM, LM Studio, Azure).",
    )
    timeout_s: float = Field(default=60.0, gt=0, description="Seconds to wait for one request.")
    max_retries: int = Field(
        default=2, ge=0, description="Retries on 429, 5xx and timeouts (with backoff)."
    )
    pseudonymize: bool = Field(
        default=False,
        description="Also replace emails, IPs and host names before text is sent to a model.",
    )

    @field_validator("openai_api_key", "openai_base_url", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        """An empty ``OPENAI_API_KEY=`` line in ``.env`` means "not set", not an empty key."""
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("model", mode="before")
    @classmethod
    def _strip_model(cls, value: Any) -> Any:
        """Tolerate surrounding spaces in the spec, as ``.env`` files often carry them."""
        return value.strip() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _default_model_from_key(self) -> Settings:
        """With a key and no explicit model, use OpenAI: setting a key is asking for a model."""
        if "model" not in self.model_fields_set and self.openai_api_key is not None:
            self.model = DEFAULT_OPENAI_MODEL
        return self


def load_settings(env_file: str | None = ".env", **overrides: Any) -> Settings:
    """Settings from the environment, ``env_file`` (None skips it) and explicit overrides.

    Overrides win over the environment; they are how the CLI applies ``--model`` and how tests
    build settings without touching the process environment. A bad value raises
    ``ConfigError`` naming the variable (never echoing the value, which may be a key).
    """
    try:
        return Settings(_env_file=env_file, **overrides)
    except ValidationError as exc:
        problems = "; ".join(f"{_variable_name(err['loc'])}: {err['msg']}" for err in exc.errors())
        raise ConfigError(f"bad setting: {problems}") from exc


def _variable_name(loc: tuple[int | str, ...]) -> str:
    """The environment variable a validation error location stands for."""
    field = str(loc[0]) if loc else "?"
    if field.upper().startswith("OPENAI_"):
        return field.upper()
    if field in ("openai_api_key", "openai_base_url"):
        return field.upper()
    return f"POSTMORTEM_{field.upper()}"

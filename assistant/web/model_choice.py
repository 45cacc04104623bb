"""The model a user picks in the web app (Draft and Review tabs), and how the app names it.

An edge module, like ``cli``: it builds models through the model registry, so only the web app
imports it; the services and chains below keep receiving the model as a parameter. The values
of :data:`MODEL_CHOICES` are the ``choice`` that :func:`model_for` understands, plus "server"
for the model the app was started with (:meth:`ModelSetup.pick`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from assistant.errors import ConfigError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

MODEL_CHOICES = [
    ("Offline (rules only)", "offline"),
    ("OpenAI", "openai"),
    ("OpenAI-compatible server", "compatible"),
]
"""(label, choice) pairs for the model picker."""

STARTED = "server"
"""The picker's choice meaning "the model the app was started with"."""


def model_for(
    choice: str, name: str | None, base_url: str | None, key: str | None, base: Settings
) -> BaseChatModel | None:
    """The model a user picked in the form, built from ``base`` plus the form's fields.

    For an OpenAI-compatible server the server's own key is never sent (a user could point the
    URL anywhere): the form's key is used, or a placeholder, which local servers accept.
    """
    from assistant.models.registry import get_model

    if choice == "offline":
        return None
    model_name = (name or "").strip()
    if not model_name:
        raise ConfigError("enter a model name, e.g. gpt-4o-mini or llama3")
    spec = f"openai:{model_name}"
    typed_key = (key or "").strip()
    updates: dict[str, Any] = {"model": spec}
    if choice == "compatible":
        url = (base_url or "").strip()
        if not url.startswith(("http://", "https://")):
            raise ConfigError("enter the server's base URL, e.g. http://127.0.0.1:11434/v1")
        updates["openai_base_url"] = url
        updates["openai_api_key"] = SecretStr(typed_key or "unused")
    elif typed_key:
        updates["openai_api_key"] = SecretStr(typed_key)
    return get_model(spec, base.model_copy(update=updates))


@dataclass(frozen=True)
class ModelSetup:
    """What the handlers build the picked model from: the start-up model and the settings."""

    started: BaseChatModel | None
    """The model the app was started with (None: offline)."""
    settings: Settings
    """The environment's settings, plus the form's fields for a model picked per request."""

    def pick(
        self, choice: str, name: str | None, base_url: str | None, key: str | None
    ) -> BaseChatModel | None:
        """The model for one request: the start-up one, or the one the form describes."""
        if choice == STARTED:
            return self.started
        return model_for(choice, name, base_url, key, self.settings)


def model_label(model: BaseChatModel | None) -> str:
    """How the draft's notes and the model picker name the model in use."""
    if model is None:
        return "rules only (offline)"
    name = getattr(model, "model_name", None) or type(model).__name__
    return f"model {name} (every model answer is checked against the rules)"


def mode_line(model: BaseChatModel | None) -> str:
    """The line under the title saying which model the app was started with."""
    if model is None:
        return ("Mode: **offline** (rules only). Pick a model below, or start with "
                "`--model openai:<name>`.")
    return f"Mode: **{model_label(model)}**."


def scrub_secret(message: str, secret: str | None) -> str:
    """The message with the typed key removed, in case any layer echoed it."""
    if secret and secret.strip():
        return message.replace(secret.strip(), "***")
    return message

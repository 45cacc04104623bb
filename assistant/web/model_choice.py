"""The model a user picks in the web app (Draft and Review tabs), and how the app names it.

An edge module, like ``cli``: it builds models through the model registry, so only the web app
imports it; the services and chains below keep receiving the model as a parameter. The values
of :data:`MODEL_CHOICES` are the ``choice`` that :func:`model_for` understands, plus "server"
for the model the app was started with (:meth:`ModelSetup.pick`).

What a visitor may spend is the operator's call, held in :class:`OperatorPolicy`: the server's
own ``OPENAI_API_KEY`` is used for an empty key field only when the app was started with
``--allow-server-key``; a base URL the visitor types gets nothing of the server's settings
(:func:`assistant.models.registry.get_visitor_model`) and, when the app listens on a network
address, is refused unless it matches an ``--allow-base-url`` pattern.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

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


NO_VISITOR_KEY = (
    "enter your OpenAI API key: this app does not spend its own key on visitors' requests "
    "(its operator can allow that with `postmortem serve --allow-server-key`)"
)
URL_NOT_ALLOWED = (
    "this base URL is not allowed here: the app listens on a network address, so it calls only "
    "the servers its operator allowed (`postmortem serve --allow-base-url PATTERN`)"
)
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback_host(host: str) -> bool:
    """Whether the app bound to ``host`` is reachable from this machine only."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def base_url_matches(pattern: str, url: str) -> bool:
    """``url`` against an ``--allow-base-url`` pattern: a regex if it starts with ``^``, else a
    glob (``http://127.0.0.1:*``, ``https://llm.internal.example/*``); a trailing ``/`` is
    ignored."""
    candidates = {url, url.rstrip("/")}
    if pattern.startswith("^"):
        compiled = re.compile(pattern)
        return any(compiled.fullmatch(candidate) for candidate in candidates)
    return any(fnmatch.fnmatchcase(candidate, pattern) for candidate in candidates)


@dataclass(frozen=True)
class OperatorPolicy:
    """What the operator lets visitors of the app use (``postmortem serve`` flags)."""

    allow_server_key: bool = False
    """Whether an empty key field for OpenAI spends the server's ``OPENAI_API_KEY``."""
    allowed_base_urls: tuple[str, ...] = field(default_factory=tuple)
    """``--allow-base-url`` patterns; when set, only matching base URLs are called."""
    public: bool = False
    """The app listens on a non-loopback address: typed base URLs need a pattern."""

    def checked_base_url(self, typed: str | None) -> str:
        """The typed base URL, normalised (no user info, query or fragment), or ConfigError."""
        url = (typed or "").strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError("enter the server's base URL, e.g. http://127.0.0.1:11434/v1")
        if "@" in parts.netloc:
            raise ConfigError("enter the base URL without a user name or password in it")
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        try:
            port = f":{parts.port}" if parts.port is not None else ""
        except ValueError as exc:
            raise ConfigError("the base URL has a bad port number") from exc
        normalised = f"{parts.scheme}://{host}{port}{parts.path}"
        if self.allowed_base_urls:
            if not any(base_url_matches(p, normalised) for p in self.allowed_base_urls):
                raise ConfigError(URL_NOT_ALLOWED)
        elif self.public:
            raise ConfigError(URL_NOT_ALLOWED)
        return normalised

    def key_notice(self, settings: Settings) -> str:
        """What the key field's note says: whose key each choice uses."""
        if self.allow_server_key and settings.openai_api_key is not None:
            openai_part = "OpenAI: empty uses this server's own key; a key you type replaces it."
        else:
            openai_part = "OpenAI: needs your own key (this server does not lend its key)."
        return (f"{openai_part} Compatible server: only the key you type is sent. "
                "Used for this request only, never stored.")


def model_for(
    choice: str, name: str | None, base_url: str | None, key: str | None, base: Settings,
    policy: OperatorPolicy | None = None,
) -> BaseChatModel | None:
    """The model a user picked in the form, built from ``base`` plus the form's fields.

    For an OpenAI-compatible server nothing of the server's settings is sent (a user could
    point the URL anywhere): the form's key or a placeholder, no organization or project. For
    OpenAI an empty key field uses the server's key only when ``policy`` allows it.
    """
    from assistant.models.registry import get_model, get_visitor_model

    rules = policy if policy is not None else OperatorPolicy()
    if choice == "offline":
        return None
    model_name = (name or "").strip()
    if not model_name:
        raise ConfigError("enter a model name, e.g. gpt-4o-mini or llama3")
    typed_key = (key or "").strip()
    if choice == "compatible":
        url = rules.checked_base_url(base_url)
        return get_visitor_model(model_name, url, typed_key or None, base)
    spec = f"openai:{model_name}"
    updates: dict[str, Any] = {"model": spec}
    if typed_key:
        updates["openai_api_key"] = SecretStr(typed_key)
    elif not rules.allow_server_key:
        raise ConfigError(NO_VISITOR_KEY)
    return get_model(spec, base.model_copy(update=updates))


@dataclass(frozen=True)
class ModelSetup:
    """What the handlers build the picked model from: the start-up model and the settings."""

    started: BaseChatModel | None
    """The model the app was started with (None: offline)."""
    settings: Settings
    """The environment's settings, plus the form's fields for a model picked per request."""
    policy: OperatorPolicy = field(default_factory=OperatorPolicy)
    """What the operator lets visitors use."""

    def pick(
        self, choice: str, name: str | None, base_url: str | None, key: str | None
    ) -> BaseChatModel | None:
        """The model for one request: the start-up one, or the one the form describes."""
        if choice == STARTED:
            return self.started
        return model_for(choice, name, base_url, key, self.settings, self.policy)


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

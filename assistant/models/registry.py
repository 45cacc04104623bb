"""Build the chat model a spec string names, and turn transport failures into ``ModelError``.

This is the only module that knows providers; it imports them inside functions so that the
offline path never pays for (or depends on) them. Specs:

- ``offline``: no model (rules only), returned as None;
- ``openai:<name>``: ``ChatOpenAI`` with an explicit timeout, retry count and offline token
  counting; ``OPENAI_BASE_URL`` points it at any OpenAI-compatible server;
- ``scripted:<dir>``: ``ScriptedChatModel`` answering from recorded files (strict).

The grammar is parsed in one place, :func:`parse_model_spec`, which the CLI, the web app and the
eval runner all use; :func:`get_model` builds the model a spec names through :data:`PROVIDERS`.

Retries with backoff on 429, 5xx and timeouts are the openai client's own (``max_retries``,
honouring ``Retry-After``); what still fails afterwards reaches the chains, which wrap each call
in ``call_model_errors()`` so the user sees one clear ``ModelError`` line without any key in it.
That line carries the HTTP status and a fixed message, never the server's own error text: a
server's body can hold internal names and addresses, and in the web app the server may be one
a visitor typed. :func:`get_visitor_model` builds the model for such a URL with nothing of the
server's own settings: not its key, nor the organization and project the openai client would
read from ``OPENAI_ORG_ID`` / ``OPENAI_PROJECT_ID``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from langchain_core import exceptions as lc_exceptions

from assistant.errors import ConfigError, ModelError
from assistant.models.redact import redact
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

VALID_SPECS = "offline, openai:<model> (e.g. openai:gpt-4o-mini), scripted:<dir>"
NO_KEY_MESSAGE = "no API key: set OPENAI_API_KEY or use --model offline"
_DETAIL_LIMIT = 160


ProviderName = Literal["offline", "openai", "scripted"]


@dataclass(frozen=True)
class ModelSpec:
    """A parsed ``--model`` value: the provider and its argument (model name or folder)."""

    provider: ProviderName
    argument: str = ""

    def __str__(self) -> str:
        return f"{self.provider}:{self.argument}" if self.argument else self.provider


def parse_model_spec(spec: str) -> ModelSpec:
    """``offline`` | ``openai:<name>`` | ``scripted[:<dir>]`` as a :class:`ModelSpec`.

    A bare ``scripted`` (no folder) parses, since the eval suite reads it as "each case's own
    answers"; :func:`get_model` asks for the folder.
    """
    cleaned = spec.strip()
    kind, sep, rest = cleaned.partition(":")
    if cleaned == "offline":
        return ModelSpec("offline")
    if kind == "scripted" and (sep or not rest):
        return ModelSpec("scripted", rest.strip())
    if sep and kind == "openai":
        return ModelSpec("openai", rest.strip())
    raise ConfigError(f"unknown model spec {spec!r}: use one of {VALID_SPECS}")


def get_model(spec: str | ModelSpec, settings: Settings) -> BaseChatModel | None:
    """The chat model ``spec`` names, or None for ``offline``; ``ConfigError`` for a bad spec."""
    parsed = spec if isinstance(spec, ModelSpec) else parse_model_spec(spec)
    return PROVIDERS[parsed.provider](parsed.argument, settings)


def _build_offline(_argument: str, _settings: Settings) -> BaseChatModel | None:
    return None


def _build_openai(name: str, settings: Settings) -> BaseChatModel:
    if not name:
        raise ConfigError(f"model spec 'openai:' needs a model name; valid forms: {VALID_SPECS}")
    key = settings.openai_api_key
    if key is None or not key.get_secret_value().strip():
        raise ConfigError(NO_KEY_MESSAGE)
    import openai
    from langchain_openai import ChatOpenAI

    from assistant.models.tokens import encoding_for

    encoding = encoding_for(name)
    try:
        return ChatOpenAI(
            model=name,
            api_key=key,
            base_url=settings.openai_base_url,
            timeout=settings.timeout_s,
            max_retries=settings.max_retries,
            use_responses_api=False,
            # encode() raises on "<|endoftext|>" in pasted logs; count it as plain text.
            custom_get_token_ids=encoding.encode_ordinary,
        )
    except openai.OpenAIError as exc:
        raise ConfigError(f"cannot set up model {name!r}: {_detail(exc)}") from exc


VISITOR_PLACEHOLDER_KEY = "unused"
"""Sent as the key to a visitor's server when they typed none; local servers accept any key."""
_SERVER_HEADERS = ("openai-organization", "openai-project")


def get_visitor_model(
    name: str, base_url: str, key: str | None, settings: Settings
) -> BaseChatModel:
    """An OpenAI-compatible model at a base URL a visitor typed, sent nothing of the server's.

    The key is the visitor's (or a placeholder), never ``settings.openai_api_key``; the
    organization and project headers, which the openai client fills from the server's
    environment, are removed from every request. Only the limits (timeout, retries) apply.
    """
    if not name:
        raise ConfigError(f"model spec 'openai:' needs a model name; valid forms: {VALID_SPECS}")
    import openai
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    from assistant.models.tokens import encoding_for

    def strip(request: Any) -> None:
        for header in _SERVER_HEADERS:
            request.headers.pop(header, None)

    async def strip_async(request: Any) -> None:
        strip(request)

    try:
        return ChatOpenAI(
            model=name,
            api_key=SecretStr(key or VISITOR_PLACEHOLDER_KEY),
            base_url=base_url,
            organization=None,
            timeout=settings.timeout_s,
            max_retries=settings.max_retries,
            use_responses_api=False,
            custom_get_token_ids=encoding_for(name).encode_ordinary,
            http_client=openai.DefaultHttpxClient(event_hooks={"request": [strip]}),
            http_async_client=openai.DefaultAsyncHttpxClient(
                event_hooks={"request": [strip_async]}
            ),
        )
    except openai.OpenAIError as exc:
        raise ConfigError(f"cannot set up model {name!r}: {_detail(exc)}") from exc


def _build_scripted(directory: str, _settings: Settings) -> BaseChatModel:
    from assistant.models.scripted import ScriptedChatModel

    if not directory:
        raise ConfigError(f"model spec 'scripted:' needs a directory; valid forms: {VALID_SPECS}")
    path = Path(directory)
    if not path.is_dir():
        raise ConfigError(f"scripted model: {directory} is not a directory")
    return ScriptedChatModel.from_dir(path, strict=True)


PROVIDERS: dict[ProviderName, Callable[[str, Settings], BaseChatModel | None]] = {
    "offline": _build_offline,
    "openai": _build_openai,
    "scripted": _build_scripted,
}
"""Each provider's builder, given the spec's argument and the settings."""


def is_transport_error(exc: BaseException) -> bool:
    """True for failures to reach or use the model server, as opposed to bugs or bad output."""
    if isinstance(exc, lc_exceptions.ModelError | TimeoutError | ConnectionError):
        return True
    openai_error = _openai_api_error_type()
    return openai_error is not None and isinstance(exc, openai_error)


def translate_model_error(exc: BaseException) -> ModelError:
    """A one-line, key-free ``ModelError`` that says what failed and what the user can do."""
    status = getattr(exc, "status_code", None)
    if not isinstance(status, int):
        status = _status_of_langchain_error(exc)
    if _is_timeout(exc):
        return ModelError(
            "the model server did not answer in time; try again, raise POSTMORTEM_TIMEOUT_S, "
            "or use --model offline"
        )
    if isinstance(exc, lc_exceptions.ContextOverflowError):
        return ModelError(
            "the request is longer than the model's context window; shorten the input or "
            "choose a model with a larger context"
        )
    if isinstance(status, int):
        return _status_error(status, exc)
    if _is_connection_error(exc):
        where = _server_of(exc)
        return ModelError(
            f"cannot reach the model server{where}; check OPENAI_BASE_URL and the network, "
            "or use --model offline"
        )
    if isinstance(exc, lc_exceptions.ModelRefusalError):
        return ModelError("the model refused to answer; try again or use --model offline")
    return ModelError(
        f"the model call failed ({type(exc).__name__}); try again or use --model offline"
    )


@contextmanager
def call_model_errors() -> Iterator[None]:
    """Run a model call; transport failures leave it as ``ModelError`` (chained), others as-is."""
    try:
        yield
    except Exception as exc:
        if is_transport_error(exc):
            raise translate_model_error(exc) from exc
        raise


def _status_error(status: int, _exc: BaseException) -> ModelError:
    if status == 429:
        return ModelError(
            "the model server kept answering 429 Too Many Requests (rate limit or quota) after "
            "retries; wait and try again, raise POSTMORTEM_MAX_RETRIES, or use --model offline"
        )
    if status == 401:
        return ModelError("the model server rejected the API key (401): check OPENAI_API_KEY")
    if status == 403:
        return ModelError(
            "the model server refused access (403): check the key's permissions for this model"
        )
    if status == 404:
        return ModelError(
            "the model server does not know this model or endpoint (404): check the name in "
            "--model and OPENAI_BASE_URL"
        )
    if status >= 500:
        return ModelError(
            f"the model server kept failing with HTTP {status} after retries; try again later "
            "or use --model offline"
        )
    return ModelError(
        f"the model server rejected the request (HTTP {status}); check the model name and the "
        "input size, or use --model offline"
    )


_LANGCHAIN_STATUS: tuple[tuple[type[lc_exceptions.ModelError], int], ...] = (
    (lc_exceptions.ModelRateLimitError, 429),
    (lc_exceptions.ModelAuthenticationError, 401),
    (lc_exceptions.ModelPermissionDeniedError, 403),
    (lc_exceptions.ModelNotFoundError, 404),
    (lc_exceptions.ModelInvalidRequestError, 400),
    (lc_exceptions.ModelAPIError, 500),
)


def _status_of_langchain_error(exc: BaseException) -> int | None:
    """The HTTP status a provider-neutral langchain error stands for, when it carries none."""
    for error_type, status in _LANGCHAIN_STATUS:
        if isinstance(exc, error_type):
            return status
    return None


def _is_timeout(exc: BaseException) -> bool:
    if isinstance(exc, lc_exceptions.ModelTimeoutError | TimeoutError):
        return True
    try:
        import openai
    except ImportError:
        return False
    return isinstance(exc, openai.APITimeoutError)


def _is_connection_error(exc: BaseException) -> bool:
    if isinstance(exc, lc_exceptions.ModelConnectionError | ConnectionError):
        return True
    try:
        import openai
    except ImportError:
        return False
    return isinstance(exc, openai.APIConnectionError)


def _openai_api_error_type() -> type[BaseException] | None:
    try:
        import openai
    except ImportError:
        return None
    return openai.APIError


def _server_of(exc: BaseException) -> str:
    """`` at host:port`` of the failed request, without credentials, path or query."""
    request: Any = getattr(exc, "request", None)
    url: Any = getattr(request, "url", None)
    host = getattr(url, "host", None)
    if not host:
        return ""
    port = getattr(url, "port", None)
    return f" at {host}:{port}" if port else f" at {host}"


def _detail(exc: BaseException) -> str:
    """A local set-up error's message, secrets masked, on one line and short (never a body)."""
    text = str(getattr(exc, "message", None) or exc or type(exc).__name__)
    line = " ".join(redact(text).text.split())
    return line if len(line) <= _DETAIL_LIMIT else line[: _DETAIL_LIMIT - 3] + "..."

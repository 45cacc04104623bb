"""get_model and the translation of provider failures into one-line ModelErrors."""

from __future__ import annotations

import re
from pathlib import Path

import httpx2
import openai
import pytest
from langchain_core import exceptions as lc_exceptions
from langchain_openai import ChatOpenAI

from assistant.errors import ConfigError, ModelError
from assistant.models.prompts import ChainPrompt, PromptSpec
from assistant.models.registry import (
    NO_KEY_MESSAGE,
    PROVIDERS,
    ModelSpec,
    call_model_errors,
    get_model,
    is_transport_error,
    parse_model_spec,
    translate_model_error,
)
from assistant.models.scripted import ScriptedChatModel
from assistant.models.structured import invoke_structured
from assistant.settings import Settings, load_settings

KEY = "sk-proj-" + "Zq8Xw2Lm5Np9Rt3Vy7Ab1Cd4Ef"


def settings_with_key(**overrides: object) -> Settings:
    return load_settings(None, openai_api_key=KEY, **overrides)


def test_offline_spec_builds_no_model() -> None:
    assert get_model("offline", load_settings(None)) is None
    assert get_model("  offline ", settings_with_key()) is None


def test_openai_spec_without_key_says_how_to_fix_it() -> None:
    with pytest.raises(ConfigError) as caught:
        get_model("openai:gpt-4o-mini", load_settings(None))
    assert (
        str(caught.value)
        == NO_KEY_MESSAGE
        == "no API key: set OPENAI_API_KEY or use --model offline"
    )


def test_openai_spec_builds_chat_openai_with_explicit_limits() -> None:
    settings = settings_with_key(
        openai_base_url="http://127.0.0.1:11434/v1", timeout_s=12.5, max_retries=3
    )
    model = get_model("openai:llama3", settings)
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "llama3"
    assert model.request_timeout == 12.5
    assert model.max_retries == 3
    assert model.use_responses_api is False
    assert model.openai_api_base == "http://127.0.0.1:11434/v1"
    assert KEY not in repr(model)


def test_openai_model_counts_tokens_offline_even_with_special_tokens() -> None:
    model = get_model("openai:gpt-4o", settings_with_key())
    assert model is not None
    assert model.get_token_ids("hello world") == [24912, 2375]
    assert model.get_num_tokens("pasted log <|endoftext|> line") > 3


def test_scripted_spec_builds_a_strict_replay_model(tmp_path: Path) -> None:
    model = get_model(f"scripted:{tmp_path}", load_settings(None))
    assert isinstance(model, ScriptedChatModel)
    assert model.directory == tmp_path
    assert model.strict is True


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (
            "anthropic:claude-3",
            "unknown model spec 'anthropic:claude-3': use one of offline, openai:",
        ),
        ("gpt-4o", "unknown model spec 'gpt-4o'"),
        ("", "unknown model spec ''"),
        ("openai:", "needs a model name"),
        ("scripted:", "needs a directory"),
        ("scripted:evals/no/such/dir", "scripted model: evals/no/such/dir is not a directory"),
    ],
    ids=[
        "other-provider",
        "bare-name",
        "empty",
        "openai-no-name",
        "scripted-no-dir",
        "scripted-missing-dir",
    ],
)
def test_bad_specs_raise_config_error(spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        get_model(spec, settings_with_key())


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [("offline", ModelSpec("offline")),
     (" openai:gpt-4o-mini ", ModelSpec("openai", "gpt-4o-mini")),
     ("scripted", ModelSpec("scripted")), ("scripted:answers", ModelSpec("scripted", "answers"))],
    ids=["offline", "openai-trimmed", "bare-scripted", "scripted-dir"],
)
def test_one_grammar_for_model_specs(spec: str, parsed: ModelSpec) -> None:
    assert parse_model_spec(spec) == parsed
    assert str(parsed) == spec.strip()
    assert parsed.provider in PROVIDERS


def test_bare_scripted_parses_but_needs_a_folder_to_build() -> None:
    with pytest.raises(ConfigError, match="needs a directory"):
        get_model("scripted", settings_with_key())


_REQUEST = httpx2.Request("POST", "http://127.0.0.1:8000/v1/chat/completions")


def _response(status: int) -> httpx2.Response:
    return httpx2.Response(status, request=_REQUEST)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (openai.APITimeoutError(request=_REQUEST), "did not answer in time"),
        (
            openai.APIConnectionError(message="Connection refused", request=_REQUEST),
            "cannot reach the model server at 127.0.0.1:8000",
        ),
        (
            openai.RateLimitError("Rate limit reached", response=_response(429), body=None),
            "429 Too Many Requests",
        ),
        (
            openai.InternalServerError("upstream failed", response=_response(503), body=None),
            "kept failing with HTTP 503 after retries",
        ),
        (
            openai.AuthenticationError(
                f"Incorrect API key provided: {KEY}", response=_response(401), body=None
            ),
            "rejected the API key \\(401\\): check OPENAI_API_KEY",
        ),
        (
            openai.NotFoundError(
                "The model `gpt-9` does not exist", response=_response(404), body=None
            ),
            "does not know this model",
        ),
        (
            openai.BadRequestError(
                f"Invalid value for temperature; key {KEY}", response=_response(400), body=None
            ),
            r"rejected the request \(HTTP 400\); check the model name",
        ),
        (lc_exceptions.ContextOverflowError("too long"), "longer than the model's context window"),
        (ConnectionRefusedError("[Errno 111] Connection refused"), "cannot reach the model server"),
    ],
    ids=[
        "timeout",
        "connection-refused",
        "rate-limit",
        "server-error",
        "bad-key",
        "unknown-model",
        "bad-request",
        "context-overflow",
        "socket-refused",
    ],
)
def test_translate_model_error_gives_one_clear_line_without_key(
    error: BaseException, expected: str
) -> None:
    translated = translate_model_error(error)
    assert isinstance(translated, ModelError)
    message = str(translated)
    assert "\n" not in message
    assert KEY not in message
    assert re.search(expected, message), message


def test_call_model_errors_chains_transport_failures_and_passes_bugs() -> None:
    timeout = openai.APITimeoutError(request=_REQUEST)
    with pytest.raises(ModelError) as caught, call_model_errors():
        raise timeout
    assert caught.value.__cause__ is timeout
    with pytest.raises(ValueError, match="a bug"), call_model_errors():
        raise ValueError("a bug")


@pytest.mark.parametrize(
    ("error", "transport"),
    [
        (openai.APITimeoutError(request=_REQUEST), True),
        (lc_exceptions.ModelRateLimitError("429"), True),
        (TimeoutError(), True),
        (ValueError("bad"), False),
        (KeyError("x"), False),
    ],
    ids=["openai-timeout", "langchain-rate-limit", "builtin-timeout", "value-error", "key-error"],
)
def test_is_transport_error(error: BaseException, transport: bool) -> None:
    assert is_transport_error(error) is transport


@pytest.mark.live
def test_live_openai_answers_structured() -> None:
    """Runs only with --live: a real key from the environment and a real network call."""
    from pydantic import BaseModel

    class Answer(BaseModel):
        severity: str

    settings = load_settings()
    model = get_model(settings.model, settings)
    if model is None:
        pytest.skip("no model configured (set OPENAI_API_KEY or POSTMORTEM_MODEL)")
    spec = PromptSpec(
        id="live_check",
        version=1,
        returns="Answer",
        variables=("notes",),
        system="Classify incident severity as P0-P4.",
        user="<incident_data>\n{notes}\n</incident_data>",
    )
    result = invoke_structured(
        model, ChainPrompt(spec, Answer), {"notes": "Checkout down for all users, 40 min."}
    )
    assert result.value.severity.startswith("P")

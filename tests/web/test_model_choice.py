"""The model picked in the web form: built from the settings plus the typed fields."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.errors import ConfigError
from assistant.models.scripted import ScriptedChatModel
from assistant.settings import Settings, load_settings
from assistant.web.model_choice import (
    MODEL_CHOICES,
    STARTED,
    ModelSetup,
    OperatorPolicy,
    mode_line,
    model_for,
    model_label,
    scrub_secret,
)

SERVER_KEY = "sk-server-OWN-key-1b2c"
TYPED_KEY = "sk-typed-by-user-9d8e"


def _base(**overrides: Any) -> Settings:
    return load_settings(None, timeout_s=5, max_retries=0, **overrides)


def test_every_choice_offered_is_understood() -> None:
    assert [value for _, value in MODEL_CHOICES] == ["offline", "openai", "compatible"]
    assert model_for("offline", "gpt-4o-mini", "", TYPED_KEY, _base()) is None


@pytest.mark.parametrize(
    ("choice", "name", "url", "key", "message"),
    [
        ("openai", "  ", "", TYPED_KEY, "enter a model name"),
        ("compatible", "llama3", "", TYPED_KEY, "enter the server's base URL"),
        ("compatible", "llama3", "127.0.0.1:11434/v1", "", "enter the server's base URL"),
        ("openai", "gpt-4o-mini", "", "", "enter your OpenAI API key"),
    ],
    ids=["no-name", "no-url", "url-without-scheme", "openai-without-key"],
)
def test_incomplete_forms_say_what_to_enter(
    choice: str, name: str, url: str, key: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        model_for(choice, name, url, key, _base())


def _built(
    choice: str, name: str, url: str, key: str, policy: OperatorPolicy | None = None
) -> ChatOpenAI:
    settings = _base(openai_api_key=SecretStr(SERVER_KEY))
    model = model_for(choice, name, url, key, settings, policy)
    assert isinstance(model, ChatOpenAI)
    return model


def _key(model: ChatOpenAI) -> str:
    assert isinstance(model.openai_api_key, SecretStr)
    return model.openai_api_key.get_secret_value()


def test_openai_choice_uses_the_typed_key_over_the_server_key() -> None:
    model = _built("openai", " gpt-4o-mini ", "", f" {TYPED_KEY} ")
    assert model.model_name == "gpt-4o-mini"
    assert _key(model) == TYPED_KEY


def test_openai_choice_without_a_typed_key_is_refused_unless_the_operator_allows() -> None:
    with pytest.raises(ConfigError, match="--allow-server-key"):
        _built("openai", "gpt-4o-mini", "", "")
    allowed = OperatorPolicy(allow_server_key=True)
    assert _key(_built("openai", "gpt-4o-mini", "", "", allowed)) == SERVER_KEY


def test_allowed_server_key_without_one_set_says_to_set_it() -> None:
    with pytest.raises(ConfigError, match="no API key: set OPENAI_API_KEY"):
        model_for("openai", "gpt-4o-mini", "", "", _base(), OperatorPolicy(allow_server_key=True))


@pytest.mark.parametrize(("typed", "sent"), [("", "unused"), (TYPED_KEY, TYPED_KEY)],
                         ids=["no-key-typed", "key-typed"])
def test_compatible_server_never_receives_the_server_key(typed: str, sent: str) -> None:
    model = _built("compatible", "llama3", " http://127.0.0.1:11434/v1 ", typed)
    assert model.openai_api_base == "http://127.0.0.1:11434/v1"
    assert _key(model) == sent


def test_model_label_and_mode_line_name_the_model() -> None:
    assert model_label(None) == "rules only (offline)"
    assert mode_line(None).startswith("Mode: **offline** (rules only).")
    scripted = ScriptedChatModel.from_list([])
    assert model_label(scripted).startswith("model ScriptedChatModel (")
    assert mode_line(scripted) == f"Mode: **{model_label(scripted)}**."


@pytest.mark.parametrize(
    ("secret", "expected"),
    [(f" {TYPED_KEY} ", "401 for key ***: invalid"), ("", f"401 for key {TYPED_KEY}: invalid"),
     (None, f"401 for key {TYPED_KEY}: invalid")],
    ids=["typed", "blank", "none"],
)
def test_scrub_secret_hides_only_a_typed_key(secret: str | None, expected: str) -> None:
    assert scrub_secret(f"401 for key {TYPED_KEY}: invalid", secret) == expected


def test_model_setup_picks_the_started_model_or_builds_the_form_one() -> None:
    started = ScriptedChatModel.from_list([])
    setup = ModelSetup(started, _base())
    assert setup.pick(STARTED, "", "", "") is started
    assert setup.pick("offline", "gpt-4o-mini", "", TYPED_KEY) is None
    built = setup.pick("openai", "gpt-4o-mini", "", TYPED_KEY)
    assert isinstance(built, ChatOpenAI) and built.model_name == "gpt-4o-mini"


def test_model_setup_applies_the_operator_policy() -> None:
    setup = ModelSetup(None, _base(openai_api_key=SecretStr(SERVER_KEY)),
                       OperatorPolicy(public=True))
    with pytest.raises(ConfigError, match="--allow-base-url"):
        setup.pick("compatible", "llama3", "http://127.0.0.1:11434/v1", "")
    with pytest.raises(ConfigError, match="--allow-server-key"):
        setup.pick("openai", "gpt-4o-mini", "", "")

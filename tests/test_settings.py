"""Settings: environment, .env file, overrides, and the model default that follows the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.settings import DEFAULT_OPENAI_MODEL, load_settings


def test_settings_default_to_offline_without_key() -> None:
    settings = load_settings(None)
    assert settings.model == "offline"
    assert settings.openai_api_key is None
    assert (settings.timeout_s, settings.max_retries, settings.pseudonymize) == (60.0, 2, False)


def test_settings_choose_openai_when_key_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdefghij")
    settings = load_settings(None)
    assert settings.model == DEFAULT_OPENAI_MODEL == "openai:gpt-4o-mini"
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-test-0123456789abcdefghij"


def test_settings_keep_explicit_model_even_with_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdefghij")
    monkeypatch.setenv("POSTMORTEM_MODEL", "offline")
    assert load_settings(None).model == "offline"


def test_settings_read_prefixed_variables_and_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTMORTEM_TIMEOUT_S", "7.5")
    monkeypatch.setenv("POSTMORTEM_MAX_RETRIES", "0")
    monkeypatch.setenv("POSTMORTEM_PSEUDONYMIZE", "true")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    settings = load_settings(None)
    assert settings.timeout_s == 7.5
    assert settings.max_retries == 0
    assert settings.pseudonymize is True
    assert settings.openai_base_url == "http://127.0.0.1:11434/v1"


def test_settings_read_dotenv_file_and_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "OPENAI_API_KEY=sk-from-dotenv-0123456789abcdef\n"
        "POSTMORTEM_TIMEOUT_S=12\n"
        "POSTMORTEM_MAX_RETRIES=4\n"
        "UNRELATED_TOOL_SETTING=1\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("POSTMORTEM_MAX_RETRIES", "1")
    settings = load_settings(str(env_file))
    assert settings.model == DEFAULT_OPENAI_MODEL
    assert settings.timeout_s == 12
    assert settings.max_retries == 1


def test_settings_overrides_beat_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POSTMORTEM_MODEL", "openai:gpt-4o")
    settings = load_settings(None, model="scripted:evals/responses", timeout_s=3)
    assert settings.model == "scripted:evals/responses"
    assert settings.timeout_s == 3


def test_settings_treat_blank_key_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "  ")
    settings = load_settings(None)
    assert settings.openai_api_key is None
    assert settings.model == "offline"


def test_settings_never_show_the_key() -> None:
    settings = load_settings(None, openai_api_key="sk-proj-secretvalue0123456789")
    assert "secretvalue" not in repr(settings)
    assert "secretvalue" not in settings.model_dump_json()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("POSTMORTEM_TIMEOUT_S", "0", "POSTMORTEM_TIMEOUT_S"),
        ("POSTMORTEM_TIMEOUT_S", "soon", "POSTMORTEM_TIMEOUT_S"),
        ("POSTMORTEM_MAX_RETRIES", "-1", "POSTMORTEM_MAX_RETRIES"),
    ],
    ids=["zero-timeout", "non-numeric-timeout", "negative-retries"],
)
def test_settings_reject_bad_values_with_config_error(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=message):
        load_settings(None)


def test_tests_do_not_read_the_working_directory_dotenv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("OPENAI_API_KEY=sk-developer-key-0123456789\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_settings().openai_api_key is None
    assert load_settings(".env").openai_api_key is not None

"""The app and the operator's settings: whose key a visitor spends, what a typed URL receives.

Requests go to the local OpenAI-compatible stub, which records their headers; the server's
own key, organization and project are set as the environment of a real deployment would.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr
import pytest
from langchain_openai import ChatOpenAI
from pydantic import SecretStr
from stub_server import RunningStub, run_stub

from assistant.cli import main
from assistant.errors import ConfigError, ModelError
from assistant.models.registry import call_model_errors, get_model
from assistant.settings import Settings, load_settings
from assistant.web import app as web_app
from assistant.web.model_choice import (
    ModelSetup,
    OperatorPolicy,
    base_url_matches,
    is_loopback_host,
)
from assistant.web.model_picker import build_model_picker

SERVER_KEY = "sk-server-" + "own-key-7f3a"
ORG = "org-server-" + "internal-42"
PROJECT = "proj_server_" + "internal_42"


@pytest.fixture(scope="module")
def stub() -> Iterator[RunningStub]:
    with run_stub() as running:
        yield running


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, stub: RunningStub) -> Settings:
    """The server's settings: its own key, and an organization and project in its environment."""
    stub.state.reset()
    monkeypatch.setenv("OPENAI_ORG_ID", ORG)
    monkeypatch.setenv("OPENAI_PROJECT_ID", PROJECT)
    return load_settings(None, openai_api_key=SecretStr(SERVER_KEY), timeout_s=5, max_retries=0)


def _ask(model: Any) -> None:
    with call_model_errors():
        model.invoke("ping")


@pytest.mark.parametrize(("typed", "sent"), [("", "unused"), ("sk-visitor-" + "typed-1", None)],
                         ids=["no-key-typed", "key-typed"])
def test_typed_base_url_receives_nothing_of_the_servers_settings(
    stub: RunningStub, server: Settings, typed: str, sent: str | None
) -> None:
    stub.state.replies.append("pong")
    model = ModelSetup(None, server).pick("compatible", "llama3", stub.base_url, typed)
    _ask(model)
    (headers,) = stub.state.headers
    assert headers["authorization"] == f"Bearer {sent or typed}"
    assert "openai-organization" not in headers
    assert "openai-project" not in headers
    assert not any(SERVER_KEY in v or ORG in v or PROJECT in v for v in headers.values())


def test_the_servers_own_model_still_sends_its_organization(
    stub: RunningStub, server: Settings
) -> None:
    stub.state.replies.append("pong")
    own = server.model_copy(update={"openai_base_url": stub.base_url})
    _ask(get_model("openai:stub-ok", own))
    assert stub.state.headers[0]["openai-organization"] == ORG


def test_error_body_of_a_typed_url_is_not_shown(stub: RunningStub, server: Settings) -> None:
    model = ModelSetup(None, server).pick("compatible", "llama3", stub.base_url, "")
    with pytest.raises(ModelError) as caught:
        _ask(model)  # nothing queued: the stub answers 400 with its own text
    message = str(caught.value)
    assert "HTTP 400" in message
    assert "stub" not in message and "queued" not in message


def test_empty_key_field_spends_the_server_key_only_when_allowed(server: Settings) -> None:
    with pytest.raises(ConfigError, match="--allow-server-key"):
        ModelSetup(None, server).pick("openai", "gpt-4o-mini", "", "")
    allowed = ModelSetup(None, server, OperatorPolicy(allow_server_key=True))
    model = allowed.pick("openai", "gpt-4o-mini", "", "")
    assert isinstance(model, ChatOpenAI)
    assert isinstance(model.openai_api_key, SecretStr)
    assert model.openai_api_key.get_secret_value() == SERVER_KEY


def test_key_field_says_whose_key_is_used(server: Settings) -> None:
    refused = OperatorPolicy().key_notice(server)
    lent = OperatorPolicy(allow_server_key=True).key_notice(server)
    assert "needs your own key" in refused
    assert "empty uses this server's own key" in lent
    with gr.Blocks():
        picker = build_model_picker(None, lent)
    assert picker.api_key.info == lent


@pytest.mark.parametrize(
    ("policy", "url", "allowed"),
    [
        (OperatorPolicy(), "http://10.0.0.5:11434/v1", True),
        (OperatorPolicy(public=True), "http://127.0.0.1:11434/v1", False),
        (OperatorPolicy(public=True, allowed_base_urls=("http://127.0.0.1:*",)),
         "http://127.0.0.1:11434/v1", True),
        (OperatorPolicy(public=True, allowed_base_urls=("http://127.0.0.1:*",)),
         "http://127.0.0.1:11434@169.254.169.254/v1", False),
        (OperatorPolicy(public=True, allowed_base_urls=(r"^https://llm\.example\.org/v1$",)),
         "https://llm.example.org/v1/", True),
        (OperatorPolicy(public=True, allowed_base_urls=(r"^https://llm\.example\.org/v1$",)),
         "https://llm.example.org.evil.io/v1", False),
        (OperatorPolicy(allowed_base_urls=("https://llm.example.org/*",)),
         "http://127.0.0.1:11434/v1", False),
    ],
    ids=["loopback-app-any-url", "public-app-refuses", "public-app-glob", "user-info-trick",
         "regex-trailing-slash", "regex-suffix-trick", "pattern-applies-on-loopback-too"],
)
def test_typed_base_urls_follow_the_operators_patterns(
    policy: OperatorPolicy, url: str, allowed: bool
) -> None:
    if allowed:
        assert policy.checked_base_url(url).startswith(url.rstrip("/"))
    else:
        with pytest.raises(ConfigError):
            policy.checked_base_url(url)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("0.0.0.0", False), ("192.168.1.20", False), ("app.example.org", False)],
)
def test_loopback_hosts_are_recognised(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


def test_glob_and_regex_patterns() -> None:
    assert base_url_matches("http://127.0.0.1:*", "http://127.0.0.1:8000/v1")
    assert not base_url_matches("http://127.0.0.1:*", "http://10.0.0.1:8000/v1")
    assert base_url_matches(r"^http://(127\.0\.0\.1|localhost):\d+/v1$", "http://localhost:1/v1")


def test_serve_passes_the_operators_flags_to_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(web_app, "serve", lambda **kwargs: seen.update(kwargs))
    code = main(["serve", "--host", "0.0.0.0", "--allow-server-key",
                 "--allow-base-url", "http://127.0.0.1:*", "--allow-base-url", "^https://x/v1$"])
    assert code == 0
    assert seen["host"] == "0.0.0.0"
    assert seen["allow_server_key"] is True
    assert seen["allow_base_urls"] == ("http://127.0.0.1:*", "^https://x/v1$")


def test_serve_refuses_a_bad_regex(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--allow-base-url", "^https://(x"])
    assert exited.value.code == 2
    assert "bad regex" in capsys.readouterr().err


def test_serve_on_a_network_address_makes_the_policy_public(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built: list[OperatorPolicy] = []

    def fake_build(*_args: Any, policy: OperatorPolicy, **_kwargs: Any) -> str:
        built.append(policy)
        return "blocks"

    monkeypatch.setattr(web_app, "build_app", fake_build)
    monkeypatch.setattr(web_app, "launch_app", lambda *_args, **_kwargs: None)
    web_app.serve(host="0.0.0.0")
    web_app.serve(host="127.0.0.1", allow_base_urls=("http://127.0.0.1:*",))
    assert [p.public for p in built] == [True, False]
    assert built[1].allowed_base_urls == ("http://127.0.0.1:*",)

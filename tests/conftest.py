"""Shared test set-up: offline, deterministic, no real keys.

- Environment variables that keep gradio and Hugging Face offline are set at import time,
  before any test module imports gradio.
- Every test runs with non-loopback network blocked, without OPENAI_API_KEY, OPENAI_BASE_URL,
  POSTMORTEM_* or LangSmith tracing variables, and without reading the working directory's
  ``.env`` through ``load_settings()``; tests marked ``live`` are skipped unless pytest runs with
  ``--live`` (and then keep the network, the key and ``.env``).
- tiktoken's cache is seeded once per test run into a temporary directory, so token counting never
  downloads.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from assistant import settings as settings_module
from assistant.models.tokens import seed_tiktoken_cache

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["GRADIO_RUN_HISTORY"] = "False"

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost", "0:0:0:0:0:0:0:1"})
_UNSET = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_ORG_ID",
    "OPENAI_ORGANIZATION",
    "OPENAI_PROJECT",
    "OPENAI_PROJECT_ID",
    "POSTMORTEM_MODEL",
    "POSTMORTEM_TIMEOUT_S",
    "POSTMORTEM_MAX_RETRIES",
    "POSTMORTEM_PSEUDONYMIZE",
    "LANGCHAIN_TRACING_V2",
    "LANGSMITH_TRACING",
    "LANGSMITH_API_KEY",
    "LANGCHAIN_API_KEY",
)


class NetworkBlockedError(RuntimeError):
    """A test tried to reach a host other than loopback."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--live",
        action="store_true",
        default=False,
        help="run tests marked 'live' against a real model (needs OPENAI_API_KEY and network)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--live"):
        return
    skip_live = pytest.mark.skip(reason="calls a real model; run with --live to enable")
    for item in items:
        if "live" in item.keywords:
            item.add_marker(skip_live)


def _host_of(address: Any) -> str | None:
    """The host of a socket address; None for Unix sockets (paths), which are always local."""
    if isinstance(address, tuple) and address:
        return str(address[0])
    return None


def _check_host(host: str | None) -> None:
    if host is not None and host.lower() not in LOOPBACK_HOSTS:
        raise NetworkBlockedError(
            f"network access to {host} is blocked in tests (only loopback is allowed)"
        )


@pytest.fixture(scope="session", autouse=True)
def _tiktoken_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Seed tiktoken once per test run from the shipped encodings (no download)."""
    seed_tiktoken_cache(str(tmp_path_factory.mktemp("tiktoken")))


@pytest.fixture(autouse=True)
def _offline(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Block non-loopback connections and hide real credentials, except for ``live`` tests."""
    if request.node.get_closest_marker("live") is not None:
        yield
        return
    for name in _UNSET:
        monkeypatch.delenv(name, raising=False)
    # A developer's own .env (with a real key) must not change what tests see; tests that
    # exercise .env reading pass the file explicitly.
    monkeypatch.setattr(settings_module.load_settings, "__defaults__", (None,))

    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_create_connection = socket.create_connection

    def guarded_connect(self: socket.socket, address: Any) -> None:
        _check_host(_host_of(address))
        real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        _check_host(_host_of(address))
        return real_connect_ex(self, address)

    def guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        _check_host(_host_of(address))
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "create_connection", guarded_create_connection)
    yield

"""Browser tests: the app in-process on 127.0.0.1, driven by Debian's Chromium via Playwright.

No browser is ever downloaded: the tests use ``/usr/bin/chromium`` (``apt-get install chromium``)
through Playwright's sync API, and are skipped with a reason when it is missing. Screenshots go
to ``artifacts/screenshots/`` (git-ignored) so a person can look at what the tests saw.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test here as a browser test; skip them all when Chromium is not installed."""
    here = Path(__file__).parent
    missing = shutil.which("chromium") is None or not Path(CHROMIUM).exists()
    for item in items:
        if here not in Path(str(item.fspath)).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(
                reason=f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module; Playwright's sync API runs an event loop on this thread,
    so it is stopped as soon as the module ends (later tests call ``asyncio.run``)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    from assistant.web import app

    demo = app.build_app(model=None)
    app.launch_app(demo, host="127.0.0.1", port=_free_port(), block=False, quiet=True)
    try:
        yield demo.local_url.rstrip("/")
    finally:
        demo.close()


@pytest.fixture()
def outside_requests() -> list[str]:
    """URLs the page asked for on any host other than loopback (filled during the test)."""
    return []


@pytest.fixture()
def page(browser: Any, app_url: str, outside_requests: list[str]) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)

    def note(request: Any) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in (
            "127.0.0.1", "localhost"
        ):
            outside_requests.append(request.url)

    tab.on("request", note)
    tab.goto(app_url)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

"""Browser tests: the real app served by uvicorn on a free port, driven in Debian's Chromium
through Playwright. Screenshots land in tests/artifacts/screenshots (kept by CI as artifacts)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright

from privault.services.vault import Vault
from privault.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).parent.parent / "artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def live_server(vault: Vault) -> Iterator[str]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(vault=vault), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context per test (own cookies), in Chinese unless a test asks."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 768})
    opened = context.new_page()
    yield opened
    context.close()


def shoot(page: Page, request: pytest.FixtureRequest, step: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{request.node.name}-{step}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# Browser tests run on SQLite only (issue 18), to keep the suite's time: the PostgreSQL pass of
# `make test` leaves them out (what they drive, the web layer, is the same on both databases).
if os.environ.get("PRIVAULT_TEST_DATABASE_URL"):
    collect_ignore_glob = ["test_*.py"]

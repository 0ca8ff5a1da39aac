"""A crash inside a request is logged by the real server without the exception's text, which
may quote a personal value (issue 13.6: openpyxl's error for a NUL quoted the whole cell)."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator

import httpx2 as httpx
import pytest
import uvicorn
from fastapi import FastAPI

from privault.services.vault import Vault
from privault.web.app import create_app

SECRET = "张三丰 13812345678"


class WorksheetError(Exception):
    """Shaped like openpyxl's IllegalCharacterError: the message quotes the value."""


class Server:
    """The real server in a thread; `stop` waits for it, so every log line is written."""

    def __init__(self, app: FastAPI) -> None:
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        # Connections wait in the backlog until the server accepts: no polling for readiness.
        self._listener.listen()
        host, port = self._listener.getsockname()
        self.url = f"http://{host}:{port}"
        self._server = uvicorn.Server(uvicorn.Config(app, log_config=None, log_level="info"))
        sockets = {"sockets": [self._listener]}
        self._thread = threading.Thread(target=self._server.run, kwargs=sockets, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._listener.close()


@pytest.fixture
def crashing_server(vault: Vault) -> Iterator[Server]:
    app = create_app(vault=vault)

    @app.get("/_crash")
    def crash() -> None:
        try:
            raise KeyError(SECRET)
        except KeyError as inner:  # a chained cause is printed in a traceback too
            raise WorksheetError(f"{SECRET} cannot be used in worksheets.") from inner

    server = Server(app)
    yield server
    server.stop()


def test_a_crash_is_logged_by_type_and_place_never_with_its_message(
    crashing_server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    # Whatever an earlier test configured, uvicorn's own logger reaches the capture.
    uvicorn_errors = logging.getLogger("uvicorn.error")
    uvicorn_errors.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="uvicorn.error"):
            response = httpx.get(f"{crashing_server.url}/_crash", timeout=10)
            crashing_server.stop()
    finally:
        uvicorn_errors.removeHandler(caplog.handler)

    assert response.status_code == 500
    assert SECRET not in response.text
    assert "WorksheetError" in caplog.text  # what failed and where is still logged
    assert "KeyError" in caplog.text
    assert "in crash" in caplog.text  # the frame that raised
    assert "张三丰" not in caplog.text
    assert "13812345678" not in caplog.text

"""`privault serve` as a real process on a free port, its output kept in a file: for the tests
of what the installed server does (access log, forwarded headers, sqlmap)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.cli.test_cli import PRIVAULT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_serving(process: subprocess.Popen[bytes], port: int) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, "the server exited"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", "/api/v1/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass  # not listening yet
        finally:
            connection.close()
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.1)


@contextmanager
def served(home: Path, log: Path, **env: str) -> Iterator[str]:
    """The base URL of `privault serve` on `home` (SQLite); stdout and stderr go to `log`."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PRIVAULT_")}
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(PRIVAULT), "serve", "--port", str(port)],
            env=clean | {"PRIVAULT_HOME": str(home)} | env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_serving(process, port)
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

"""A role matrix changed while `privault serve --workers 2` runs reaches every worker at its next
request, without a restart. SQLite only, like the other tests of the installed command."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from privault.config import Settings
from privault.domain.policy import Actor
from privault.presets import roles_text
from privault.services.staff.role_matrix import set_roles_document
from privault.services.staff.tokens import countersign_token
from privault.services.vault import open_vault
from tests.cli.test_cli import PRIVAULT, Cli, copy_of, signed_in_admin

WORKERS = 2
FIND = "/api/v1/customers/find"
LOOKUP = b'{"by": "mobile_tail", "value": "8000"}'
# The first role in the file is front_desk: without customer.search its token cannot find.
NO_SEARCH = roles_text().replace('"customer.search", ', "", 1)
ATTEMPTS = 400  # fresh connections tried until every worker answered one


class Server:
    """`privault serve --workers 2` on a free port; tells which worker answered a connection."""

    def __init__(self, home: Path, log: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVAULT_")}
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [str(PRIVAULT), "serve", "--workers", str(WORKERS), "--port", str(self.port)],
            env=env | {"PRIVAULT_HOME": str(home)},
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            assert self.process.poll() is None, "the server exited"
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
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

    def worker_of(self, connection: http.client.HTTPConnection) -> int:
        """The worker process holding the server end of this (kept-alive) connection."""
        assert connection.sock is not None
        client_port = connection.sock.getsockname()[1]
        for worker in psutil.Process(self.process.pid).children(recursive=True):
            try:
                held = worker.net_connections(kind="tcp4")
            except psutil.NoSuchProcess:  # uvicorn replaced a worker that missed a health check
                continue
            if any(
                c.laddr.port == self.port and c.raddr and c.raddr.port == client_port for c in held
            ):
                return worker.pid
        raise AssertionError("no worker holds the connection")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


@pytest.fixture(scope="module")
def admin_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return signed_in_admin(tmp_path_factory, "workers-template")


@pytest.fixture
def cli(admin_home: Path, tmp_path: Path) -> Cli:
    return copy_of(admin_home, tmp_path)


@pytest.fixture
def server(cli: Cli, tmp_path: Path) -> Iterator[Server]:
    running = Server(cli.home, tmp_path / "serve.log")
    try:
        running.wait_until_serving()
        yield running
    finally:
        running.stop()


def _every_worker_answers(server: Server, token: str, expected: int) -> dict[int, int]:
    """Fresh connections until each worker answered one; every answer must be `expected`.
    Returns how many requests each worker served."""
    served: dict[int, int] = {}
    for _ in range(ATTEMPTS):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            connection.request("POST", FIND, body=LOOKUP, headers=headers)
            response = connection.getresponse()
            body = response.read()
            assert response.status == expected, body
            worker = server.worker_of(connection)
        finally:
            connection.close()
        served[worker] = served.get(worker, 0) + 1
        if len(served) == WORKERS:
            return served
    raise AssertionError(f"only workers {sorted(served)} answered {ATTEMPTS} connections")


def _countersign_with_the_service(home: Path, token: str) -> None:
    """A front-desk token sees personal data: a second privacy officer vouches for it."""
    vault = open_vault(Settings(home=home, database_url="", keystore_url=""))
    try:
        countersign_token(vault, Actor("po.qian", frozenset({"privacy_officer"})), token)
    finally:
        vault.close()


def _set_roles_with_the_service(home: Path, text: str) -> None:
    vault = open_vault(Settings(home=home, database_url="", keystore_url=""))
    try:
        set_roles_document(vault, Actor("owner", frozenset({"admin"})), text)
    finally:
        vault.close()


def test_a_role_matrix_change_reaches_every_worker_at_its_next_request(
    cli: Cli, server: Server, tmp_path: Path
) -> None:
    token = cli.json("tokens", "create", "--name", "pos.main", "--role", "front_desk")["token"]
    _countersign_with_the_service(cli.home, "pos.main")
    before = _every_worker_answers(server, token, 200)  # each worker now caches the matrix

    stricter = tmp_path / "roles.toml"
    stricter.write_text(NO_SEARCH, encoding="utf-8")
    assert cli.json("policy", "set", str(stricter)) == {"updated": True}
    after = _every_worker_answers(server, token, 403)

    _set_roles_with_the_service(cli.home, roles_text())
    again = _every_worker_answers(server, token, 200)
    assert set(before) == set(after) == set(again), "a worker was replaced: its cache went cold"

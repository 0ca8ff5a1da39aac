"""A local HTTP server that behaves like an SMS provider: it takes batches with an idempotency
key (a repeated key is answered from its record, never sent again), answers with per-message
receipts, refuses bad numbers, can be told to fail or to answer too late, and writes the
delivery reports it would call back with."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "test-token"


@dataclass
class Provider:
    delivered: list[dict[str, str]] = field(default_factory=list)  # what reached phones
    answers: dict[str, bytes] = field(default_factory=dict)  # idempotency key -> answer
    fail_next: int = 0  # answer 503 to this many calls
    late_next: int = 0  # take this many calls, then answer after the client gave up
    late_seconds: float = 0.0
    calls: int = 0

    def take(self, key: str, body: bytes) -> tuple[int, bytes]:
        self.calls += 1
        if self.fail_next:
            self.fail_next -= 1
            return 503, b""
        if key not in self.answers:
            messages = json.loads(body)["messages"]
            self.answers[key] = json.dumps({"results": [self._one(m) for m in messages]}).encode()
        return 200, self.answers[key]

    def delivery_reports(self, failed: frozenset[str] = frozenset()) -> bytes:
        """The body of the provider's delivery-report call for every message it took: by its
        own message id; those to a number in `failed` did not reach the phone."""
        reports = [
            {"message_id": f"m{i}", "status": "undeliv", "code": "MK:0001"}
            if m["to"] in failed
            else {"message_id": f"m{i}", "status": "DELIVRD"}
            for i, m in enumerate(self.delivered, start=1)
        ]
        return json.dumps({"reports": reports}).encode()

    def _one(self, message: dict[str, str]) -> dict[str, str]:
        if not message["to"].startswith("1"):
            return {"id": message["id"], "status": "rejected", "code": "invalid_number"}
        self.delivered.append(message)
        return {"id": message["id"], "status": "accepted", "message_id": f"m{len(self.delivered)}"}


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                self._answer(401, b"")
                return
            status, answer = provider.take(self.headers.get("Idempotency-Key", ""), body)
            if provider.late_next:
                provider.late_next -= 1
                time.sleep(provider.late_seconds)
            self._answer(status, answer)

        def _answer(self, status: int, body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                pass  # the client gave up waiting

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@contextmanager
def running_provider() -> Iterator[tuple[str, Provider]]:
    provider = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/messages", provider
    finally:
        server.shutdown()
        server.server_close()

"""An HTTP SMS gateway adapter (a provider's JSON API), with the standard library's urllib.

A batch goes in one POST carrying an idempotency key made of its deliveries' keys: a retry after
a timeout or a 5xx is answered by the provider from its record, never sent twice. Webhooks the
provider calls back (replies, receipts) are signed with HMAC-SHA256 over timestamp and body."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from http.client import HTTPException

from privault.infra.senders import Outcome, Outgoing, Receipt, unanswered

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
WEBHOOK_WINDOW = timedelta(minutes=5)


class HttpSmsGateway:
    keeps_idempotency_keys = True

    def __init__(
        self,
        url: str,
        token: str,
        *,
        attempts: int = 3,
        timeout: float = 10.0,
        pause: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url
        self.token = token
        self.attempts = attempts
        self.timeout = timeout
        self.pause = pause
        self._sleep = sleep

    def send_batch(self, batch: Sequence[Outgoing]) -> list[Receipt]:
        body = json.dumps(
            {"messages": [{"id": m.key, "to": m.to, "text": m.body} for m in batch]},
            ensure_ascii=False,
        ).encode()
        key = hashlib.sha256("\n".join(m.key for m in batch).encode()).hexdigest()
        maybe_taken = False
        for attempt in range(self.attempts):
            if attempt:
                self._sleep(self.pause * attempt)
            try:
                status, answer = self._post(body, key)
            except urllib.error.URLError as error:
                # Refused before a byte was sent: not taken. A timeout after sending may be.
                maybe_taken |= not isinstance(error.reason, ConnectionRefusedError)
                continue
            except (TimeoutError, HTTPException, OSError):
                maybe_taken = True
                continue
            if status == 200:
                return _receipts(answer)
            if status not in RETRY_STATUSES:
                return [Receipt(m.key, Outcome.FAILED, error=f"http_{status}") for m in batch]
            maybe_taken |= status >= 500
        return unanswered(batch, Outcome.LOST if maybe_taken else Outcome.NOT_SENT)

    def _post(self, body: bytes, key: str) -> tuple[int, bytes]:
        request = urllib.request.Request(  # noqa: S310 (the configured gateway's URL)
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return int(response.status), bytes(response.read())
        except urllib.error.HTTPError as error:
            return int(error.code), b""


def _receipts(answer: bytes) -> list[Receipt]:
    try:
        results = json.loads(answer)["results"]
        return [
            Receipt(
                str(r["id"]),
                Outcome.SENT if r.get("status") == "accepted" else Outcome.FAILED,
                ref=str(r.get("message_id") or ""),
                error=str(r.get("code") or ""),
            )
            for r in results
        ]
    except (ValueError, KeyError, TypeError):
        return []  # an answer nobody can read: the batch counts as lost


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return mac.hexdigest()


def is_genuine_webhook(
    secret: str, timestamp: str, body: bytes, signature: str, now: datetime
) -> bool:
    """Signed with the shared secret, and recent (an old call replayed is refused)."""
    if not secret or not timestamp.isdigit():
        return False
    sent = datetime.fromtimestamp(int(timestamp), tz=now.tzinfo)
    if abs(now - sent) > WEBHOOK_WINDOW:
        return False
    return hmac.compare_digest(webhook_signature(secret, timestamp, body), signature)

"""POST /webhooks/sms: public, protected by the gateway's signature; the answer is the same
whatever the number."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from privault.infra.sms_http import webhook_signature
from privault.services.vault import Vault
from privault.web.app import create_app
from tests.conftest import FrozenClock

SECRET = "shared with the gateway"


def test_the_webhook_answers_a_signed_call_and_refuses_an_unsigned_one(
    vault: Vault, clock: FrozenClock
) -> None:
    vault.settings = vault.settings.model_copy(update={"sms_webhook_secret": SECRET})
    body = json.dumps({"from": "13900009999", "text": "T"}).encode()
    stamp = str(int(clock.now.timestamp()))
    headers = {"X-Timestamp": stamp, "X-Signature": webhook_signature(SECRET, stamp, body)}
    with TestClient(create_app(vault=vault)) as client:
        signed = client.post("/webhooks/sms", content=body, headers=headers)
        unsigned = client.post("/webhooks/sms", content=body)
    assert (signed.status_code, signed.json()) == (200, {"ok": True})
    assert unsigned.status_code == 403


def test_the_receipts_webhook_answers_a_signed_call_and_refuses_an_unsigned_one(
    vault: Vault, clock: FrozenClock
) -> None:
    vault.settings = vault.settings.model_copy(update={"sms_webhook_secret": SECRET})
    body = json.dumps({"reports": [{"id": "unknown", "status": "DELIVRD"}]}).encode()
    stamp = str(int(clock.now.timestamp()))
    headers = {"X-Timestamp": stamp, "X-Signature": webhook_signature(SECRET, stamp, body)}
    bad = b'{"reports": "none"}'
    bad_headers = {"X-Timestamp": stamp, "X-Signature": webhook_signature(SECRET, stamp, bad)}
    with TestClient(create_app(vault=vault)) as client:
        signed = client.post("/webhooks/sms/receipts", content=body, headers=headers)
        unreadable = client.post("/webhooks/sms/receipts", content=bad, headers=bad_headers)
        unsigned = client.post("/webhooks/sms/receipts", content=body)
    assert (signed.status_code, signed.json()) == (200, {"ok": True, "settled": 0, "ignored": 1})
    assert unreadable.status_code == 422
    assert unsigned.status_code == 403

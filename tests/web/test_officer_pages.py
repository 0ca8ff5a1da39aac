"""The officer pages: requests and their steps, exports, alerts, audit trail, staff, dashboard."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import ADMIN, form_token, sign_in, staff_account


def test_smoke(vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor) -> None:
    officer = staff_account(vault, "zhao.officer", ["privacy_officer"])
    sign_in(client, officer, clock)
    cid = register(vault, operator)
    page = client.get(f"/requests/new?customer={cid}")
    assert page.status_code == 200, page.text
    token = form_token(client, f"/requests/new?customer={cid}")
    r = client.post(
        "/requests/new",
        data={
            "csrf_token": token,
            "customer": cid,
            "type": "deletion",
            "channel": "store",
            "note": "<script>alert(1)</script>",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    loc = r.headers["location"]
    page = client.get(loc)
    print(page.text)
    assert page.status_code == 200
    q = client.get("/requests")
    assert q.status_code == 200, q.text

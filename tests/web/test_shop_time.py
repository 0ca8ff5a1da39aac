"""Every time a page shows is in the shop's time zone with the zone named: a consent given at
23:58 in Shanghai reads 23:58, not the 15:58 of UTC."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import register
from tests.web.conftest import sign_in, staff_account


def test_consent_and_audit_pages_show_shop_time_with_the_zone(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    clock.advance(hours=6, minutes=28)  # 15:58 UTC, 23:58 in Shanghai
    customer = register(vault, OPERATOR)
    sign_in(client, staff_account(vault, "po.li", ["privacy_officer"]), clock)

    consents = client.get(f"/customers/{customer}/consents")
    audit = client.get("/audit")

    assert consents.status_code == 200
    assert "2026-11-23 23:58 Asia/Shanghai" in consents.text
    assert "15:58" not in consents.text
    assert audit.status_code == 200
    assert "2026-11-23 23:58:00 Asia/Shanghai" in audit.text
    assert "15:58" not in audit.text

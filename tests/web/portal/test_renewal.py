"""The portal after a notice change: a material one shows the consents on hold and renews them
in one step; another one is shown as an update only."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from privault.domain.policy import Action, Actor
from privault.presets import load_preset
from privault.services.consents.ledger import list_consents
from privault.services.consents.notices import publish_notice
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.web.portal.test_pages import (  # noqa: F401 -- fixtures
    consents_of,
    customer,
    events,
    mobile,
    portal_sign_in,
    post,
)


def _notice(**extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(load_preset("salon")["notice"])
    return {**document, "version": "2026.2", **extra}


@pytest.mark.legal("PIPL Art. 14(2)")
@pytest.mark.legal("PIPL Art. 14")
def test_a_customer_renews_the_consents_a_material_change_put_on_hold_in_one_step(
    client: TestClient,
    vault: Vault,
    operator: Actor,
    clock: FrozenClock,
    customer: str,  # noqa: F811
    mobile: str,  # noqa: F811
) -> None:
    clock.advance(days=30)
    publish_notice(
        vault, operator, _notice(material=True, renew=["marketing_sms", "marketing_email"])
    )
    assert consents_of(vault, customer) == {"service", "membership"}
    clock.advance(days=1)
    portal_sign_in(client, vault, mobile)
    page = client.get("/portal/me/consents", headers={"Accept-Language": "en"})
    assert "The privacy notice changed" in page.text
    assert "notice 2026.2" in page.text
    assert page.text.count("Waiting for your renewal") == 2

    assert post(client, "/portal/me/consents/renew", {"customer_id": customer}) == 303
    assert consents_of(vault, customer) == {
        "service",
        "membership",
        "marketing_sms",
        "marketing_email",
    }
    renewed = list_consents(vault, OPERATOR, customer)[-2:]
    assert {(r.purpose, r.action, r.notice_version, r.channel) for r in renewed} == {
        ("marketing_email", "grant", "2026.2", "web"),
        ("marketing_sms", "grant", "2026.2", "web"),
    }
    trail = [e for e in events(vault, customer) if e.action == Action.CONSENT]
    assert trail[0].reason == "renewed by the customer in the portal under notice 2026.2"
    after = client.get("/portal/me/consents?done=renewed", headers={"Accept-Language": "en"})
    assert "The privacy notice changed" not in after.text
    assert "your consents are renewed" in after.text
    assert post(client, "/portal/me/consents/renew", {"customer_id": customer}) == 422


def test_a_change_that_is_not_material_is_shown_as_an_update(
    client: TestClient,
    vault: Vault,
    operator: Actor,
    clock: FrozenClock,
    customer: str,  # noqa: F811
    mobile: str,  # noqa: F811
) -> None:
    clock.advance(days=30)
    publish_notice(vault, operator, _notice())
    portal_sign_in(client, vault, mobile)
    page = client.get("/portal/me/consents")
    assert "隐私告知已更新（版本 2026.2）" in page.text
    assert "隐私告知已变更" not in page.text
    assert "等待您重新确认" not in page.text

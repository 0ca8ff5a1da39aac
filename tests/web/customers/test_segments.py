"""Marketing sees how many customers each purpose reaches, never who they are."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.restriction import restrict_customer
from privault.services.customers.segments import count_audiences
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.random_ids import without_random_ids
from tests.web.conftest import ADMIN, sign_in, staff_account

MARKETING = Actor("mkt.zhou", frozenset({"marketing"}))


def test_audiences_count_consenting_customers_leaving_out_restricted_ones(
    vault: Vault, operator: Actor
) -> None:
    register(vault, operator, None, ("service", "marketing_sms"))
    register(vault, operator, None, ("service", "marketing_sms", "marketing_email"))
    held = register(vault, operator, None, ("service", "marketing_sms"))
    restrict_customer(vault, operator, held, reason="customer asked to restrict processing")

    counts = {a.purpose: a.customers for a in count_audiences(vault, MARKETING)}

    assert counts["marketing_sms"] == 2
    assert counts["marketing_email"] == 1
    assert "service" not in counts  # a contract purpose is nobody's campaign audience
    assert "sensitive_care" not in counts
    asked = [e for e in list_audit_events(vault, ADMIN) if e.action == Action.SEGMENT_COUNT]
    assert [(e.actor, e.customer_id) for e in asked] == [("mkt.zhou", None)]


def test_the_segments_page_shows_counts_and_no_customer(
    vault: Vault, operator: Actor, client: TestClient, clock: FrozenClock
) -> None:
    customer = register(
        vault, operator, {"name": "林晓雯", "mobile": "13800138000"}, ("service", "marketing_sms")
    )
    sign_in(client, staff_account(vault, "mkt.zhou", ["marketing"]), clock)
    page = client.get("/segments")
    assert page.status_code == 200
    assert "短信营销" in page.text
    assert customer not in page.text
    # The page's form token is 64 random hex digits: it may hold "138" by chance.
    assert "138" not in without_random_ids(page.text)
    assert 'href="/segments"' in client.get("/").text

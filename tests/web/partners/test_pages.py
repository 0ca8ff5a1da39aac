"""/partners: the privacy officer adds a partner and an agreement, discloses with a customer left
out and why, in Chinese; bad input is shown next to its field and nothing is kept; a store
manager cannot open the pages."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.domain.policy import Actor
from privault.services.customers.erasure import erase_customer
from privault.services.partners.deletions import list_deletion_notices
from privault.services.partners.disclosure import disclose_to_partner
from privault.services.partners.registry import get_agreement
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register
from tests.services.partners.conftest import (
    OFFICER,
    partner_with_agreement,
    with_partner_purposes,
)
from tests.web.conftest import choose_language, form_token, sign_in, staff_account

AGREEMENT = {
    "purpose": "partner_sharing",
    "fields": "name, mobile",
    "scope": "loyalty offers",
    "confidentiality": "clause 7",
    "security": "clause 8",
    "starts_on": "2026-11-01",
    "expires_on": "2027-10-31",
}


def _post(client: TestClient, page: str, path: str, data: dict[str, str]) -> object:
    return client.post(path, data={"csrf_token": form_token(client, page), **data})


def test_the_officer_adds_a_partner_and_agreement_and_discloses_in_chinese(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    with_partner_purposes(vault)
    consented = register(vault, operator, purposes=(*MEMBER, "partner_sharing"))
    not_asked = register(vault, operator, purposes=MEMBER)
    sign_in(client, staff_account(vault, "po.li", ["privacy_officer"]), clock)
    choose_language(client, "zh", "/partners")
    partner = {"name": "Acme Spa", "role": "controller", "country": "CN", "contact": "dpo"}
    added = client.post(
        "/partners", data={"csrf_token": form_token(client, "/partners"), **partner},
        follow_redirects=True,
    )  # fmt: skip
    assert "其他个人信息处理者" in added.text
    page = client.get("/partners/agreements").text
    partner_id = page.split('<option value="')[1].split('"')[0]
    made = client.post(
        "/partners/agreements",
        data={"csrf_token": form_token(client, "/partners/agreements"), "partner_id": partner_id,
              **AGREEMENT},
        follow_redirects=True,
    )  # fmt: skip
    assert "协议有效" in made.text
    agreement_id = made.text.split('action="/partners/agreements/')[1].split("/")[0]

    sent = client.post(
        "/partners/disclosures",
        data={"csrf_token": form_token(client, "/partners/disclosures"),
              "agreement_id": agreement_id, "purpose": "partner_sharing", "fields": "name",
              "customers": f"{consented}\n{not_asked}"},
    )  # fmt: skip

    assert sent.status_code == 200
    assert "已提供 1 位客户，1 位未提供。" in sent.text
    assert "未就 partner_sharing 给予单独同意" in sent.text
    assert "2026-11-23 17:30 Asia/Shanghai" in sent.text


def test_a_field_the_agreement_does_not_cover_is_shown_next_to_it_and_nothing_kept(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    with_partner_purposes(vault)
    customer = register(vault, operator, purposes=(*MEMBER, "partner_sharing"))
    sign_in(client, staff_account(vault, "po.wu", ["privacy_officer"]), clock)
    bad = client.post(
        "/partners",
        data={"csrf_token": form_token(client, "/partners"), "name": "Acme", "role": "friend",
              "country": "CN", "contact": "x"},
    )  # fmt: skip
    assert bad.status_code == 422
    assert 'data-field="partner.role"' in bad.text
    assert table_counts(vault.database)["partners"] == 0
    client.post(
        "/partners",
        data={"csrf_token": form_token(client, "/partners"), "name": "Acme",
              "role": "controller", "country": "CN", "contact": "x"},
    )  # fmt: skip
    page = client.get("/partners/agreements").text
    partner_id = page.split('<option value="')[1].split('"')[0]
    made = client.post(
        "/partners/agreements",
        data={"csrf_token": form_token(client, "/partners/agreements"), "partner_id": partner_id,
              **AGREEMENT},
        follow_redirects=True,
    )  # fmt: skip
    agreement_id = made.text.split('action="/partners/agreements/')[1].split("/")[0]
    refused = client.post(
        "/partners/disclosures",
        data={"csrf_token": form_token(client, "/partners/disclosures"),
              "agreement_id": agreement_id, "purpose": "partner_sharing",
              "fields": "birth_date", "customers": customer},
    )  # fmt: skip
    assert refused.status_code == 422
    assert 'data-field="disclosure.fields"' in refused.text
    assert table_counts(vault.database)["disclosures"] == 0


def test_a_store_manager_cannot_open_the_partner_pages(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "sm.wu", ["store_manager"]), clock)
    for page in ("/partners", "/partners/agreements", "/partners/disclosures", "/partners/x"):
        assert client.get(page).status_code == 403


def test_the_partner_page_lists_the_deletion_notice_of_an_erased_customer_until_confirmed(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    with_partner_purposes(vault)
    agreement = partner_with_agreement(vault, "controller")
    partner = get_agreement(vault, OFFICER, agreement).partner.id
    customer = register(vault, operator, purposes=(*MEMBER, "partner_sharing"))
    disclose_to_partner(vault, OFFICER, agreement, "partner_sharing", "name", [customer])
    erase_customer(vault, operator, customer, reason="asked at the counter")
    sign_in(client, staff_account(vault, "po.li", ["privacy_officer"]), clock)
    choose_language(client, "zh", f"/partners/{partner}")
    assert f'href="/partners/{partner}"' in client.get("/partners").text

    page = client.get(f"/partners/{partner}").text
    assert "等待合作方确认的删除通知" in page
    assert customer in page
    start = f'action="/partners/{partner}/deletions/'
    assert start in page
    action = start[len('action="') :] + page.split(start)[1].split('"')[0]

    empty = _post(client, f"/partners/{partner}", action, {"reference": " "})
    assert empty.status_code == 422  # type: ignore[attr-defined]
    assert 'data-field="deletion.reference"' in empty.text  # type: ignore[attr-defined]
    done = _post(client, f"/partners/{partner}", action, {"reference": "邮件 11-25"})
    assert done.status_code == 200  # type: ignore[attr-defined]  # after the redirect

    page = client.get(f"/partners/{partner}").text
    assert "没有等待确认的删除通知。" in page
    assert "邮件 11-25" in page
    assert list_deletion_notices(vault, OFFICER, partner, pending_only=True) == []
    assert client.get("/partners/no-such-partner").status_code == 404

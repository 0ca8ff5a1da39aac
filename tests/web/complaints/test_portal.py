"""The portal's complaint page: the signed-in customer asks in their language and reads the
answer; an empty question is shown next to its field; another customer's id is refused."""

from __future__ import annotations

from fastapi.testclient import TestClient

from privault.domain.complaints import ComplaintChannel
from privault.domain.policy import Actor
from privault.services.complaints.answers import answer_complaint
from privault.services.complaints.records import list_complaints
from privault.services.vault import Vault
from tests.factories import register, unique_mobile
from tests.web.conftest import choose_language, form_token
from tests.web.portal.test_pages import portal_sign_in

PAGE = "/portal/me/complaints"


def _signed_in(client: TestClient, vault: Vault, operator: Actor) -> str:
    mobile = unique_mobile()
    customer = register(vault, operator, {"name": "Ann Lee", "mobile": mobile})
    portal_sign_in(client, vault, mobile)
    return customer


def test_a_customer_asks_in_english_and_reads_the_answer(
    vault: Vault, operator: Actor, client: TestClient
) -> None:
    customer = _signed_in(client, vault, operator)
    choose_language(client, "en", PAGE)
    data = {"customer_id": customer, "kind": "question", "text": "What do you keep about me?"}

    sent = client.post(
        PAGE, data={"csrf_token": form_token(client, PAGE), **data}, follow_redirects=False
    )
    [complaint] = list_complaints(vault, operator)
    answer_complaint(vault, operator, complaint.id, "Your name and mobile.")

    assert sent.status_code == 303
    assert (complaint.channel, complaint.language) == (ComplaintChannel.PORTAL, "en")
    assert "Your name and mobile." in client.get(PAGE).text


def test_an_empty_question_is_shown_next_to_its_field(
    vault: Vault, operator: Actor, client: TestClient
) -> None:
    customer = _signed_in(client, vault, operator)
    data = {"customer_id": customer, "kind": "question", "text": " "}

    page = client.post(PAGE, data={"csrf_token": form_token(client, PAGE), **data})

    assert page.status_code == 422
    assert 'id="text-error"' in page.text
    assert list_complaints(vault, operator) == []


def test_another_customers_id_is_refused(vault: Vault, operator: Actor, client: TestClient) -> None:
    _signed_in(client, vault, operator)
    other = register(vault, operator)
    data = {"customer_id": other, "kind": "complaint", "text": "hi"}

    refused = client.post(PAGE, data={"csrf_token": form_token(client, PAGE), **data})

    assert refused.status_code == 403
    assert list_complaints(vault, operator) == []

"""Long lists on the console: the query parameters they take, rows x–y, previous/next links
that keep the filters, bad values named next to their field, wide tables in a scrolling box."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from privault.domain.paging import PAGE_SIZE
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.exports.workflow import request_export
from privault.services.requests.handling import open_request
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register
from tests.web.conftest import form_token, sign_in, staff_account

READER = Actor("reader", frozenset({"auditor"}))


def _as(vault: Vault, client: TestClient, clock: FrozenClock, role: str) -> str:
    name = role.replace("_", ".")[:20] + ".l7"
    sign_in(client, staff_account(vault, name, [role]), clock)
    return name


def _links(page: str, rel: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(rf'<a rel="{rel}" href="([^"]+)"', page)]


def test_the_audit_trail_pages_by_key_and_its_links_keep_the_filters(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    for _ in range(PAGE_SIZE + 5):
        list_audit_events(vault, READER, limit=1)
    _as(vault, client, clock, "auditor")
    first = client.get("/audit?actor=reader&action=audit.read&outcome=allowed")
    assert first.status_code == 200
    assert "Rows 1–50" in first.text or "第 1–50 行" in first.text
    [next_link] = _links(first.text, "next")
    assert next_link.startswith("/audit?actor=reader&action=audit.read&outcome=allowed&page=2")
    assert "&after=" in next_link
    assert _links(first.text, "prev") == []
    second = client.get(next_link)
    assert "第 51–55 行" in second.text
    assert _links(second.text, "next") == []
    [back] = _links(second.text, "prev")
    assert "page=1" in back
    assert "&before=" in back
    assert 'class="table-wrap"' in first.text
    assert '<option value="audit.read" selected>' in first.text


def test_a_bad_audit_filter_is_named_next_to_its_field(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    _as(vault, client, clock, "auditor")
    for query, field in (
        ("mobile_tail=12", "mobile_tail"),
        ("from_on=23/11/2026", "from_on"),
        ("action=nothing", "action"),
        ("page=0", "page"),
    ):
        page = client.get(f"/audit?{query}")
        assert page.status_code == 422
        assert f'data-field="filter.{field}"' in page.text


def test_the_request_queue_filters_by_type_and_tail_and_sorts(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    mine = register(vault, operator, {"name": "张三丰", "mobile": "13812341234"})
    other = register(vault, operator, {"name": "李四", "mobile": "13812345678"})
    wanted = open_request(vault, operator, mine, "copy", "store").id
    open_request(vault, operator, mine, "access", "store")
    unwanted = open_request(vault, operator, other, "copy", "store").id
    _as(vault, client, clock, "privacy_officer")
    page = client.get("/requests?type=copy&mobile_tail=1234&sort=received")
    assert page.status_code == 200
    assert f'href="/requests/{wanted}"' in page.text
    assert f'href="/requests/{unwanted}"' not in page.text
    assert page.text.count('href="/requests/') - page.text.count('href="/requests/new') == 1
    assert "张*丰" in page.text  # the masked name, no internal id typed or shown
    assert "第 1–1 行" in page.text
    assert '<option value="received" selected>' in page.text
    bad = client.get("/requests?mobile_tail=abcd")
    assert bad.status_code == 422
    assert 'data-field="filter.mobile_tail"' in bad.text


def test_the_audit_trail_and_the_request_queue_filter_by_surname_beside_the_tail(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    mine = register(vault, operator, {"name": "张三丰", "mobile": "13812341234"})
    other = register(vault, operator, {"name": "李四", "mobile": "13912341234"})
    wanted = open_request(vault, operator, mine, "copy", "store").id
    unwanted = open_request(vault, operator, other, "copy", "store").id
    _as(vault, client, clock, "privacy_officer")
    queue = client.get("/requests?mobile_tail=1234&surname=张")
    assert f'href="/requests/{wanted}"' in queue.text
    assert f'href="/requests/{unwanted}"' not in queue.text
    _as(vault, client, clock, "auditor")
    trail = client.get("/audit?mobile_tail=1234&surname=张*丰")
    assert trail.status_code == 200
    shown = set(re.findall(r'href="/customers/([\w-]+)"', trail.text))
    assert mine in trail.text
    assert other not in trail.text
    assert 'name="surname" value="张*丰"' in trail.text
    assert shown <= {mine}
    bad = client.get("/audit?surname=张三丰")
    assert bad.status_code == 422
    assert 'data-field="filter.surname"' in bad.text


def test_the_exports_list_filters_by_status_and_requester(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    register(vault, operator)
    asked = request_export(vault, operator, ["name", "mobile"], purpose="service").id
    _as(vault, client, clock, "privacy_officer")
    found = client.get(f"/exports?status=pending&requested_by={operator.name}")
    assert found.status_code == 200
    assert asked[:8] in found.text
    none = client.get("/exports?status=rejected")
    assert asked[:8] not in none.text
    bad = client.get("/exports?status=lost")
    assert bad.status_code == 422
    assert 'data-field="filter.status"' in bad.text
    oldest = client.get("/exports?order=oldest")
    assert '<option value="oldest" selected>' in oldest.text
    assert asked[:8] in oldest.text
    assert client.get("/exports?order=sideways").status_code == 422


def test_a_customer_search_pages_on_by_posting_the_form_again(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    found = {
        register(vault, operator, {"name": "张三丰", "mobile": f"138{i:04d}1234"})
        for i in range(22)
    }
    _as(vault, client, clock, "front_desk")
    data = {"csrf_token": form_token(client, "/"), "by": "mobile_tail", "value": "1234"}
    first = client.post("/customers", data=data)
    assert "第 1–20 行" in first.text
    assert '<button type="submit" name="page" value="2">' in first.text
    second = client.post("/customers", data=data | {"page": "2"})
    assert "第 21–22 行" in second.text
    oldest = client.post("/customers", data=data | {"order": "oldest"})
    assert '<option value="oldest" selected>' in oldest.text
    assert '<input type="hidden" name="order" value="oldest">' in oldest.text
    assert client.post("/customers", data=data | {"order": "sideways"}).status_code == 422
    opened = set(re.findall(r'href="/customers/([0-9a-f-]{36})"', first.text + second.text))
    assert opened == found
    bad = client.post("/customers", data=data | {"page": "x"})
    assert bad.status_code == 422

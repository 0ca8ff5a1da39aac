"""Success messages (issue 18 point 5): every POST route of the console and the portal that
answers 303 lands on a page that says what was done, through the one table in
web/done_messages.py (or a page's own notice kept from before, or a listed reason for none)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from privault.services.vault import Vault
from privault.web import done_messages
from privault.web.done_messages import AFTER, MESSAGES, NO_MESSAGE, OWN_NOTICE, with_done
from privault.web.i18n import gettext
from tests.conftest import FrozenClock
from tests.web.conftest import form_token, sign_in, staff_account

TEMPLATES = Path(done_messages.__file__).parent / "templates"


def _redirects(endpoint: Callable[..., Any]) -> bool:
    """The endpoint answers 303 itself or through a function of its own module it calls."""
    source = inspect.getsource(endpoint)
    module = inspect.getmodule(endpoint)
    called = [getattr(module, n, None) for n in set(re.findall(r"(\w+)\(", source))]
    helpers = [inspect.getsource(f) for f in called if inspect.isfunction(f)]
    return any("RedirectResponse(" in text for text in (source, *helpers))


def _redirecting_posts(client: TestClient) -> dict[str, Callable[..., Any]]:
    found = {}
    for r in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        endpoint = r.endpoint
        if endpoint is None or not r.methods or "POST" not in r.methods:
            continue
        if r.path and not r.path.startswith("/api/") and _redirects(endpoint):
            found[r.path] = endpoint
    return found


def test_every_post_route_that_answers_303_lands_on_a_page_that_says_it_is_done(
    client: TestClient,
) -> None:
    routes = _redirecting_posts(client)
    assert len(routes) >= 80  # the walk found the app's routes, not an empty list
    unsaid = sorted(set(routes) - set(AFTER) - set(OWN_NOTICE) - set(NO_MESSAGE))
    assert unsaid == [], "add these routes to AFTER in web/done_messages.py"
    # A page's own notice is still set by its route (the marker is in the route's module).
    for path, marker in OWN_NOTICE.items():
        module = inspect.getmodule(routes[path])
        assert marker in inspect.getsource(module), path  # type: ignore[arg-type]
    assert set(AFTER) | set(OWN_NOTICE) | set(NO_MESSAGE) <= set(routes)  # no stale entries


def test_every_message_has_a_key_a_route_uses_and_reads_in_chinese() -> None:
    assert set(AFTER.values()) <= set(MESSAGES)
    untranslated = [m for m in MESSAGES.values() if gettext("zh", m) == m]
    assert untranslated == []


def test_no_message_key_is_one_a_page_already_answers_with_its_own_notice() -> None:
    own = set()
    for template in TEMPLATES.rglob("*.html"):
        own |= set(re.findall(r'done == "(\w+)"', template.read_text(encoding="utf-8")))
    assert own, "the pages' own keys were found"
    assert own.isdisjoint(MESSAGES)


def test_the_done_key_replaces_another_and_keeps_the_query_and_the_fragment() -> None:
    assert with_done("/a/b?x=1&done=saved#part", "k") == "/a/b?x=1&done=k#part"
    assert with_done("/alerts", "alert_acknowledged") == "/alerts?done=alert_acknowledged"


def test_registering_lands_on_the_profile_saying_the_customer_is_registered(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    token = form_token(client, "/customers/new")
    response = client.post(
        "/customers/new",
        data={
            "csrf_token": token,
            "notice_version": "2026.1",
            "purposes": ["service"],
            "f_name": "赵六",
            "f_mobile": "13700001234",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].endswith("?done=customer_registered")
    page = client.get(response.headers["location"]).text
    assert '<p class="notice done-note" role="status">顾客已登记。</p>' in page
    assert "顾客已登记" not in client.get(response.headers["location"].split("?")[0]).text


def test_recording_training_lands_on_a_page_saying_so(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    staff_account(vault, "zhao.liu", ["front_desk"], trained=False)
    sign_in(client, staff_account(vault, "boss.wang", ["admin"]), clock)
    token = form_token(client, "/staff")
    response = client.post(
        "/staff/zhao.liu/training",
        data={"csrf_token": token, "course": "个人信息保护入门"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert "done=training_recorded" in response.headers["location"]
    assert "培训已记录。" in client.get(response.headers["location"]).text


def test_a_post_whose_sign_in_ran_out_goes_to_sign_in_without_a_done_message(
    client: TestClient,
) -> None:
    token = form_token(client)
    response = client.post("/alerts/1/ack", headers={"X-CSRF-Token": token}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    assert "done=" not in response.headers["location"]

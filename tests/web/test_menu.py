"""The console's persistent menu: on every page of a signed-in staff member, grouped by heading,
showing only the areas their roles open; the home page leads with today's work."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from privault.services.vault import Vault
from privault.web.app import create_app
from tests.conftest import FrozenClock
from tests.web.conftest import sign_in, staff_account

_MENU = re.compile(r'<nav class="menu".*?</nav>', re.S)
_HEADINGS = re.compile(r"<summary>([^<]+)</summary>")
_LINKS = re.compile(r'<li><a href="([^"]+)"')


def _menu(page: str) -> tuple[list[str], list[str]]:
    found = _MENU.search(page)
    assert found, "no menu on the page"
    return _HEADINGS.findall(found.group()), _LINKS.findall(found.group())


def test_the_menu_follows_the_role_on_every_page_in_the_readers_language(
    vault: Vault, clock: FrozenClock
) -> None:
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        sign_in(client, staff_account(vault, "desk.menu", ["front_desk"]), clock)
        home = client.get("/", headers={"Accept-Language": "zh-CN"}).text
        headings, links = _menu(home)
        assert headings[0] == "今日工作"
        assert "客户" in headings
        assert "/customers" in links
        assert "/customers/new" in links
        assert "/audit" not in links
        assert "/staff" not in links
        assert "今日预约" in home  # today's work on the home page
        assert _menu(client.get("/customers").text) == (headings, links)


def test_the_officers_menu_opens_privacy_and_governance_and_marks_the_page_open(
    vault: Vault, clock: FrozenClock
) -> None:
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        sign_in(client, staff_account(vault, "po.menu", ["privacy_officer"]), clock)
        page = client.get("/requests", headers={"Accept-Language": "en"}).text
        headings, links = _menu(page)
        assert {"Privacy", "Governance"} <= set(headings)
        assert {"/requests", "/audit", "/alerts", "/assessments"} <= set(links)
        assert '<a href="/requests" aria-current="page">' in page


def test_the_sign_in_page_has_no_menu(vault: Vault) -> None:
    with TestClient(create_app(vault=vault), base_url="http://testserver") as client:
        assert '<nav class="menu"' not in client.get("/login").text

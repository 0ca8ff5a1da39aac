"""Choosing the language: Chinese by default, the browser's wish next, and a person's choice
through the frame's switcher, a genuine form that never sends anyone to another site."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.services.staff.sessions import sign_in as open_session
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.web.conftest import (
    assert_only_the_forgery_was_recorded,
    choose_language,
    form_token,
    sign_in,
    staff_account,
)


def test_pages_are_chinese_by_default_and_english_when_the_browser_or_person_asks(
    client: TestClient,
) -> None:
    assert "登录" in client.get("/login").text
    english = client.get("/login", headers={"accept-language": "en-GB,en;q=0.9,zh;q=0.5"})
    assert "Sign in" in english.text
    assert "登录" not in english.text
    choose_language(client, "en")
    assert "Sign in" in client.get("/login").text
    choose_language(client, "zh")
    assert "登录" in client.get("/login").text


def test_choosing_a_language_sets_the_cookie_and_keeps_it_on_the_signed_in_account(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    sign_in(client, desk, clock)
    chosen = choose_language(client, "en", next="/customers")
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/customers")
    assert client.cookies.get("privault_lang") == "en"
    assert open_session(vault, desk.name, desk.password).language == "en"


def test_a_staff_members_language_follows_them_to_another_device(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    sign_in(client, desk, clock)
    choose_language(client, "en")
    with TestClient(client.app, base_url="http://testserver") as tablet:  # a fresh browser
        assert "登录" in tablet.get("/login").text
        sign_in(tablet, desk, clock)
        assert tablet.cookies.get("privault_lang") == "en"
        assert "Sign out" in tablet.get("/").text


@pytest.mark.parametrize("token", ["forged", ""])
def test_a_language_choice_without_a_genuine_form_token_is_refused_and_changes_nothing(
    vault: Vault, client: TestClient, clock: FrozenClock, token: str
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    sign_in(client, desk, clock)
    before = table_counts(vault.database)
    data = {"csrf_token": token, "lang": "en", "next": "/"}
    response = client.post("/lang", data=data, follow_redirects=False)
    assert response.status_code == 403
    assert client.cookies.get("privault_lang") is None
    assert_only_the_forgery_was_recorded(vault, before, "POST /lang")
    assert open_session(vault, desk.name, desk.password).language is None


@pytest.mark.parametrize(
    "target", ["//evil.com", "https://evil.com", "//evil.com/%2F..", "evil.com", ""]
)
def test_the_language_choice_returns_only_to_a_page_of_this_site(
    client: TestClient, target: str
) -> None:
    chosen = choose_language(client, "en", next=target)
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/")
    assert client.cookies.get("privault_lang") == "en"


def test_an_unknown_language_is_refused_naming_the_field_and_changes_nothing(
    client: TestClient,
) -> None:
    refused = choose_language(client, "fr")
    assert refused.status_code == 422
    assert "lang：请选择以下之一：zh, en" in refused.text
    client.headers["accept-language"] = "en"
    assert "lang: choose one of zh, en" in choose_language(client, "fr").text
    assert client.cookies.get("privault_lang") is None


def test_the_old_language_link_is_gone_and_changes_nothing(
    vault: Vault, client: TestClient
) -> None:
    before = table_counts(vault.database)
    assert client.get("/lang/en", follow_redirects=False).status_code == 404
    assert client.get("/lang?lang=en", follow_redirects=False).status_code == 405
    assert client.cookies.get("privault_lang") is None
    assert table_counts(vault.database) == before


@pytest.mark.parametrize("path", ["/login", "/portal", "/portal/sign-in", "/no-such-page"])
def test_every_frame_offers_the_languages_as_a_form_with_its_token(
    client: TestClient, path: str
) -> None:
    token = form_token(client)
    page = client.get(path).text
    assert '<form method="post" action="/lang" class="languages">' in page
    assert f'name="csrf_token" value="{token}"' in page
    assert f'name="next" value="{path}"' in page
    assert 'name="lang" value="zh"' in page
    assert 'name="lang" value="en"' in page
    assert 'href="/lang' not in page

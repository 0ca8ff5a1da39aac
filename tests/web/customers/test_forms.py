"""Forms that help (issue 18 point 5): each field says which purposes need it, every error of a
submit at once (a summary at the top linking to each field, the message next to the field), the
typed values kept, enum fields as choices; the same on the public /register page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from privault.db.inspection import table_counts
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.web.conftest import choose_language, form_token, sign_in, staff_account

_HIDDEN = re.compile(r'name="(csrf_token|form_token)" value="([^"]+)"')


@pytest.fixture
def desk(vault: Vault, client: TestClient, clock: FrozenClock) -> TestClient:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    return client


def _summary(page: str) -> list[tuple[str, str]]:
    box = page.split('class="error-summary" role="alert"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', box)


def test_each_registration_field_says_which_purposes_need_it_in_the_readers_language(
    desk: TestClient,
) -> None:
    page = desk.get("/customers/new").text
    assert 'id="h_mobile">用于：服务履行、会员服务、短信营销<' in page
    assert 'id="h_allergies">用于：过敏关怀<' in page
    assert re.search(r'id="f_mobile"[^>]*aria-describedby="h_mobile"', page)
    assert "error-summary" not in page  # nothing to fix before a submit

    choose_language(desk, "en", next="/customers/new")
    english = desk.get("/customers/new").text
    assert re.search(r'id="h_email">Needed for: [^<]*, [^<]*<', english)


def test_registration_shows_every_error_at_once_with_a_summary_linking_to_each_field(
    vault: Vault, desk: TestClient
) -> None:
    token = form_token(desk, "/customers/new")
    before = table_counts(vault.database)
    page = desk.post(
        "/customers/new",
        data={
            "csrf_token": token,
            "notice_version": "2026.1",
            "purposes": ["service"],
            "f_name": "李四",
            "f_mobile": "1381234567",  # ten digits
            "f_email": "not-an-address",  # bad, and only membership or email marketing need it
            "f_allergies": "染发剂",  # needs the separate consent
            "guardian_relation": "parent",  # a relation without the guardian's name
        },
    )
    assert page.status_code == 422
    summary = _summary(page.text)
    anchors = [anchor for anchor, _ in summary]
    assert set(anchors) == {"f_mobile", "f_email", "f_allergies", "guardian_name"}
    assert all(f'id="{a}"' in page.text for a in anchors)  # each link lands on its field
    assert dict(summary)["f_mobile"].startswith("手机号：")
    for anchor in ("f_mobile", "f_email", "f_allergies"):
        assert f'id="e_{anchor[2:]}" role="alert"' in page.text  # and next to the field
    assert 'name="f_name" value="李四"' in page.text
    assert 'name="f_mobile" value="1381234567"' in page.text
    assert 'name="f_allergies" value="染发剂"' in page.text
    assert table_counts(vault.database) == before


def test_one_bad_field_gives_a_summary_of_one(vault: Vault, desk: TestClient) -> None:
    token = form_token(desk, "/customers/new")
    page = desk.post(
        "/customers/new",
        data={
            "csrf_token": token,
            "notice_version": "2026.1",
            "purposes": ["service"],
            "f_name": "李四",
            "f_mobile": "1381234567",
        },
    )
    assert [anchor for anchor, _ in _summary(page.text)] == ["f_mobile"]
    assert "请修改以下 1 处问题" in page.text


def test_enum_fields_are_choices_not_free_text_on_the_registration_form(desk: TestClient) -> None:
    page = desk.get("/customers/new").text
    assert re.search(r'<select id="f_hair_type" name="f_hair_type"', page)
    assert 'name="f_hair_type" value=' not in page


def test_the_public_page_shows_every_error_at_once_with_a_summary_and_keeps_the_values(
    vault: Vault, client: TestClient
) -> None:
    tokens = dict(_HIDDEN.findall(client.get("/register").text))
    before = table_counts(vault.database)
    page = client.post(
        "/register",
        data={
            **tokens,
            "notice_version": "2026.1",
            "purposes": "service",
            "f_name": "李雷",
            "f_mobile": "1381234567",
            "f_email": "not-an-address",
        },
    )
    assert page.status_code == 422
    anchors = [anchor for anchor, _ in _summary(page.text)]
    assert set(anchors) == {"f_mobile", "f_email"}
    assert 'name="f_name" value="李雷"' in page.text
    assert 'name="f_mobile" value="1381234567"' in page.text
    assert "用于：" in page.text
    assert table_counts(vault.database)["customers"] == before["customers"]
    # The unspent form token is offered again: the fixed form registers.
    tokens = dict(_HIDDEN.findall(page.text))
    fixed = client.post(
        "/register",
        data={
            **tokens,
            "notice_version": "2026.1",
            "purposes": "service",
            "f_name": "李雷",
            "f_mobile": "13812345670",
        },
    )
    assert fixed.status_code == 200, fixed.text
    assert table_counts(vault.database)["customers"] == before["customers"] + 1

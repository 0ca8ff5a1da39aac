"""Service refusals on the pages in the reader's language: a refusal raised as a template is
shown translated whole with its values filled in, and no English is left on a Chinese page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from privault.domain.policy import Actor
from privault.services.customers.erasure import erase_customer
from privault.services.vault import Vault
from privault.web.staff.sign_in import LOGIN_TRIES
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register
from tests.web.conftest import choose_language, form_token, sign_in, staff_account

# The fields the test installation's catalog can be searched by, in its order.
# In English by their English names too, never the keys (issue 18 "English names").
SEARCHABLE = "Surname, Mobile, Mobile number ending, Email, Membership number, Resident ID number"
SEARCHABLE_ZH = (
    "姓氏、手机号、手机尾号、电子邮箱、会员卡号、身份证号"  # by their names (issue 18.2)
)


def _sign_in_as(client: TestClient, name: str, password: str) -> tuple[int, str]:
    data = {"csrf_token": form_token(client), "name": name, "password": password}
    response = client.post("/login", data=data, follow_redirects=False)
    return response.status_code, response.text


def test_a_wrong_password_on_the_chinese_login_page_is_refused_in_chinese(
    vault: Vault, client: TestClient
) -> None:
    desk = staff_account(vault, "li.na", ["front_desk"])
    choose_language(client, "zh")
    status, page = _sign_in_as(client, desk.name, "not the password")
    assert status == 401
    assert "账号或密码错误；连续登录失败 5 次后，账号将被锁定 15 分钟" in page
    assert "password is wrong" not in page
    assert "failed sign-in" not in page
    choose_language(client, "en")
    _, english = _sign_in_as(client, desk.name, "not the password either")
    assert "the account name or password is wrong; after 5 failed sign-ins" in english


def test_an_unknown_account_on_the_chinese_login_page_is_refused_in_chinese(
    client: TestClient,
) -> None:
    choose_language(client, "zh")
    status, page = _sign_in_as(client, "nobody", "whatever")
    assert status == 401
    assert "账号或密码错误；连续登录失败 5 次后，账号将被锁定 15 分钟" in page
    assert "password is wrong" not in page


def test_too_many_sign_ins_from_one_place_are_refused_in_chinese_with_the_wait(
    client: TestClient,
) -> None:
    choose_language(client, "zh")
    for _ in range(LOGIN_TRIES):
        assert _sign_in_as(client, "nobody", "guess")[0] == 401
    status, page = _sign_in_as(client, "nobody", "guess")
    assert status == 429
    assert "尝试次数过多；请 15 分钟后再试" in page
    assert "too many attempts" not in page


@pytest.mark.parametrize(
    ("lang", "refusal"),
    [
        ("zh", f"不能按此项查找；请按以下之一查找：{SEARCHABLE_ZH}"),
        ("en", f"cannot search by it; search by one of: {SEARCHABLE}"),
    ],
)
def test_a_search_by_an_unknown_field_names_the_fields_to_search_by_in_the_pages_language(
    vault: Vault, client: TestClient, clock: FrozenClock, lang: str, refusal: str
) -> None:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    choose_language(client, lang, next="/customers")
    page = client.post(
        "/customers",
        data={"csrf_token": form_token(client, "/"), "by": "shoe_size", "value": "42"},
    )
    assert page.status_code == 422
    assert f'<p class="error" role="alert">{refusal}</p>' in page.text
    if lang == "zh":
        assert "search by" not in page.text


def test_an_erased_customers_page_gives_the_date_and_reason_in_the_chinese_sentence(
    vault: Vault, client: TestClient, clock: FrozenClock, operator: Actor
) -> None:
    customer = register(vault, operator, None, MEMBER)
    erase_customer(vault, operator, customer, reason="asked at the counter")
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    choose_language(client, "zh", next="/customers")
    page = client.get(f"/customers/{customer}")
    assert page.status_code == 404
    assert f"顾客 {customer} 已于 2026-11-23 删除（asked at the counter）" in page.text
    assert "was erased on" not in page.text
    assert "{erased_at" not in page.text

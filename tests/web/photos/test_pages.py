"""The service photos on a customer's profile: upload, thumbnails opened on the fly and never
cached, access refused to roles without it, publish refused with the reason when no consent."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from privault.services.consents.ledger import grant_consents, withdraw_consents
from privault.services.photos.library import list_photos
from privault.services.vault import Vault
from tests.conftest import OPERATOR, FrozenClock
from tests.factories import MEMBER, NOTICE, register
from tests.photo_files import camera_jpeg, has_exif
from tests.web.conftest import choose_language, form_token, sign_in, staff_account

_THUMB = re.compile(r'src="/photos/([0-9a-f-]{36})/thumbnail"')


@pytest.fixture
def customer(vault: Vault) -> str:
    return register(vault, OPERATOR, purposes=MEMBER)


def _upload(client: TestClient, customer_id: str, content: bytes, kind: str = "before") -> str:
    token = form_token(client, f"/customers/{customer_id}/photos")
    response = client.post(
        f"/customers/{customer_id}/photos",
        data={"csrf_token": token, "kind": kind, "caption": "烫发前"},
        files={"file": ("IMG_0001.jpg", content, "image/jpeg")},
    )
    return response.text


def _publish(client: TestClient, customer_id: str, photo_id: str) -> tuple[int, str]:
    token = form_token(client, f"/customers/{customer_id}/photos")
    data = {"csrf_token": token, "customer_id": customer_id, "channel": "social_media"}
    response = client.post(f"/photos/{photo_id}/publish", data=data)
    return response.status_code, response.text


def test_a_technician_uploads_a_photo_and_sees_its_thumbnail_served_uncached(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "desk.wang", ["front_desk"]), clock)
    choose_language(client, "zh", f"/customers/{customer}")

    page = _upload(client, customer, camera_jpeg())

    assert "照片已添加" in page
    assert "服务前" in page
    assert "烫发前" in page
    (photo_id,) = _THUMB.findall(page)
    thumb = client.get(f"/photos/{photo_id}/thumbnail")
    assert thumb.status_code == 200
    assert thumb.headers["content-type"] == "image/jpeg"
    assert thumb.headers["cache-control"] == "no-store"
    full = client.get(f"/photos/{photo_id}/image")
    assert full.headers["cache-control"] == "no-store"
    assert not has_exif(full.content)
    assert "服务照片" in client.get(f"/customers/{customer}").text


def test_a_file_that_is_not_a_photo_is_refused_on_the_page_in_chinese(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    choose_language(client, "zh", f"/customers/{customer}")

    page = _upload(client, customer, b"%PDF-1.7 a contract, not a photo")

    assert "不是可接受的照片格式" in page
    assert list_photos(vault, OPERATOR, customer) == []


def test_marketing_is_refused_the_photos_and_the_thumbnail(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    sign_in(client, staff_account(vault, "li.na", ["front_desk"]), clock)
    _upload(client, customer, camera_jpeg())
    photo_id = list_photos(vault, OPERATOR, customer)[0].id
    client.cookies.clear()
    sign_in(client, staff_account(vault, "zhao.market", ["marketing"]), clock)

    assert client.get(f"/photos/{photo_id}/thumbnail").status_code == 403
    assert client.get(f"/customers/{customer}/photos").status_code == 403


def test_publish_says_why_it_is_refused_without_consent_and_works_with_it(
    vault: Vault, client: TestClient, clock: FrozenClock, customer: str
) -> None:
    manager = staff_account(vault, "chen.manager", ["store_manager"])
    sign_in(client, manager, clock)
    choose_language(client, "zh", f"/customers/{customer}")
    _upload(client, customer, camera_jpeg(), kind="after")
    photo_id = list_photos(vault, OPERATOR, customer)[0].id

    status, page = _publish(client, customer, photo_id)
    assert status == 422
    assert "客户未就“服务照片公开发布”给予单独同意" in page  # the purpose by its name

    grant_consents(
        vault, OPERATOR, customer, ["photo_publication"], channel="store", notice_version=NOTICE
    )
    status, page = _publish(client, customer, photo_id)
    assert status == 200
    assert "照片已发布" in page
    assert "社交媒体" in page

    withdraw_consents(vault, OPERATOR, customer, ["photo_publication"], channel="store")
    todo = client.get("/photos/take-downs").text
    assert photo_id in todo
    assert "客户撤回了同意" in todo

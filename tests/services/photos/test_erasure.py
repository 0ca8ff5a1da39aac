"""Erasing a customer shreds their photos: the key goes, no photo opens, no image byte or
caption stays in any file or table, and a live publication stays listed for taking down."""

from __future__ import annotations

import pytest

from privault.domain.errors import NotFoundError
from privault.domain.policy import Actor
from privault.services.consents.ledger import grant_consents
from privault.services.customers.erasure import erase_customer
from privault.services.customers.sealing import open_keys
from privault.services.photos.library import PhotoForm, add_photo, open_photo
from privault.services.photos.publication import list_take_downs, publish_photo
from privault.services.vault import Vault
from tests.erasure_scan import scan_installation
from tests.factories import MEMBER, NOTICE, register
from tests.photo_files import camera_jpeg

FRONT = Actor("desk.li", frozenset({"front_desk"}))
CAPTION = "张女士烫发后侧面照"


def _pixel_chunks(content: bytes, size: int = 48) -> list[bytes]:
    """Stretches of the stored picture past its headers: any copy of the image holds them."""
    body = content[len(content) // 3 : -16]
    return [body[i : i + size] for i in range(0, len(body) - size, len(body) // 4)]


@pytest.mark.legal("PIPL Art. 47", "GDPR Art. 17")
def test_erasure_shreds_photos_so_none_opens_and_no_image_byte_remains(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator, purposes=MEMBER)
    grant_consents(
        vault, operator, customer_id, ["photo_publication"], channel="store", notice_version=NOTICE
    )
    photo = add_photo(vault, FRONT, customer_id, camera_jpeg(320, 240), PhotoForm("after", CAPTION))
    published = publish_photo(vault, operator, photo.id, "website")
    chunks = _pixel_chunks(open_photo(vault, FRONT, photo.id).content)
    assert scan_installation(vault, [CAPTION, *chunks]) == {}  # sealed even before erasure

    erase_customer(vault, operator, customer_id, reason="customer asked")

    with pytest.raises(NotFoundError):
        open_photo(vault, FRONT, photo.id)
    with vault.unit_of_work() as uow:
        assert open_keys(vault, uow, [customer_id]) == {}
        assert uow.photos.for_customer(customer_id) == []
    assert scan_installation(vault, [CAPTION, *chunks]) == {}
    todo = list_take_downs(vault, operator)
    assert [(t.publication_id, t.customer_id, t.why) for t in todo] == [
        (published.id, None, "erased")
    ]

"""Adding a service photo to a customer's record, listing them, and opening one to look at."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from privault.crypto.envelope import decrypt_bytes, encrypt_bytes, encrypt_field
from privault.db.customers import CustomerRow
from privault.db.photos import PhotoRow, PublicationRow
from privault.domain.errors import NotFoundError
from privault.domain.photos import (
    ImageType,
    PhotoKind,
    PublicationChannel,
    PublicationState,
    caption_field,
    parse_booking_ref,
    parse_caption,
    parse_kind,
    parse_taken_at,
    photo_field,
    publication_state,
)
from privault.domain.policy import Action, Actor
from privault.domain.shop_time import shop_time
from privault.infra.photo_images import CleanImage, clean_image, thumbnail
from privault.services.customers.records import existing_customer
from privault.services.customers.sealing import open_keys
from privault.services.photos.access import require_photo_access
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class PhotoForm:
    """What staff give with a photo; every value is checked before anything is stored."""

    kind: str
    caption: str | None = None
    booking_ref: str | None = None
    taken_at: datetime | None = None


@dataclass(frozen=True)
class Publication:
    id: int
    photo_id: str
    channel: PublicationChannel
    consent_event_id: int
    published_at: datetime
    published_by: str
    withdrawn_at: datetime | None
    taken_down_at: datetime | None


@dataclass(frozen=True)
class Photo:
    id: str
    customer_id: str
    store: str
    kind: PhotoKind
    taken_at: datetime
    taken_at_shown: str  # in the shop's zone, the zone named
    taken_by: str
    booking_ref: str | None
    caption: str | None
    media_type: ImageType
    width: int
    height: int
    state: PublicationState
    publications: tuple[Publication, ...]


@dataclass(frozen=True)
class PhotoFile:
    content: bytes
    media_type: ImageType


def add_photo(
    vault: Vault, actor: Actor, customer_id: str, content: bytes, form: PhotoForm
) -> Photo:
    """The picture is re-encoded (no camera metadata) and sealed before it reaches the table."""
    _check(form)
    image = clean_image(content)
    with use_case(vault, actor) as uc:
        customer = existing_customer(uc.uow, customer_id)
        photo_id = str(uuid.uuid4())
        require_photo_access(uc, Action.PHOTO_ADD, customer, [photo_id])
        row = _sealed_row(uc, photo_id, customer, image, form)
        uc.uow.photos.add(row)
        reason = f"{row.kind.value} photo added"
        uc.record(
            Action.PHOTO_ADD, customer_id=customer_id, fields=[photo_field(photo_id)], reason=reason
        )
        uc.commit()
        return _photo(row, parse_caption(form.caption), [], _zone(uc))


def _check(form: PhotoForm) -> None:
    """Bad details are refused before the picture is even read: nothing changes."""
    parse_kind(form.kind)
    parse_caption(form.caption)
    parse_booking_ref(form.booking_ref)


def _sealed_row(
    uc: UseCase, photo_id: str, customer: CustomerRow, image: CleanImage, form: PhotoForm
) -> PhotoRow:
    customer_id = customer.id
    key = open_keys(uc.vault, uc.uow, [customer_id])[customer_id]
    caption = parse_caption(form.caption)
    return PhotoRow(
        photo_id,
        customer_id,
        customer.store,
        parse_kind(form.kind),
        parse_taken_at(form.taken_at, now=uc.now),
        uc.actor.name,
        parse_booking_ref(form.booking_ref),
        image.media_type,
        image.width,
        image.height,
        uc.now,
        encrypt_bytes(key, customer_id, photo_field(photo_id), image.content),
        None
        if caption is None
        else encrypt_field(key, customer_id, caption_field(photo_id), caption),
    )


def list_photos(vault: Vault, actor: Actor, customer_id: str) -> list[Photo]:
    """Listing shows each photo's details and caption: a read of the customer, audited."""
    with use_case(vault, actor) as uc:
        customer = existing_customer(uc.uow, customer_id)
        rows = uc.uow.photos.for_customer(customer_id)
        ids = [r.id for r in rows]
        require_photo_access(uc, Action.PHOTO_VIEW, customer, ids)
        photos = _opened(uc, rows)
        reason = f"photos listed ({len(rows)})"
        uc.record(
            Action.PHOTO_VIEW,
            customer_id=customer_id,
            fields=[photo_field(i) for i in ids],
            reason=reason,
        )
        uc.commit()
        return photos


def open_photo(vault: Vault, actor: Actor, photo_id: str, *, small: bool = False) -> PhotoFile:
    """The picture itself, opened with the customer's key: each opening is audited."""
    with use_case(vault, actor) as uc:
        row = existing_photo(uc, photo_id)
        customer = existing_customer(uc.uow, row.customer_id)
        require_photo_access(uc, Action.PHOTO_VIEW, customer, [photo_id])
        key = open_keys(vault, uc.uow, [row.customer_id])[row.customer_id]
        content = decrypt_bytes(key, row.customer_id, photo_field(photo_id), row.image)
        reason = "thumbnail opened" if small else "photo opened"
        uc.record(
            Action.PHOTO_VIEW,
            customer_id=row.customer_id,
            fields=[photo_field(photo_id)],
            reason=reason,
        )
        uc.commit()
    shown = thumbnail(content, row.media_type) if small else content
    return PhotoFile(shown, row.media_type)


def existing_photo(uc: UseCase, photo_id: str) -> PhotoRow:
    row = uc.uow.photos.get(photo_id)
    if row is None:
        raise NotFoundError("no photo with id {id}", params={"id": photo_id})
    return row


def _opened(uc: UseCase, rows: list[PhotoRow]) -> list[Photo]:
    if not rows:
        return []
    cid = rows[0].customer_id
    key = open_keys(uc.vault, uc.uow, [cid])[cid]
    published = uc.uow.photos.publications([r.id for r in rows])
    photos = []
    for row in rows:
        caption = None
        if row.caption is not None:
            caption = decrypt_bytes(key, cid, caption_field(row.id), row.caption).decode()
        mine = [p for p in published if p.photo_id == row.id]
        photos.append(_photo(row, caption, mine, _zone(uc)))
    return photos


def _zone(uc: UseCase) -> str:
    return uc.vault.opening_hours(uc.uow).zone


def _photo(row: PhotoRow, caption: str | None, published: list[PublicationRow], zone: str) -> Photo:
    publications = tuple(publication(p) for p in published)
    state = publication_state([p.withdrawn_at is not None for p in published])
    return Photo(
        row.id,
        row.customer_id,
        row.store,
        row.kind,
        row.taken_at,
        shop_time(row.taken_at, zone),
        row.taken_by,
        row.booking_ref,
        caption,
        row.media_type,
        row.width,
        row.height,
        state,
        publications,
    )


def publication(row: PublicationRow) -> Publication:
    return Publication(
        row.id,
        row.photo_id,
        row.channel,
        row.consent_event_id,
        row.published_at,
        row.published_by,
        row.withdrawn_at,
        row.taken_down_at,
    )

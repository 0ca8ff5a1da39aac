"""Service photos and their publications: sealed rows in, sealed rows out, publications marked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, desc, insert, select, update

from privault.db.tables import consent_events, photo_publications, photos
from privault.domain.consents import ConsentAction
from privault.domain.photos import ImageType, PhotoKind, PublicationChannel


@dataclass(frozen=True)
class PhotoRow:
    id: str
    customer_id: str
    store: str
    kind: PhotoKind
    taken_at: datetime
    taken_by: str
    booking_ref: str | None
    media_type: ImageType
    width: int
    height: int
    added_at: datetime
    image: bytes  # sealed
    caption: bytes | None  # sealed


@dataclass(frozen=True)
class NewPublication:
    photo_id: str
    customer_id: str | None  # emptied at erasure
    store: str
    channel: PublicationChannel
    purpose: str
    consent_event_id: int
    published_at: datetime
    published_by: str


@dataclass(frozen=True, kw_only=True)
class PublicationRow(NewPublication):
    id: int
    withdrawn_at: datetime | None
    withdrawn_why: str | None
    taken_down_at: datetime | None
    taken_down_by: str | None


ERASED = "erased"
CONSENT_WITHDRAWN = "consent_withdrawn"


class PhotoRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, row: PhotoRow) -> None:
        values = dict(row.__dict__)
        values |= {"kind": row.kind.value, "media_type": row.media_type.value}
        self._c.execute(insert(photos).values(**values))

    def get(self, photo_id: str) -> PhotoRow | None:
        row = self._c.execute(select(photos).where(photos.c.id == photo_id)).first()
        return None if row is None else _photo(row._mapping)

    def for_customer(self, customer_id: str) -> list[PhotoRow]:
        query = (
            select(photos)
            .where(photos.c.customer_id == customer_id)
            .order_by(photos.c.taken_at, photos.c.id)
        )
        return [_photo(r._mapping) for r in self._c.execute(query)]

    def publish(self, new: NewPublication) -> int:
        query = insert(photo_publications).values(**new.__dict__).returning(photo_publications.c.id)
        return int(self._c.execute(query.values(channel=new.channel.value)).scalar_one())

    def publications(self, photo_ids: Iterable[str]) -> list[PublicationRow]:
        query = (
            select(photo_publications)
            .where(photo_publications.c.photo_id.in_(list(photo_ids)))
            .order_by(photo_publications.c.id)
        )
        return [_publication(r._mapping) for r in self._c.execute(query)]

    def withdraw(
        self, customer_ids: Sequence[str], purposes: Iterable[str], at: datetime, why: str
    ) -> list[PublicationRow]:
        """The live publications resting on these purposes, marked withdrawn; they stay listed
        for taking down."""
        live = (
            photo_publications.c.customer_id.in_(list(customer_ids)),
            photo_publications.c.purpose.in_(list(purposes)),
            photo_publications.c.withdrawn_at.is_(None),
        )
        query = select(photo_publications).where(*live).order_by(photo_publications.c.id)
        found = [_publication(r._mapping) for r in self._c.execute(query)]
        if found:
            mark = update(photo_publications).where(*live)
            self._c.execute(mark.values(withdrawn_at=at, withdrawn_why=why))
        return found

    def to_take_down(self, stores: frozenset[str]) -> list[PublicationRow]:
        """Withdrawn publications the shop has not yet taken down, for the stores given (empty:
        every store)."""
        query = select(photo_publications).where(
            photo_publications.c.withdrawn_at.is_not(None),
            photo_publications.c.taken_down_at.is_(None),
        )
        if stores:
            query = query.where(photo_publications.c.store.in_(sorted(stores)))
        query = query.order_by(photo_publications.c.withdrawn_at, photo_publications.c.id)
        return [_publication(r._mapping) for r in self._c.execute(query)]

    def mark_taken_down(self, publication_id: int, at: datetime, by: str) -> None:
        self._c.execute(
            update(photo_publications)
            .where(photo_publications.c.id == publication_id)
            .values(taken_down_at=at, taken_down_by=by)
        )

    def publication(self, publication_id: int) -> PublicationRow | None:
        query = select(photo_publications).where(photo_publications.c.id == publication_id)
        row = self._c.execute(query).first()
        return None if row is None else _publication(row._mapping)

    def latest_grant(self, customer_id: str, purpose: str) -> int | None:
        """The consent event that granted `purpose` last: the reference a publication keeps."""
        query = (
            select(consent_events.c.id, consent_events.c.purposes)
            .where(consent_events.c.customer_id == customer_id)
            .where(consent_events.c.action == ConsentAction.GRANT.value)
            .order_by(desc(consent_events.c.id))
        )
        for event_id, purposes in self._c.execute(query):
            if purpose in purposes.split():
                return int(event_id)
        return None

    def erase(self, customer_ids: Sequence[str], at: datetime | None) -> None:
        """Photos go; their publications lose the customer and, if still live, are withdrawn
        (`at`), so the shop is still told to take the published copy down."""
        ids = list(customer_ids)
        owned = photo_publications.c.customer_id.in_(ids)
        if at is not None:
            self._c.execute(
                update(photo_publications)
                .where(owned, photo_publications.c.withdrawn_at.is_(None))
                .values(withdrawn_at=at, withdrawn_why=ERASED)
            )
        self._c.execute(update(photo_publications).where(owned).values(customer_id=None))
        self._c.execute(delete(photos).where(photos.c.customer_id.in_(ids)))


def _photo(m: object) -> PhotoRow:
    row = dict(m)  # type: ignore[call-overload]
    row["kind"] = PhotoKind(row["kind"])
    row["media_type"] = ImageType(row["media_type"])
    return PhotoRow(**row)


def _publication(m: object) -> PublicationRow:
    row = dict(m)  # type: ignore[call-overload]
    row["channel"] = PublicationChannel(row["channel"])
    return PublicationRow(**row)

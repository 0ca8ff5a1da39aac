"""Publishing a service photo on a channel, only on the customer's separate consent, and the
take-down list the shop works through once that consent is withdrawn."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from privault.db.photos import NewPublication, PublicationRow
from privault.domain.errors import ConsentRequiredError, InvalidInputError, NotFoundError
from privault.domain.photos import (
    PUBLICATION_PURPOSE,
    PublicationChannel,
    parse_channel,
    photo_field,
)
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.shop_time import shop_time
from privault.services.customers.records import existing_customer
from privault.services.photos.access import require_photo_access
from privault.services.photos.library import Publication, existing_photo, publication
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

NO_PURPOSE = (
    "this shop's catalog has no {purpose} purpose, so no photo can be published; "
    "the privacy officer adds it to the catalog first"
)
NO_CONSENT = (
    "the customer has not given separate consent to {purpose} (never given or withdrawn); "
    "a photo is published only with it"
)
ALREADY = "the photo is already published on {channel}"


@dataclass(frozen=True)
class TakeDown:
    """A publication whose consent is gone: the shop takes the copy down, then marks it done.
    No personal value: the customer may be erased by now."""

    publication_id: int
    photo_id: str
    customer_id: str | None
    store: str
    channel: PublicationChannel
    published_at: datetime
    withdrawn_at: datetime
    withdrawn_shown: str  # in the shop's zone, the zone named
    why: str


def publish_photo(vault: Vault, actor: Actor, photo_id: str, channel: str) -> Publication:
    """Refused, audited and nothing changed, while the customer's separate consent to
    publication is missing; the publication keeps the consent event it rests on."""
    where = parse_channel(channel)
    with use_case(vault, actor) as uc:
        photo = existing_photo(uc, photo_id)
        customer = existing_customer(uc.uow, photo.customer_id)
        require_photo_access(uc, Action.PHOTO_PUBLISH, customer, [photo_id])
        grant = _consent_event(uc, photo.customer_id, photo_id)
        _refuse_twice(uc, photo_id, where)
        new = NewPublication(
            photo_id,
            customer.id,
            customer.store,
            where,
            PUBLICATION_PURPOSE,
            grant,
            uc.now,
            actor.name,
        )
        new_id = uc.uow.photos.publish(new)
        reason = f"published on {where.value} (consent event {grant})"
        uc.record(
            Action.PHOTO_PUBLISH,
            customer_id=customer.id,
            fields=[photo_field(photo_id)],
            purpose=PUBLICATION_PURPOSE,
            reason=reason,
        )
        done = uc.uow.photos.publication(new_id)
        uc.commit()
    if done is None:  # pragma: no cover -- just written in this transaction
        raise NotFoundError("no publication {id}", params={"id": new_id})
    return publication(done)


def _consent_event(uc: UseCase, customer_id: str, photo_id: str) -> int:
    """The grant event of the customer's standing separate consent, or a refusal."""
    purpose = uc.catalog.purposes.get(PUBLICATION_PURPOSE)
    grant = None
    if purpose is not None and PUBLICATION_PURPOSE in uc.uow.consents.active_for(customer_id):
        grant = uc.uow.photos.latest_grant(customer_id, PUBLICATION_PURPOSE)
    if grant is not None:
        return grant
    template = NO_PURPOSE if purpose is None else NO_CONSENT
    error = ConsentRequiredError(template, field="consent", params={"purpose": PUBLICATION_PURPOSE})
    uc.refuse(
        Action.PHOTO_PUBLISH,
        error,
        customer_id=customer_id,
        fields=[photo_field(photo_id)],
        purpose=PUBLICATION_PURPOSE,
    )


def _refuse_twice(uc: UseCase, photo_id: str, channel: PublicationChannel) -> None:
    live = uc.uow.photos.publications([photo_id])
    if any(p.channel is channel and p.withdrawn_at is None for p in live):
        raise InvalidInputError(ALREADY, field="channel", params={"channel": channel.value})


def list_take_downs(vault: Vault, actor: Actor) -> list[TakeDown]:
    """What the store manager's stores must still take down, oldest withdrawal first."""
    with use_case(vault, actor) as uc:
        uc.require(Action.PHOTO_PUBLISH)
        stores = store_scope(actor, uc.roles, Action.PHOTO_PUBLISH)
        zone = vault.opening_hours(uc.uow).zone
        found = [_take_down(p, zone) for p in uc.uow.photos.to_take_down(stores)]
        uc.record(Action.PHOTO_PUBLISH, reason=f"take-down list read ({len(found)})")
        uc.commit()
        return found


def mark_taken_down(vault: Vault, actor: Actor, publication_id: int) -> TakeDown:
    """The shop took the published copy down: the to-do leaves the list, audited."""
    with use_case(vault, actor) as uc:
        row = uc.uow.photos.publication(publication_id)
        if row is None or row.withdrawn_at is None or row.taken_down_at is not None:
            raise NotFoundError(
                "no publication {id} waiting to be taken down", params={"id": publication_id}
            )
        uc.require(Action.PHOTO_PUBLISH, customer_id=row.customer_id, store=row.store)
        uc.uow.photos.mark_taken_down(publication_id, uc.now, actor.name)
        uc.record(
            Action.PHOTO_PUBLISH,
            customer_id=row.customer_id,
            fields=[photo_field(row.photo_id)],
            reason=f"publication {publication_id} on {row.channel.value} taken down",
        )
        uc.commit()
        return _take_down(row, vault.opening_hours(uc.uow).zone)


def _take_down(row: PublicationRow, zone: str) -> TakeDown:
    withdrawn = row.withdrawn_at or row.published_at
    return TakeDown(
        row.id,
        row.photo_id,
        row.customer_id,
        row.store,
        row.channel,
        row.published_at,
        withdrawn,
        shop_time(withdrawn, zone),
        row.withdrawn_why or "",
    )

"""Publishing a service photo needs the customer's separate consent to publication, recorded
per photo and channel; withdrawing it withdraws the publications for the shop to take down."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import ConsentRequiredError, InvalidInputError, PolicyDeniedError
from privault.domain.photos import PublicationChannel, PublicationState
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import grant_consents, withdraw_consents
from privault.services.photos.library import PhotoForm, add_photo, list_photos
from privault.services.photos.publication import list_take_downs, mark_taken_down, publish_photo
from privault.services.retention.sweep import run_retention
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, NOTICE, register
from tests.photo_files import camera_jpeg

FRONT = Actor("desk.li", frozenset({"front_desk"}))
MANAGER = Actor("manager.chen", frozenset({"store_manager"}))
PURPOSE = "photo_publication"


def _customer_with_photo(vault: Vault, operator: Actor, *, consented: bool) -> tuple[str, str]:
    customer_id = register(vault, operator, purposes=MEMBER)
    if consented:
        grant_consents(
            vault, operator, customer_id, [PURPOSE], channel="store", notice_version=NOTICE
        )
    photo = add_photo(vault, FRONT, customer_id, camera_jpeg(), PhotoForm("after"))
    return customer_id, photo.id


def _publish_events(vault: Vault, operator: Actor, customer_id: str) -> list[tuple[str, str]]:
    return [
        (e.outcome.value, e.reason or "")
        for e in reversed(list_audit_events(vault, operator, customer_id=customer_id))
        if e.action == "photo.publish"
    ]


def test_the_salon_catalog_asks_separate_consent_for_publishing_photos(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        purpose = vault.catalog(uow).purposes[PURPOSE]

    assert purpose.needs_separate_consent
    assert purpose.lawful_basis.value == "consent"


@pytest.mark.legal("PIPL Art. 14")
def test_publishing_without_separate_consent_is_refused_audited_and_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    customer_id, photo_id = _customer_with_photo(vault, operator, consented=False)
    before = table_counts(vault.database)

    with pytest.raises(ConsentRequiredError, match="not given separate consent"):
        publish_photo(vault, MANAGER, photo_id, "social_media")

    after = table_counts(vault.database)
    assert after.pop("audit_events") == before.pop("audit_events") + 1
    assert after == before
    assert _publish_events(vault, operator, customer_id)[0][0] == "denied"
    assert list_photos(vault, MANAGER, customer_id)[0].state is PublicationState.UNPUBLISHED


@pytest.mark.legal("PIPL Art. 14")
def test_a_publication_records_photo_channel_and_the_consent_event_it_rests_on(
    vault: Vault, operator: Actor
) -> None:
    customer_id, photo_id = _customer_with_photo(vault, operator, consented=True)

    done = publish_photo(vault, MANAGER, photo_id, "shop_window")

    assert (done.photo_id, done.channel) == (photo_id, PublicationChannel.SHOP_WINDOW)
    assert done.consent_event_id > 0
    assert done.published_by == MANAGER.name
    photo = list_photos(vault, MANAGER, customer_id)[0]
    assert photo.state is PublicationState.PUBLISHED
    assert photo.publications == (done,)
    reason = f"published on shop_window (consent event {done.consent_event_id})"
    assert _publish_events(vault, operator, customer_id) == [("allowed", reason)]
    with pytest.raises(InvalidInputError, match="channel: the photo is already published"):
        publish_photo(vault, MANAGER, photo_id, "shop_window")
    with pytest.raises(InvalidInputError, match="channel: channel must be one of"):
        publish_photo(vault, MANAGER, photo_id, "billboard")


def test_front_desk_may_not_publish(vault: Vault, operator: Actor) -> None:
    _, photo_id = _customer_with_photo(vault, operator, consented=True)

    with pytest.raises(PolicyDeniedError, match=r"may not photo\.publish"):
        publish_photo(vault, FRONT, photo_id, "website")


@pytest.mark.legal("PIPL Art. 15")
def test_withdrawing_consent_withdraws_publications_lists_them_to_take_down_and_stops_new_ones(
    vault: Vault, operator: Actor
) -> None:
    customer_id, photo_id = _customer_with_photo(vault, operator, consented=True)
    published = publish_photo(vault, MANAGER, photo_id, "social_media")

    withdraw_consents(vault, operator, customer_id, [PURPOSE], channel="store")

    photo = list_photos(vault, MANAGER, customer_id)[0]
    assert photo.state is PublicationState.WITHDRAWN
    todo = list_take_downs(vault, MANAGER)
    assert [(t.publication_id, t.photo_id, t.channel, t.why) for t in todo] == [
        (published.id, photo_id, PublicationChannel.SOCIAL_MEDIA, "consent_withdrawn")
    ]
    assert any(
        "withdrawn: consent ended" in r for _, r in _publish_events(vault, operator, customer_id)
    )
    with pytest.raises(ConsentRequiredError, match="not given separate consent"):
        publish_photo(vault, MANAGER, photo_id, "website")
    mark_taken_down(vault, MANAGER, published.id)
    assert list_take_downs(vault, MANAGER) == []


def test_a_publication_consent_that_lapses_in_the_retention_sweep_withdraws_the_publication(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id, photo_id = _customer_with_photo(vault, operator, consented=True)
    published = publish_photo(vault, MANAGER, photo_id, "shop_window")
    clock.advance(days=800)  # past the purpose's 730 days, short of the 1095 of inactivity

    run_retention(vault, operator)

    assert list_photos(vault, MANAGER, customer_id)[0].state is PublicationState.WITHDRAWN
    assert [t.publication_id for t in list_take_downs(vault, MANAGER)] == [published.id]


@pytest.mark.parametrize("industry", ["retail"])
def test_a_shop_whose_catalog_has_no_publication_purpose_cannot_publish(
    vault: Vault, operator: Actor
) -> None:
    _, photo_id = _customer_with_photo(vault, operator, consented=False)

    with pytest.raises(ConsentRequiredError, match="catalog has no photo_publication purpose"):
        publish_photo(vault, MANAGER, photo_id, "website")

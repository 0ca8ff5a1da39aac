"""Notices rendered from the shop's identity; placeholders refused by element; a material change
(PIPL Art. 14(2)) puts the consents given before it on hold until renewed; any change is told."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from privault.config import Settings
from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.infra.sms import FileOutbox
from privault.presets import load_preset
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import grant_consents, withdraw_consents
from privault.services.consents.notices import list_notices, publish_notice
from privault.services.customers.records import get_customer
from privault.services.customers.segments import count_audiences
from privault.services.use_case import use_case
from privault.services.vault import Vault, open_vault
from tests.conftest import SHOP, FrozenClock
from tests.factories import register, unique_mobile

MARKETING = ("service", "membership", "marketing_sms", "birthday_offers")


def _notice(version: str = "2026.2", **extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = copy.deepcopy(load_preset("salon")["notice"])
    return {**document, "version": version, **extra}


def _purposes(vault: Vault, operator: Actor, customer_id: str) -> set[str]:
    return set(get_customer(vault, operator, customer_id).purposes)


def _sms(vault: Vault) -> list[dict[str, str]]:
    assert isinstance(vault.sms, FileOutbox)
    return vault.sms.messages()


def _audience(vault: Vault, operator: Actor, purpose: str) -> int:
    return {a.purpose: a.customers for a in count_audiences(vault, operator)}[purpose]


@pytest.fixture
def customer(vault: Vault, operator: Actor) -> str:
    return register(vault, operator, {"name": "张三丰", "mobile": unique_mobile()}, MARKETING)


@pytest.mark.legal("PIPL Art. 17")
def test_the_published_notice_names_the_shop_and_its_contacts(
    vault: Vault, operator: Actor
) -> None:
    published = list_notices(vault, operator)[-1].document
    for value in SHOP.values():
        assert value in published
    assert "请在设置中填写" not in published
    assert "to be filled in" not in published


@pytest.mark.legal("PIPL Art. 17")
@pytest.mark.parametrize(
    ("lang", "key", "text"),
    [
        ("zh", "contact", "电话：请在设置中填写"),
        ("en", "processor", "Our name: to be filled in under Settings"),
        ("en", "contact", "Call us on {telephone}"),
        ("zh", "rights", "TODO"),
    ],
)
def test_a_notice_with_a_placeholder_is_refused_naming_the_element(
    vault: Vault, operator: Actor, lang: str, key: str, text: str
) -> None:
    document = _notice()
    document[lang] = {**document[lang], key: text}
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=f"placeholder text in {lang}.{key}") as raised:
        publish_notice(vault, operator, document)
    assert raised.value.field == "notice"
    assert table_counts(vault.database) == before


def test_a_material_change_may_name_only_known_purposes(vault: Vault, operator: Actor) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="unknown purpose 'telemarketing'"):
        publish_notice(vault, operator, _notice(material=True, renew=["telemarketing"]))
    with pytest.raises(InvalidInputError, match="only a material change") as raised:
        publish_notice(vault, operator, _notice(renew=["marketing_sms"]))
    assert raised.value.field == "renew"
    assert table_counts(vault.database) == before


@pytest.mark.legal("PIPL Art. 14(2)")
@pytest.mark.legal("PIPL Art. 14")
def test_a_material_change_stops_the_named_purposes_until_the_customer_renews(
    vault: Vault, operator: Actor, clock: FrozenClock, customer: str
) -> None:
    assert _audience(vault, operator, "marketing_sms") == 1
    clock.advance(days=30)
    stored = publish_notice(vault, operator, _notice(material=True, renew=["marketing_sms"]))
    assert stored.is_material

    assert _purposes(vault, operator, customer) == {"service", "membership", "birthday_offers"}
    assert _audience(vault, operator, "marketing_sms") == 0
    with use_case(vault, operator) as uc:
        assert uc.uow.consents.awaiting_renewal_for(customer) == {"marketing_sms"}
        assert "marketing_sms" not in uc.uow.consents.active([customer])[customer]

    clock.advance(days=1)
    grant_consents(
        vault, operator, customer, ["marketing_sms"], channel="store", notice_version="2026.2"
    )
    assert "marketing_sms" in _purposes(vault, operator, customer)
    assert _audience(vault, operator, "marketing_sms") == 1


@pytest.mark.legal("PIPL Art. 14(2)")
@pytest.mark.legal("PIPL Art. 14")
def test_a_material_change_published_through_one_worker_holds_consents_in_another(
    vault: Vault, settings: Settings, operator: Actor, clock: FrozenClock, customer: str
) -> None:
    other = open_vault(settings, clock=clock)  # another server worker, keeping the renewals
    try:
        assert "marketing_sms" in _purposes(other, operator, customer)
        clock.advance(days=30)
        publish_notice(vault, operator, _notice(material=True, renew=["marketing_sms"]))
        assert "marketing_sms" not in _purposes(other, operator, customer)
    finally:
        other.close()


def test_a_material_change_naming_no_purpose_renews_every_consent_based_one(
    vault: Vault, operator: Actor, clock: FrozenClock, customer: str
) -> None:
    clock.advance(days=30)
    publish_notice(vault, operator, _notice(material=True))
    # Service and membership rest on the contract, not on consent: they go on.
    assert _purposes(vault, operator, customer) == {"service", "membership"}
    trail = list_audit_events(vault, operator, limit=20)
    published = [e.reason for e in trail if e.action == Action.NOTICE_PUBLISH and not e.customer_id]
    assert published[0] is not None
    assert published[0].startswith("notice 2026.2; consents to renew: ")
    assert "marketing_sms" in published[0]


def test_a_consent_given_under_the_new_notice_is_not_put_on_hold(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    clock.advance(days=30)
    publish_notice(vault, operator, _notice(material=True, renew=["marketing_sms"]))
    clock.advance(days=1)
    later = register(vault, operator, None, MARKETING, notice="2026.2")
    assert "marketing_sms" in _purposes(vault, operator, later)


def test_a_consent_waiting_for_renewal_may_still_be_withdrawn(
    vault: Vault, operator: Actor, clock: FrozenClock, customer: str
) -> None:
    clock.advance(days=30)
    publish_notice(vault, operator, _notice(material=True, renew=["marketing_sms"]))
    withdraw_consents(vault, operator, customer, ["marketing_sms"], channel="phone")
    with use_case(vault, operator) as uc:
        assert uc.uow.consents.states_for(customer) == (
            {"service", "membership", "birthday_offers"},
            set(),
        )


@pytest.mark.legal("PIPL Art. 17")
def test_a_change_that_is_not_material_is_only_notified(
    vault: Vault, operator: Actor, clock: FrozenClock, customer: str
) -> None:
    sent_before = len(_sms(vault))
    clock.advance(days=30)
    publish_notice(vault, operator, _notice())
    assert _purposes(vault, operator, customer) == set(MARKETING)
    told = _sms(vault)[sent_before:]
    assert len(told) == 1
    assert "2026.2" in told[0]["text"]
    assert SHOP["business_name"] in told[0]["text"]
    assert "重新同意" not in told[0]["text"]


@pytest.mark.legal("PIPL Art. 14(2)")
@pytest.mark.legal("PIPL Art. 14")
def test_customers_who_consented_to_messages_are_told_of_a_material_change(
    vault: Vault, operator: Actor, clock: FrozenClock, customer: str
) -> None:
    silent = register(vault, operator, None, ("service",))
    sent_before = len(_sms(vault))
    clock.advance(days=30)
    publish_notice(vault, operator, _notice(material=True, renew=["birthday_offers"]))
    told = _sms(vault)[sent_before:]
    assert len(told) == 1
    assert "重新确认" in told[0]["text"]
    events = list_audit_events(vault, operator, limit=20)
    reached = {
        (e.customer_id, e.fields, e.purpose) for e in events if e.reason == "told of notice 2026.2"
    }
    assert reached == {(customer, ("mobile",), "marketing_sms")}
    assert silent not in {c for c, _, _ in reached}
    assert all(told[0]["to"] not in (e.reason or "") for e in events)

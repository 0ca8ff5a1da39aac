"""Purpose at use in a reveal: a catalog purpose the field serves, and the customer's lawful basis
for it at that moment; otherwise refused and audited."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import grant_consents, withdraw_consents
from privault.services.customers.records import reveal_field
from privault.services.vault import Vault
from tests.factories import MEMBER, NOTICE, register

DESK = Actor("desk.li", frozenset({"front_desk"}))


def _last_reveal(vault: Vault, operator: Actor, customer_id: str) -> tuple[str, str | None]:
    trail = list_audit_events(vault, operator, customer_id=customer_id, limit=20)
    event = next(e for e in trail if e.action == "customer.reveal")
    return event.outcome, event.purpose


@pytest.mark.legal("PIPL Art. 13")
def test_a_reveal_for_a_consent_purpose_the_customer_never_gave_is_refused_and_audited(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "张三", "mobile": "13812345678"}, MEMBER)
    with pytest.raises(PolicyDeniedError, match="has not consented to marketing_sms"):
        reveal_field(vault, DESK, customer, "mobile", "marketing_sms")
    assert _last_reveal(vault, operator, customer) == ("denied", "marketing_sms")

    # A purpose resting on the contract needs no consent: the booking call goes through.
    assert reveal_field(vault, DESK, customer, "mobile", "service") == "13812345678"
    assert _last_reveal(vault, operator, customer) == ("allowed", "service")


def test_the_basis_is_checked_at_each_reveal_so_a_withdrawal_ends_it(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "张三", "mobile": "13812345678"}, MEMBER)
    grant_consents(
        vault, operator, customer, ["marketing_sms"], channel="store", notice_version=NOTICE
    )
    assert reveal_field(vault, DESK, customer, "mobile", "短信营销") == "13812345678"
    withdraw_consents(vault, operator, customer, ["marketing_sms"], channel="store")
    with pytest.raises(PolicyDeniedError, match="withdrawn"):
        reveal_field(vault, DESK, customer, "mobile", "marketing_sms")


@pytest.mark.legal("PIPL Art. 6")
def test_a_field_is_revealed_only_for_a_purpose_it_is_collected_for(
    vault: Vault, operator: Actor
) -> None:
    customer = register(
        vault, operator, {"name": "张三", "mobile": "13812345678", "hair_type": "dry"}, MEMBER
    )
    with pytest.raises(PolicyDeniedError, match="hair_type is not collected for membership"):
        reveal_field(vault, DESK, customer, "hair_type", "membership")
    assert _last_reveal(vault, operator, customer) == ("denied", "membership")


def test_a_free_text_purpose_is_refused_naming_the_field_and_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "张三", "mobile": "13812345678"}, MEMBER)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="unknown purpose 'call back'") as raised:
        reveal_field(vault, DESK, customer, "mobile", "call back")
    assert raised.value.field == "purpose"
    assert table_counts(vault.database) == before


def test_the_note_beside_the_purpose_goes_into_the_audit_event(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, {"name": "张三", "mobile": "13812345678"}, MEMBER)
    reveal_field(vault, DESK, customer, "mobile", "Service", note="  confirm   tomorrow's booking ")
    trail = list_audit_events(vault, operator, customer_id=customer, limit=20)
    event = next(e for e in trail if e.action == "customer.reveal")
    assert (event.purpose, event.reason) == ("service", "confirm tomorrow's booking")
    with pytest.raises(InvalidInputError, match="at most 200") as raised:
        reveal_field(vault, DESK, customer, "mobile", "service", note="x" * 201)
    assert raised.value.field == "note"

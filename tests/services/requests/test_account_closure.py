"""Closing an account (注销账户) through the staff queue and the portal: its clock and its end."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.errors import NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.portal import customer_actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import get_customer
from privault.services.portal.requests import open_own_request
from privault.services.requests.answers import fulfil_request
from privault.services.requests.handling import open_request
from privault.services.requests.verification import verify_request
from privault.services.vault import Vault
from tests.factories import MEMBER, register

# The suite's clock reads 2026-11-23 (a Monday): 15 working days later is Mon 14 Dec.
DUE = date(2026, 12, 14)


@pytest.mark.legal("GB/T 35273-2020 §8.5")
def test_closing_an_account_is_due_in_fifteen_working_days_and_erases_the_customer(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator, None, MEMBER)

    opened = open_request(vault, operator, customer, "注销账户", "store")
    verify_request(vault, operator, opened.id, "in_person", note="resident ID card shown")
    done = fulfil_request(vault, operator, opened.id)

    assert (opened.type.value, opened.due_on) == ("account_closure", DUE)
    assert done.summary.startswith("account closed; erased by crypto-shredding")
    assert done.request.status.value == "completed"
    with pytest.raises(NotFoundError):
        get_customer(vault, operator, customer)
    erased = list_audit_events(vault, operator, customer_id=customer)
    assert [e.outcome.value for e in erased if e.action == Action.ERASE.value] == ["allowed"]


@pytest.mark.legal("GB/T 35273-2020 §8.5")
def test_a_customer_asks_to_close_the_account_in_the_portal(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator, None, MEMBER)

    shown = open_own_request(vault, customer_actor(customer), customer, "account_closure")

    assert (shown.type.value, shown.due_on, shown.channel) == ("account_closure", DUE, "portal")

"""Regular updates of contact data (issue 17, point 5): registration and a change of a contact
field confirm it, the desk confirms it with the customer, it goes stale after the shop's period,
the next booking or visit carries the prompt, and the stale list shows masked names."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from privault.db.tables import contact_confirmations
from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.contact import get_contact_fresh_days, set_contact_fresh_days
from privault.services.customers.contact_confirmation import (
    confirm_contact,
    get_contact_state,
    list_stale_contacts,
)
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import update_customer
from privault.services.customers.restriction import restrict_customer
from privault.services.customers.transactions import record_transaction
from privault.services.service_day.bookings import BookingRequest, arrive, book, day_view
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register

DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
MANAGER = Actor("manager.main", frozenset({"store_manager"}), frozenset({"main"}))
OFFICER = Actor("po.zhou", frozenset({"privacy_officer"}))
MARKETING = Actor("mk.main", frozenset({"marketing"}), frozenset({"main"}))
ADMIN = Actor("admin.it", frozenset({"admin"}))
DAY = "2027-12-29"  # the day after the frozen clock's, 400 days on


def _stale(vault: Vault, actor: Actor = MANAGER) -> dict[str, int]:
    return {row.customer_id: row.days_since for row in list_stale_contacts(vault, actor).rows}


@pytest.mark.legal("PIPL Art. 8")
def test_registration_confirms_contact_data_which_goes_stale_after_a_year(
    vault: Vault, clock: FrozenClock
) -> None:
    customer = register(vault, DESK, {"name": "张三丰", "mobile": "13812345678"})
    assert get_contact_state(vault, DESK, customer).is_stale is False

    clock.advance(days=365)
    assert get_contact_state(vault, DESK, customer).is_stale is False
    clock.advance(days=1)

    state = get_contact_state(vault, DESK, customer)
    assert (state.is_stale, state.days_since, state.fresh_days) == (True, 366, 365)
    [row] = list_stale_contacts(vault, MANAGER).rows
    assert (row.customer_id, row.identity, row.how) == (customer, {"name": "张*丰"}, "registration")


def test_the_desk_confirms_with_the_customer_audited_and_the_data_is_fresh_again(
    vault: Vault, clock: FrozenClock
) -> None:
    customer = register(vault, DESK, {"name": "张三丰", "mobile": "13812345678"})
    clock.advance(days=400)

    state = confirm_contact(vault, DESK, customer)

    assert (state.is_stale, state.days_since) == (False, 0)
    assert _stale(vault) == {}
    [event] = [
        e
        for e in list_audit_events(vault, OFFICER, customer_id=customer)
        if e.action == Action.CONTACT_CONFIRM.value
    ]
    assert (event.actor, event.outcome) == (DESK.name, Outcome.ALLOWED)
    assert {"mobile", "email", "address"} <= set(event.fields)


def test_changing_a_contact_field_confirms_it_and_other_fields_do_not(
    vault: Vault, clock: FrozenClock
) -> None:
    customer = register(vault, DESK, {"name": "张三丰", "mobile": "13812345678"})
    clock.advance(days=400)

    update_customer(vault, DESK, customer, {"name": "张三"})
    assert customer in _stale(vault)

    update_customer(vault, DESK, customer, {"mobile": "13812345679"})
    assert customer not in _stale(vault)


def test_the_period_is_a_checked_audited_setting_of_officer_and_admin(
    vault: Vault, clock: FrozenClock
) -> None:
    customer = register(vault, DESK)
    clock.advance(days=31)
    assert _stale(vault) == {}

    assert set_contact_fresh_days(vault, OFFICER, "30") == 30

    assert _stale(vault) == {customer: 31}
    assert get_contact_fresh_days(vault, ADMIN) == 30
    for bad in ("abc", "10", "5000"):
        with pytest.raises(InvalidInputError) as refused:
            set_contact_fresh_days(vault, ADMIN, bad)
        assert refused.value.field == "contact_fresh_days"
    with pytest.raises(PolicyDeniedError):
        set_contact_fresh_days(vault, DESK, 90)
    assert get_contact_fresh_days(vault, OFFICER) == 30
    changes = [
        e.reason
        for e in list_audit_events(vault, OFFICER)
        if e.action == Action.CONTACT_SETTINGS.value and e.outcome is Outcome.ALLOWED
    ]
    assert changes == ["contact data fresh for 30 days (was 365)"]


@pytest.mark.legal("PIPL Art. 8")
def test_the_next_booking_and_visit_of_a_stale_customer_prompt_the_desk(
    vault: Vault, clock: FrozenClock
) -> None:
    stale = register(vault, DESK, {"name": "张三丰", "mobile": "13812345678"})
    clock.advance(days=400)
    fresh = register(vault, DESK, {"name": "李四", "mobile": "13812345670"})

    def dinner(customer: str, room: str) -> BookingRequest:
        return BookingRequest(date=DAY, meal="dinner", room=room, customer_id=customer)

    booked = book(vault, DESK, dinner(stale, "牡丹厅"))
    other = book(vault, DESK, dinner(fresh, "芙蓉厅"))
    assert (booked.needs_contact_confirmation, other.needs_contact_confirmation) == (True, False)
    assert booked.as_record()["needs_contact_confirmation"] is True
    assert arrive(vault, DESK, booked.id).needs_contact_confirmation is True
    shown = {
        e.booking.id: e.booking.needs_contact_confirmation
        for entries in day_view(vault, DESK, "main", DAY).groups.values()
        for e in entries
    }
    assert shown == {booked.id: True, other.id: False}
    assert record_transaction(vault, DESK, stale, "visit", None).needs_contact_confirmation
    assert not record_transaction(vault, DESK, fresh, "visit", None).needs_contact_confirmation

    confirm_contact(vault, DESK, stale)
    assert arrive(vault, DESK, other.id).needs_contact_confirmation is False
    assert record_transaction(vault, DESK, stale, "visit", None).needs_contact_confirmation is False


def test_a_record_stored_before_confirmations_counts_from_its_creation(
    vault: Vault, clock: FrozenClock
) -> None:
    customer = register(vault, DESK)
    with vault.database.data_engine.begin() as connection:
        connection.execute(delete(contact_confirmations))
    clock.advance(days=366)

    [row] = list_stale_contacts(vault, OFFICER).rows

    assert (row.customer_id, row.days_since, row.how) == (customer, 366, None)


def test_who_may_confirm_and_list_and_a_restricted_customer_is_neither(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer = register(vault, DESK)
    restricted = register(vault, DESK)
    restrict_customer(vault, operator, restricted, reason="customer objected")
    clock.advance(days=400)

    assert confirm_contact(vault, MANAGER, customer).is_stale is False
    for actor in (OFFICER, MARKETING):
        with pytest.raises(PolicyDeniedError):
            confirm_contact(vault, actor, customer)
    with pytest.raises(PolicyDeniedError):
        confirm_contact(vault, DESK, restricted)
    for actor in (DESK, MARKETING):
        with pytest.raises(PolicyDeniedError):
            list_stale_contacts(vault, actor)
    assert _stale(vault, OFFICER) == {}


def test_erasure_removes_the_confirmation_row(vault: Vault, operator: Actor) -> None:
    customer = register(vault, DESK)
    confirm_contact(vault, DESK, customer)

    erase_customer(vault, operator, customer, reason="customer asked")

    with vault.database.data_engine.connect() as connection:
        left = connection.execute(select(contact_confirmations.c.customer_id)).all()
    assert left == []

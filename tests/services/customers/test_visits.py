"""Visits and purchases at check-out: who served and the bill's lines, corrections only by a
reversing entry, and the history read per role (masked or in clear), audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from privault.db.inspection import table_counts
from privault.db.tables import customers
from privault.domain.audit import Outcome
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor, Sight
from privault.domain.transactions import ItemInput, Transaction, TransactionKind, split_item_line
from privault.services.audit.events import list_audit_events
from privault.services.customers.restriction import restrict_customer
from privault.services.customers.transactions import record_transaction, reverse_transaction
from privault.services.customers.visit_history import list_visits
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import enrolled_staff, register

ADMIN = Actor("boss", frozenset({"admin"}))
DESK = Actor("desk.wang", frozenset({"front_desk"}), stores=frozenset({"main"}))
LINES = [split_item_line("洗剪吹 1 88.00"), split_item_line("护发素 2 40.50")]


def _check_out(vault: Vault, actor: Actor, customer_id: str) -> Transaction:
    enrolled_staff(vault, ADMIN, "tech.li", ["service_staff"], ["main"])
    return record_transaction(
        vault, actor, customer_id, None, None, served_by=["tech.li"], items=LINES
    )


def _last_activity(vault: Vault, customer_id: str) -> object:
    # Read from the store: no service shows last_activity_at, the retention clock itself.
    with vault.database.data_engine.connect() as c:
        query = select(customers.c.last_activity_at).where(customers.c.id == customer_id)
        return c.execute(query).scalar_one()


def test_a_check_out_keeps_who_served_the_lines_and_the_booking_and_sums_the_amount(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    booking = "3F2B9C1E-0000-4000-8000-000000000001"
    enrolled_staff(vault, ADMIN, "tech.li", ["service_staff"], ["main"])

    bill = record_transaction(
        vault, DESK, customer_id, None, None, served_by=["tech.li"], items=LINES, booking_id=booking
    )

    assert (bill.kind, bill.amount, bill.served_by) == (
        TransactionKind.PURCHASE,
        "128.50",
        ("tech.li",),
    )
    assert [(i.text, i.quantity, i.amount) for i in bill.items] == [
        ("洗剪吹", 1, "88.00"),
        ("护发素", 2, "40.50"),
    ]
    assert bill.booking_id == booking.lower()
    shown = list_visits(vault, operator, customer_id).visits[0]
    assert (shown.id, shown.amount, shown.served_by) == (bill.id, "128.50", ("tech.li",))


def test_an_item_line_reads_text_then_quantity_and_amount() -> None:
    assert split_item_line("洗剪吹 1 88.00") == ItemInput("洗剪吹", "1", "88.00")
    assert split_item_line("烫发 套餐 288") == ItemInput("烫发 套餐", None, "288")
    assert split_item_line("咨询") == ItemInput("咨询", None, None)


@pytest.mark.parametrize(
    ("served_by", "message"),
    [
        (["nobody"], "served_by: nobody is no active staff account of store main"),
        (["tech.far"], "served_by: tech.far is no active staff account of store main"),
        (["a", "b", "c", "d", "e", "f"], "served_by: name at most 5 staff who served"),
    ],
)
def test_who_served_must_be_active_staff_of_the_store_and_nothing_is_written(
    vault: Vault, operator: Actor, served_by: list[str], message: str
) -> None:
    customer_id = register(vault, operator)
    enrolled_staff(vault, ADMIN, "tech.far", ["service_staff"], ["branch"])
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=message):
        record_transaction(vault, DESK, customer_id, "visit", None, served_by=served_by)
    assert table_counts(vault.database) == before


@pytest.mark.parametrize(
    ("items", "booking", "message"),
    [
        ([ItemInput("x" * 101)], None, "items: line 1: at most 100 characters"),
        ([ItemInput("a"), ItemInput("b", "0")], None, "items: line 2: the quantity is a whole"),
        ([ItemInput("a", None, "1.001")], None, "items: line 1: at most two decimals"),
        ([ItemInput("", "1", "2")], None, "items: line 1: say what was sold or served"),
        ([ItemInput("a")] * 31, None, "items: at most 30 lines on one bill"),
        ([], "B-17", "booking_id: give the booking's id, a UUID"),
    ],
)
def test_a_bad_bill_names_the_field_and_line_and_nothing_is_written(
    vault: Vault, operator: Actor, items: list[ItemInput], booking: str | None, message: str
) -> None:
    customer_id = register(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match=message):
        record_transaction(vault, DESK, customer_id, None, None, items=items, booking_id=booking)
    assert table_counts(vault.database) == before


def test_a_reversal_negates_the_original_which_stays_as_it_was_and_both_are_audited(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    bill = _check_out(vault, DESK, customer_id)

    reversal = reverse_transaction(vault, DESK, bill.id, " wrong  customer ")

    assert (reversal.kind, reversal.amount, reversal.reverses_id, reversal.reason) == (
        TransactionKind.REVERSAL,
        "-128.50",
        bill.id,
        "wrong customer",
    )
    history = list_visits(vault, operator, customer_id)
    newest, original = history.visits
    assert (newest.id, newest.amount, newest.reverses_id) == (reversal.id, "-128.50", bill.id)
    assert (original.id, original.amount, original.reversed_by) == (bill.id, "128.50", reversal.id)
    assert len(original.items) == 2
    events = list_audit_events(vault, operator, customer_id=customer_id)
    recorded = [e.reason for e in events if e.action == Action.TRANSACTION_RECORD]
    assert f"purchase {bill.id} reversed by entry {reversal.id}" in recorded
    assert f"purchase {bill.id} recorded" in recorded


def test_reversing_twice_or_reversing_a_reversal_is_refused_audited_and_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    bill = _check_out(vault, DESK, customer_id)
    reversal = reverse_transaction(vault, DESK, bill.id, "typed twice")
    before = table_counts(vault.database)

    again = f"entry {bill.id} was already reversed by entry {reversal.id}"
    with pytest.raises(InvalidInputError, match=f"transaction_id: {again}"):
        reverse_transaction(vault, DESK, bill.id, "again")
    with pytest.raises(InvalidInputError, match=f"entry {reversal.id} is itself a reversal"):
        reverse_transaction(vault, DESK, reversal.id, "undo the undo")
    with pytest.raises(InvalidInputError, match="reason: say why the entry is reversed"):
        reverse_transaction(vault, DESK, bill.id, "  ")

    after = table_counts(vault.database)
    assert after["transactions"] == before["transactions"]
    assert after["audit_events"] == before["audit_events"] + 2  # the two refusals, no more
    events = list_audit_events(vault, operator, customer_id=customer_id)
    denied = [e.reason for e in events if e.outcome is Outcome.DENIED]
    assert any(again in (r or "") for r in denied)


def test_a_check_out_restarts_the_inactivity_clock_and_a_reversal_does_not(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = register(vault, operator)
    clock.advance(days=3)
    bill = _check_out(vault, DESK, customer_id)
    checked_out_at = clock.now
    clock.advance(days=2)

    reverse_transaction(vault, DESK, bill.id, "wrong amount")

    assert _last_activity(vault, customer_id) == checked_out_at


def test_the_history_is_newest_first_and_paged(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = register(vault, operator)
    ids = []
    for amount in ("10.00", "20.00", "30.00"):
        clock.advance(hours=1)
        ids.append(record_transaction(vault, DESK, customer_id, "purchase", amount).id)

    first = list_visits(vault, operator, customer_id, page=1, per_page=2)
    second = list_visits(vault, operator, customer_id, page=2, per_page=2)

    assert [v.id for v in first.visits + second.visits] == ids[::-1]
    assert (first.total, first.pages, second.page) == (3, 2, 2)
    assert first.zone == "Asia/Shanghai"
    with pytest.raises(InvalidInputError, match="page: pages count from 1"):
        list_visits(vault, operator, customer_id, page=0)


@pytest.mark.parametrize(
    ("roles", "sight", "amount", "item"),
    [
        ({"privacy_officer"}, Sight.CLEAR, "128.50", "洗剪吹"),
        ({"front_desk"}, Sight.MASKED, "******", "洗***"),
        ({"store_manager"}, Sight.MASKED, "******", "洗***"),
    ],
)
def test_amounts_and_lines_are_shown_as_the_roles_transaction_category_allows(
    vault: Vault, operator: Actor, roles: set[str], sight: Sight, amount: str, item: str
) -> None:
    customer_id = register(vault, operator)
    _check_out(vault, DESK, customer_id)
    reader = Actor("reader", frozenset(roles))

    history = list_visits(vault, reader, customer_id)

    shown = history.visits[0]
    assert (history.sight, shown.amount, shown.items[0].text) == (sight, amount, item)
    assert shown.served_by == ("tech.li",)


def test_an_untrained_officer_sees_the_amounts_masked(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    _check_out(vault, DESK, customer_id)
    untrained = Actor("new.po", frozenset({"privacy_officer"}), training_gap="no training")
    shown = list_visits(vault, untrained, customer_id).visits[0]
    assert (shown.amount, shown.items[0].quantity) == ("******", None)


@pytest.mark.parametrize("role", ["service_staff", "marketing", "auditor", "admin"])
def test_roles_without_transaction_read_are_refused_the_history_and_it_is_audited(
    vault: Vault, operator: Actor, role: str
) -> None:
    customer_id = register(vault, operator)
    record_transaction(vault, DESK, customer_id, "purchase", "9.90")
    with pytest.raises(PolicyDeniedError, match=f"role {role} may not transaction.read"):
        list_visits(vault, Actor("someone", frozenset({role})), customer_id)
    events = list_audit_events(vault, operator, customer_id=customer_id)
    assert any(e.action == Action.TRANSACTION_READ and e.outcome is Outcome.DENIED for e in events)


def test_reading_the_history_is_audited_as_a_read_of_the_customer(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    record_transaction(vault, DESK, customer_id, "purchase", "9.90")
    list_visits(vault, DESK, customer_id)
    events = list_audit_events(vault, operator, customer_id=customer_id)
    read = [e for e in events if e.action == Action.TRANSACTION_READ]
    assert [(e.actor, e.fields, e.outcome) for e in read] == [
        ("desk.wang", ("amount", "items"), Outcome.ALLOWED)
    ]
    assert read[0].reason == "visits listed (page 1, 1 of 1, masked)"


def test_a_restricted_customers_history_is_read_only_by_the_privacy_officer(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)
    record_transaction(vault, DESK, customer_id, "purchase", "9.90")
    restrict_customer(vault, operator, customer_id, reason="the customer contests the data")
    with pytest.raises(PolicyDeniedError, match="processing is restricted"):
        list_visits(vault, DESK, customer_id)
    officer = Actor("po", frozenset({"privacy_officer"}))
    assert list_visits(vault, officer, customer_id).total == 1


def test_a_reversal_needs_the_right_to_record_in_that_store(vault: Vault, operator: Actor) -> None:
    customer_id = register(vault, operator)
    bill = record_transaction(vault, DESK, customer_id, "purchase", "9.90")
    elsewhere = Actor("desk.b", frozenset({"front_desk"}), stores=frozenset({"branch"}))
    with pytest.raises(PolicyDeniedError, match=r"store main is outside desk\.b's stores"):
        reverse_transaction(vault, elsewhere, bill.id, "mistake")
    with pytest.raises(PolicyDeniedError, match=r"role service_staff may not transaction\.record"):
        reverse_transaction(vault, Actor("tech", frozenset({"service_staff"})), bill.id, "x")

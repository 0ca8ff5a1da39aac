"""Collection forms (收集表) of a restaurant's bookings: each item records how it was obtained,
covert and second-hand sources, other people's data, appearance and unjustified items are
refused at entry naming the item, values are sealed, and a form goes collecting → submitted,
every step audited."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.collection import FormStatus, ItemSource, ItemStatus
from privault.domain.errors import ConflictError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.customers.erasure import erase_customer
from privault.services.customers.restriction import restrict_customer
from privault.services.service_day.bookings import BookingRequest, book, link_customer
from privault.services.service_day.collection import add_items, submit_form
from privault.services.service_day.review import open_for_review
from privault.services.vault import Vault
from tests.factories import register, unique_mobile
from tests.services.service_day.collection_steps import (
    DAY,
    DESK,
    SERVER,
    audit_events,
    booked_customer,
)


@pytest.fixture
def industry() -> str:
    return "restaurant"


def test_items_record_how_they_were_obtained_and_their_values_are_sealed(
    vault: Vault, operator: Actor
) -> None:
    booking, _ = booked_customer(vault, operator)
    form = add_items(
        vault, SERVER, booking, ["favourite_dishes=红烧肉:told", "喜爱酒水=茅台:observed"]
    )
    assert form.status is FormStatus.COLLECTING
    assert {(i.key, i.source, i.status) for i in form.items} == {
        ("favourite_dishes", ItemSource.TOLD, ItemStatus.PENDING),
        ("favourite_drinks", ItemSource.OBSERVED, ItemStatus.PENDING),
    }
    with vault.unit_of_work(read_only=True) as uow:
        sealed = uow.collection.sealed_values(form.id)
    assert set(sealed) == {"favourite_dishes", "favourite_drinks"}
    assert all("红烧肉".encode() not in blob for blob in sealed.values())

    submitted = submit_form(vault, SERVER, form.id)
    assert submitted.status is FormStatus.SUBMITTED
    assert submitted.submitted_at is not None
    collected = audit_events(vault, operator, Action.FORM_COLLECT)
    assert {e.reason for e in collected} >= {
        f"collection form {form.id} of booking {booking}: items added",
        f"collection form {form.id} of booking {booking}: submitted",
    }
    assert "红烧肉" not in repr(collected)


@pytest.mark.parametrize(
    ("item", "named", "says"),
    [
        ("favourite_dishes=红烧肉:overheard", "favourite_dishes", "overheard conversations"),
        ("seating=靠窗:asked_others", "seating", "asking other people"),
        ("seating=靠窗:guessed", "seating", "told or observed"),
        ("driver_plate=京A12345:told", "driver_plate", "another person's data"),
        ("附属客户=李秘书:told", "附属客户", "another person's data"),
        ("相貌特征=戴眼镜:observed", "相貌特征", "appearance"),
        ("hobby=钓鱼:told", "hobby", "not a field of this business's catalog"),
        ("id_number=110101199003071234:told", "id_number", "no purpose"),
        ("mobile=13812345678:told", "mobile", "contact data"),
    ],
)
def test_a_refused_item_names_itself_changes_nothing_and_is_audited(
    vault: Vault, operator: Actor, item: str, named: str, says: str
) -> None:
    booking, _ = booked_customer(vault, operator)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        add_items(vault, SERVER, booking, ["favourite_dishes=红烧肉:told", item])
    assert refused.value.field == named
    assert says in refused.value.message
    after = table_counts(vault.database)
    assert (after["collection_forms"], after["collection_items"]) == (
        before["collection_forms"],
        before["collection_items"],
    )
    denied = [
        e for e in audit_events(vault, operator, Action.FORM_COLLECT) if e.outcome is Outcome.DENIED
    ]
    assert len(denied) == 1


def test_an_item_in_a_bad_format_or_a_form_without_items_is_refused(
    vault: Vault, operator: Actor
) -> None:
    booking, _ = booked_customer(vault, operator)
    with pytest.raises(InvalidInputError, match="KEY=VALUE:told"):
        add_items(vault, SERVER, booking, ["favourite_dishes 红烧肉"])
    with pytest.raises(InvalidInputError, match="at least one item"):
        add_items(vault, SERVER, booking, [])


def test_a_submitted_form_takes_no_more_items(vault: Vault, operator: Actor) -> None:
    booking, _ = booked_customer(vault, operator)
    form = add_items(vault, SERVER, booking, ["seating=靠窗:told"])
    submit_form(vault, SERVER, form.id)
    with pytest.raises(ConflictError, match="is submitted"):
        add_items(vault, SERVER, booking, ["favourite_dishes=红烧肉:told"])
    with pytest.raises(ConflictError, match="is submitted"):
        submit_form(vault, SERVER, form.id)


def test_a_walk_ins_form_is_collected_under_the_forms_key(vault: Vault, operator: Actor) -> None:
    walk_in = book(
        vault, DESK, BookingRequest(date="2026-11-24", meal="dinner", salutation="王先生")
    )
    form = add_items(vault, SERVER, walk_in.id, ["favourite_dishes=红烧肉:told"], entry="paper")
    assert form.key_owner is None
    with vault.unit_of_work(read_only=True) as uow:
        sealed = uow.collection.sealed_values(form.id)
    assert "红烧肉".encode() not in sealed["favourite_dishes"]


def test_a_marketing_employee_cannot_collect_and_the_refusal_is_audited(
    vault: Vault, operator: Actor
) -> None:
    booking, _ = booked_customer(vault, operator)
    marketing = Actor("mk.main", frozenset({"marketing"}), frozenset({"main"}))
    with pytest.raises(PolicyDeniedError, match=r"may not form\.collect"):
        add_items(vault, marketing, booking, ["seating=靠窗:told"])


def test_a_restricted_customers_form_takes_no_items(vault: Vault, operator: Actor) -> None:
    booking, customer = booked_customer(vault, operator)
    restrict_customer(vault, operator, customer, reason="legal hold blocks the erasure")
    with pytest.raises(PolicyDeniedError, match="processing is restricted"):
        add_items(vault, SERVER, booking, ["seating=靠窗:told"])


def test_an_erased_customers_collected_items_open_to_nothing(vault: Vault, operator: Actor) -> None:
    booking, customer = booked_customer(vault, operator)
    form = add_items(vault, SERVER, booking, ["favourite_dishes=红烧肉:told"])
    submit_form(vault, SERVER, form.id)
    erase_customer(vault, operator, customer, reason="the customer asked")
    assert open_for_review(vault, operator, form.id).values == {}


def test_a_walk_ins_form_moves_under_their_key_when_registered_so_erasure_shreds_it(
    vault: Vault, operator: Actor
) -> None:
    walk_in = book(vault, DESK, BookingRequest(date=DAY, meal="dinner", salutation="王先生"))
    form = add_items(vault, SERVER, walk_in.id, ["favourite_dishes=红烧肉:told"], entry="paper")
    submit_form(vault, SERVER, form.id)
    customer = register(vault, operator, {"name": "王强", "mobile": unique_mobile()})

    link_customer(vault, DESK, walk_in.id, customer)

    opened = open_for_review(vault, operator, form.id)
    assert (opened.form.key_owner, opened.values) == (customer, {"favourite_dishes": "红烧肉"})
    erase_customer(vault, operator, customer, reason="the customer asked")
    assert open_for_review(vault, operator, form.id).values == {}

"""The review (评审) of collection forms: accepted items enter the customer's record through the
registration rules (a justifying purpose with the customer's consent, separate consent for
dietary data), an item without its basis refuses the review and the form stays under review,
rejected items leave no value in their row, a walk-in is registered first, and every step is
audited."""

from __future__ import annotations

import pytest

from privault.domain.audit import Outcome
from privault.domain.collection import FormStatus, ItemStatus
from privault.domain.errors import ConflictError, InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.customers.records import get_customer
from privault.services.service_day.bookings import BookingRequest, book, link_customer
from privault.services.service_day.collection import existing_form
from privault.services.service_day.review import (
    open_for_review,
    parse_decisions,
    review_form,
)
from privault.services.vault import Vault
from tests.factories import register
from tests.services.service_day.collection_steps import (
    DAY,
    DESK,
    MANAGER,
    audit_events,
    booked_customer,
    submitted,
)

ACCEPT = parse_decisions({"favourite_dishes": "accept"}, {})


@pytest.fixture
def industry() -> str:
    return "restaurant"


def _row(vault: Vault, form_id: str) -> tuple[dict[str, bytes], dict[str, ItemStatus]]:
    """The form's item rows as stored: which still hold a value, and each status."""
    with vault.unit_of_work(read_only=True) as uow:
        form = existing_form(uow, form_id)
        return uow.collection.sealed_values(form_id), {i.key: i.status for i in form.items}


def test_accepted_items_enter_the_record_and_leave_the_form(vault: Vault, operator: Actor) -> None:
    booking, customer = booked_customer(vault, operator)
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told", "seating=靠窗:observed"])
    decisions = parse_decisions({"favourite_dishes": "accept"}, {"seating": "靠窗，远离空调"})

    reviewed = review_form(vault, MANAGER, form, decisions, "部长 李娜")

    assert (reviewed.status, reviewed.reviewed_by, reviewed.review_with) == (
        FormStatus.REVIEWED,
        MANAGER.name,
        "部长 李娜",
    )
    assert {"favourite_dishes", "seating"} <= set(get_customer(vault, operator, customer).fields)
    values, statuses = _row(vault, form)
    assert values == {}
    assert statuses == {"favourite_dishes": ItemStatus.ACCEPTED, "seating": ItemStatus.CORRECTED}
    updates = audit_events(vault, operator, Action.UPDATE)
    assert any(set(e.fields) == {"favourite_dishes", "seating"} for e in updates)


@pytest.mark.legal("PIPL Art. 6")
def test_an_item_without_a_consented_purpose_refuses_the_review_and_the_form_stays_under_review(
    vault: Vault, operator: Actor
) -> None:
    booking, customer = booked_customer(vault, operator)  # service only: no personalisation
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told", "title=总经理:told"])
    decisions = parse_decisions({"favourite_dishes": "accept", "title": "accept"}, {})

    with pytest.raises(InvalidInputError) as refused:
        review_form(vault, MANAGER, form, decisions, "服务员 王芳")

    assert refused.value.field == "title"
    assert "personalisation" in refused.value.message
    values, statuses = _row(vault, form)
    assert set(values) == {"favourite_dishes", "title"}
    assert set(statuses.values()) == {ItemStatus.PENDING}
    assert existing_status(vault, form) is FormStatus.SUBMITTED
    assert "favourite_dishes" not in get_customer(vault, operator, customer).fields
    denied = [
        e for e in audit_events(vault, operator, Action.FORM_REVIEW) if e.outcome is Outcome.DENIED
    ]
    assert len(denied) == 1


def existing_status(vault: Vault, form_id: str) -> FormStatus:
    with vault.unit_of_work(read_only=True) as uow:
        return existing_form(uow, form_id).status


@pytest.mark.legal("PIPL Art. 29")
def test_dietary_restrictions_enter_the_record_only_with_separate_consent(
    vault: Vault, operator: Actor
) -> None:
    item = ["dietary_restrictions=不吃花生:told"]
    decision = parse_decisions({"dietary_restrictions": "accept"}, {})
    plain, _ = booked_customer(vault, operator)
    form = submitted(vault, plain, item)
    with pytest.raises(InvalidInputError, match="separate consent") as refused:
        review_form(vault, MANAGER, form, decision, "部长 李娜")
    assert refused.value.field == "dietary_restrictions"

    consented, customer = booked_customer(
        vault, operator, ("service", "sensitive_care"), room="兰花厅"
    )
    review_form(vault, MANAGER, submitted(vault, consented, item), decision, "部长 李娜")
    assert "dietary_restrictions" in get_customer(vault, operator, customer).fields


def test_a_rejected_item_leaves_no_value_in_its_row_and_the_rejection_is_audited(
    vault: Vault, operator: Actor
) -> None:
    booking, customer = booked_customer(vault, operator)
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told", "title=总经理:observed"])
    decisions = parse_decisions({"favourite_dishes": "accept", "title": "reject"}, {})

    review_form(vault, MANAGER, form, decisions, "部长 李娜")

    values, statuses = _row(vault, form)
    assert values == {}
    assert statuses["title"] is ItemStatus.REJECTED
    assert "title" not in get_customer(vault, operator, customer).fields
    rejected = [
        e
        for e in audit_events(vault, operator, Action.FORM_REVIEW)
        if "rejected" in (e.reason or "")
    ]
    assert [(e.customer_id, e.fields) for e in rejected] == [(customer, ("title",))]


def test_a_partial_review_keeps_the_form_under_review_until_every_item_is_decided(
    vault: Vault, operator: Actor
) -> None:
    booking, _ = booked_customer(vault, operator)
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told", "seating=靠窗:told"])
    assert review_form(vault, MANAGER, form, ACCEPT, "部长 李娜").status is FormStatus.SUBMITTED
    with pytest.raises(InvalidInputError, match="not an item awaiting review"):
        review_form(vault, MANAGER, form, ACCEPT, "部长 李娜")
    last = parse_decisions({"seating": "reject"}, {})
    assert review_form(vault, MANAGER, form, last, "部长 李娜").status is FormStatus.REVIEWED


def test_a_walk_ins_items_are_accepted_only_once_the_customer_is_registered_and_linked(
    vault: Vault, operator: Actor
) -> None:
    walk_in = book(vault, DESK, BookingRequest(date=DAY, meal="dinner", salutation="王先生"))
    form = submitted(vault, walk_in.id, ["favourite_dishes=红烧肉:told"])
    with pytest.raises(ConflictError, match="register the customer first"):
        review_form(vault, MANAGER, form, ACCEPT, "部长 李娜")
    assert existing_status(vault, form) is FormStatus.SUBMITTED

    customer = register(vault, operator, {"name": "王五", "mobile": "13912340000"})
    link_customer(vault, DESK, walk_in.id, customer)
    review_form(vault, MANAGER, form, ACCEPT, "部长 李娜")
    assert "favourite_dishes" in get_customer(vault, operator, customer).fields


def test_the_reviewer_sees_the_items_and_a_masked_identity_never_contact_data(
    vault: Vault, operator: Actor
) -> None:
    booking, customer = booked_customer(vault, operator)
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told"])
    opened = open_for_review(vault, MANAGER, form)
    assert opened.values == {"favourite_dishes": "红烧肉"}
    assert "dietary_restrictions" in opened.missing_required  # ※ by default: serving fields
    assert "favourite_dishes" not in opened.missing_required
    assert set(opened.identity) == {"name"}
    assert opened.identity["name"] != "欧阳娜娜"
    read = audit_events(vault, operator, Action.FORM_READ)
    assert [(e.customer_id, e.fields) for e in read] == [(customer, ("favourite_dishes",))]


def test_a_review_names_the_server_or_section_head_and_needs_the_reviewers_role(
    vault: Vault, operator: Actor
) -> None:
    booking, _ = booked_customer(vault, operator)
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told"])
    with pytest.raises(InvalidInputError) as unnamed:
        review_form(vault, MANAGER, form, ACCEPT, "  ")
    assert unnamed.value.field == "review_with"
    marketing = Actor("mk.main", frozenset({"marketing"}), frozenset({"main"}))
    with pytest.raises(PolicyDeniedError, match=r"may not form\.review"):
        review_form(vault, marketing, form, ACCEPT, "部长 李娜")
    with pytest.raises(InvalidInputError, match="accept, correct or reject"):
        parse_decisions({"favourite_dishes": "maybe"}, {})

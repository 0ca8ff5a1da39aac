"""What awaits review and for how long: the queue shows masked identities and never contact
data, a review overdue by the business's rule (default twice a week) and an entry onto the card
later than 24 hours after review raise an alert, and an entered paper form waits for its line in
the paper destruction log."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.collection import FormStatus
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import SYSTEM_ROLE, Action, Actor
from privault.services.audit.alerts import list_alerts
from privault.services.retention.paper import record_paper_destruction
from privault.services.service_day.collection import (
    add_items,
    confirm_entry,
    link_paper_destruction,
    set_collection_rules,
    submit_form,
)
from privault.services.service_day.review import parse_decisions, review_form
from privault.services.service_day.review_queue import (
    check_collection_deadlines,
    list_pending_forms,
)
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.services.service_day.collection_steps import (
    DESK,
    GUEST_NAME,
    MANAGER,
    SERVER,
    audit_events,
    booked_customer,
    submitted,
)

SYSTEM = Actor("system", frozenset({SYSTEM_ROLE}))
ACCEPT = parse_decisions({"favourite_dishes": "accept"}, {})


@pytest.fixture
def industry() -> str:
    return "restaurant"


def _alerts(vault: Vault, operator: Actor, kind: str) -> list[str]:
    return [a.detail for a in list_alerts(vault, operator) if a.kind == kind]


def test_the_queue_shows_how_long_each_form_waits_with_a_masked_identity(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    booking, customer = booked_customer(vault, operator)
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told"])
    clock.advance(hours=10)

    queue = list_pending_forms(vault, MANAGER)

    assert queue.review_hours == 84
    assert queue.zone == "Asia/Shanghai"
    [entry] = queue.entries
    assert (entry.form.id, entry.stage, entry.hours_waiting, entry.is_overdue) == (
        form,
        "review",
        10.0,
        False,
    )
    assert set(entry.identity) == {"name"}
    assert GUEST_NAME not in repr(queue)
    read = audit_events(vault, operator, Action.FORM_READ)
    assert [e.customer_id for e in read if e.customer_id] == [customer]


def test_a_review_overdue_by_the_business_rule_raises_one_alert(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    booking, _ = booked_customer(vault, operator)
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told"])
    clock.advance(hours=80)
    assert check_collection_deadlines(vault, SYSTEM)["reviews_overdue"] == 0

    clock.advance(hours=5)  # 85 hours: past twice a week
    assert check_collection_deadlines(vault, SYSTEM) == {
        "reviews_overdue": 1,
        "entries_late": 0,
        "alerts_raised": 1,
        "forms_discarded": 0,
    }
    assert check_collection_deadlines(vault, SYSTEM)["alerts_raised"] == 0
    [detail] = _alerts(vault, operator, "form_review_overdue")
    assert form in detail
    assert list_pending_forms(vault, MANAGER).entries[0].is_overdue


def test_the_review_rule_is_a_setting(vault: Vault, operator: Actor, clock: FrozenClock) -> None:
    rules = set_collection_rules(vault, operator, required=None, review_hours="24")
    assert rules.review_hours == 24
    assert "favourite_dishes" in rules.required  # default: the restaurant's serving fields
    booking, _ = booked_customer(vault, operator)
    submitted(vault, booking, ["favourite_dishes=红烧肉:told"])
    clock.advance(hours=25)
    assert check_collection_deadlines(vault, SYSTEM)["reviews_overdue"] == 1
    with pytest.raises(InvalidInputError) as refused:
        set_collection_rules(vault, operator, required=None, review_hours="0")
    assert refused.value.field == "review_hours"
    with pytest.raises(InvalidInputError) as appearance:
        set_collection_rules(vault, operator, required=["相貌特征"], review_hours=None)
    assert appearance.value.field == "相貌特征"


def test_an_entry_onto_the_card_later_than_24_hours_after_review_raises_an_alert(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    booking, _ = booked_customer(vault, operator)
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told"])
    review_form(vault, MANAGER, form, ACCEPT, "部长 李娜")
    clock.advance(hours=23)
    assert check_collection_deadlines(vault, SYSTEM)["entries_late"] == 0
    clock.advance(hours=2)
    assert check_collection_deadlines(vault, SYSTEM)["entries_late"] == 1
    [detail] = _alerts(vault, operator, "card_entry_late")
    assert form in detail

    entered = confirm_entry(vault, DESK, form)
    assert (entered.status, entered.entered_at, entered.entered_by) == (
        FormStatus.ENTERED,
        clock.now,
        DESK.name,
    )
    assert check_collection_deadlines(vault, SYSTEM)["entries_late"] == 0
    assert list_pending_forms(vault, MANAGER).entries == ()  # a device form: no paper
    assert any(form in (e.reason or "") for e in audit_events(vault, operator, Action.FORM_ENTER))


def test_an_entered_paper_form_waits_for_its_line_in_the_paper_destruction_log(
    vault: Vault, operator: Actor
) -> None:
    booking, _ = booked_customer(vault, operator)
    form = submitted(vault, booking, ["favourite_dishes=红烧肉:told"], entry="paper")
    review_form(vault, MANAGER, form, ACCEPT, "部长 李娜")
    confirm_entry(vault, DESK, form)
    [entry] = list_pending_forms(vault, MANAGER).entries
    assert entry.stage == "paper"

    with pytest.raises(InvalidInputError, match="privault paper-destruction add"):
        link_paper_destruction(vault, operator, form, 999)
    logged = record_paper_destruction(
        vault, operator, date(2026, 11, 23), f"收集表 {form}", "1", "shredding", "李娜", "王芳"
    )
    linked = link_paper_destruction(vault, operator, form, logged.id)
    assert linked.paper_destruction_id == logged.id
    assert list_pending_forms(vault, MANAGER).entries == ()


def test_a_form_never_submitted_within_three_days_is_discarded_with_its_values(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    booking, customer = booked_customer(vault, operator)
    form = add_items(vault, SERVER, booking, ["favourite_dishes=红烧肉:told"])
    clock.advance(hours=71)
    assert check_collection_deadlines(vault, SYSTEM)["forms_discarded"] == 0

    clock.advance(hours=1)
    assert check_collection_deadlines(vault, SYSTEM)["forms_discarded"] == 1

    with vault.unit_of_work(read_only=True) as uow:
        kept = uow.collection.get(form.id)
        assert uow.collection.sealed_values(form.id) == {}
    assert kept is not None
    assert (kept.status, kept.items) == (FormStatus.DISCARDED, ())
    with pytest.raises(ConflictError):
        submit_form(vault, SERVER, form.id)
    trail = audit_events(vault, operator, Action.HOUSEKEEPING)
    why = f"collection form {form.id} discarded: not submitted within 72 hours of being started"
    assert [(e.customer_id, e.reason) for e in trail] == [(customer, why)]

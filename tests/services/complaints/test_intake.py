"""Taking a question or complaint in: by staff for a chosen customer, or by the customer in the
portal; each with its due date, the text sealed, the intake audited."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.complaints import ANSWER_DAYS_SETTING, ComplaintChannel, ComplaintStatus
from privault.domain.errors import InvalidInputError, NotFoundError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.domain.portal import customer_actor
from privault.services.audit.events import list_audit_events
from privault.services.complaints.intake import record_complaint, submit_own_complaint
from privault.services.complaints.records import get_complaint, list_complaints
from privault.services.customers.restriction import restrict_customer
from privault.services.vault import Vault
from tests.factories import register

DESK = Actor("desk.li", frozenset({"front_desk"}), frozenset({"main"}))
MARKETING = Actor("mk.kim", frozenset({"marketing"}), frozenset({"main"}))


@pytest.mark.legal("PIPL Art. 50")
def test_a_complaint_taken_at_the_desk_is_due_in_15_days_and_audited(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator)

    taken = record_complaint(vault, DESK, customer, "complaint", "desk", "为什么收到广告短信？")

    assert (taken.status, taken.channel, taken.due_on) == (
        ComplaintStatus.OPEN,
        ComplaintChannel.DESK,
        date(2026, 12, 8),
    )
    opened = get_complaint(vault, operator, taken.id)
    assert (opened.text, opened.language) == ("为什么收到广告短信？", "zh")
    events = list_audit_events(vault, operator, customer_id=customer)
    recorded = [e for e in events if e.action == Action.COMPLAINT_RECORD.value]
    assert recorded[0].actor == "desk.li"
    assert recorded[0].reason == f"complaint {taken.id} by desk, due 2026-12-08"
    assert next(e.action for e in events) == Action.COMPLAINT_READ.value


def test_the_answer_time_is_the_business_setting(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator)
    with vault.unit_of_work() as uow:
        uow.installation.put(ANSWER_DAYS_SETTING, "7")
        uow.commit()

    taken = record_complaint(vault, DESK, customer, "question", "phone", "你们存了我哪些信息？")

    assert taken.due_on == date(2026, 11, 30)


def test_the_text_is_sealed_not_stored_in_clear(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator)
    taken = record_complaint(vault, DESK, customer, "question", "phone", "你们存了我哪些信息？")

    with vault.unit_of_work() as uow:
        row = uow.complaints.get(taken.id)
    assert row is not None
    assert "你们存了我哪些信息？".encode() not in row.text_sealed


@pytest.mark.parametrize(
    ("kind", "channel", "text", "field"),
    [
        ("praise", "desk", "好", "kind"),
        ("question", "fax", "好", "channel"),
        ("question", "portal", "好", "channel"),
        ("question", "desk", "   ", "text"),
        ("question", "desk", "x" * 2001, "text"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(
    vault: Vault, operator: Actor, kind: str, channel: str, text: str, field: str
) -> None:
    customer = register(vault, operator)

    with pytest.raises(InvalidInputError) as refused:
        record_complaint(vault, DESK, customer, kind, channel, text)

    assert refused.value.field == field
    assert list_complaints(vault, operator) == []


def test_an_unknown_customer_is_refused(vault: Vault, operator: Actor) -> None:
    with pytest.raises(NotFoundError):
        record_complaint(vault, DESK, "no-such-id", "question", "desk", "你好")


def test_marketing_may_not_take_a_complaint_and_the_refusal_is_audited(
    vault: Vault, operator: Actor
) -> None:
    customer = register(vault, operator)

    with pytest.raises(PolicyDeniedError):
        record_complaint(vault, MARKETING, customer, "question", "desk", "你好")

    denied = list_audit_events(vault, operator, customer_id=customer)[0]
    assert (denied.action, denied.outcome.value) == (Action.COMPLAINT_RECORD.value, "denied")
    assert list_complaints(vault, operator) == []


@pytest.mark.legal("PIPL Art. 50")
def test_a_customer_asks_in_the_portal_in_english(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator)

    taken = submit_own_complaint(
        vault, customer_actor(customer), customer, "question", "What do you keep?", "en"
    )

    assert (taken.channel, taken.language) == (ComplaintChannel.PORTAL, "en")
    assert [c.id for c in list_complaints(vault, operator)] == [taken.id]


def test_a_customer_cannot_complain_in_anothers_name(vault: Vault, operator: Actor) -> None:
    me = register(vault, operator)
    other = register(vault, operator)

    with pytest.raises(PolicyDeniedError):
        submit_own_complaint(vault, customer_actor(me), other, "complaint", "hi", "zh")

    assert list_complaints(vault, operator) == []


def test_an_unknown_status_filter_names_the_field(vault: Vault, operator: Actor) -> None:
    with pytest.raises(InvalidInputError) as refused:
        list_complaints(vault, operator, "closed")

    assert refused.value.field == "status"


@pytest.mark.legal("PIPL Art. 50")
def test_a_restricted_customer_may_still_complain(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator)
    restrict_customer(vault, operator, customer, reason="legal hold")

    taken = record_complaint(vault, DESK, customer, "complaint", "desk", "为什么限制处理？")

    assert [c.id for c in list_complaints(vault, operator)] == [taken.id]

"""The audit trail view a page at a time: keyed pages that rows added meanwhile do not shift,
filters that combine, a customer found by the last digits of their mobile, shop days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.paging import PAGE_SIZE
from privault.domain.policy import Action, Actor
from privault.services.audit.events import list_audit_events
from privault.services.audit.search import AuditFilter, audit_filter, search_audit_events
from privault.services.customers.records import get_customer
from privault.services.vault import Vault
from tests.conftest import START, FrozenClock
from tests.factories import register

AUDITOR = Actor("checker", frozenset({"auditor"}))
OTHER = Actor("second.checker", frozenset({"auditor"}))
DESK = Actor("li.na", frozenset({"front_desk"}))


def _reads(vault: Vault, clock: FrozenClock, actor: Actor, n: int) -> None:
    """n audit.read events by the actor, a second apart."""
    for _ in range(n):
        clock.advance(seconds=1)
        list_audit_events(vault, actor, limit=1)


def test_page_two_continues_where_page_one_ended_and_new_events_shift_no_page(
    vault: Vault, clock: FrozenClock
) -> None:
    _reads(vault, clock, AUDITOR, PAGE_SIZE + 10)
    wanted = audit_filter({"actor": "checker", "action": "audit.read"})
    first = search_audit_events(vault, AUDITOR, wanted)  # itself adds an event on top
    assert (len(first.items), first.first_row, first.last_row) == (PAGE_SIZE, 1, PAGE_SIZE)
    assert first.has_next
    assert not first.has_previous
    _reads(vault, clock, AUDITOR, 3)  # more events arrive while the reader pages
    second = search_audit_events(vault, AUDITOR, _next(wanted, first.last_key))
    assert (len(second.items), second.first_row, second.last_row) == (10, 51, 60)
    assert not second.has_next
    assert second.has_previous
    assert second.items[0].at == first.items[-1].at - timedelta(seconds=1)
    times = [e.at for e in first.items + second.items]
    assert times == sorted(times, reverse=True)
    back = search_audit_events(vault, AUDITOR, _back(wanted, second.first_key))
    assert [e.at for e in back.items] == [e.at for e in first.items]
    assert back.has_previous  # the newer events that arrived meanwhile come before it


def test_oldest_first_pages_forward_in_time(vault: Vault, clock: FrozenClock) -> None:
    _reads(vault, clock, OTHER, PAGE_SIZE + 2)
    wanted = audit_filter({"actor": OTHER.name, "order": "oldest"})
    first = search_audit_events(vault, AUDITOR, wanted)
    second = search_audit_events(vault, AUDITOR, _next(wanted, first.last_key))
    times = [e.at for e in first.items + second.items]
    assert times == sorted(times)
    assert len(times) == PAGE_SIZE + 2


def test_filters_combine_and_days_are_the_shops(vault: Vault, clock: FrozenClock) -> None:
    _reads(vault, clock, AUDITOR, 2)
    _reads(vault, clock, OTHER, 1)
    with pytest.raises(PolicyDeniedError):
        list_audit_events(vault, DESK)
    # 16:30 UTC is 00:30 the next day in Shanghai, the shop's zone.
    clock.now = START.replace(hour=16, minute=30)
    _reads(vault, clock, AUDITOR, 1)
    next_day = (START + timedelta(days=1)).date().isoformat()
    both = {"actor": "checker", "action": "audit.read", "outcome": "allowed"}
    assert len(search_audit_events(vault, OTHER, audit_filter(both)).items) == 3
    that_day = audit_filter(both | {"from_on": next_day, "to_on": next_day})
    [late] = search_audit_events(vault, OTHER, that_day).items
    assert late.at == START.replace(hour=16, minute=30, second=1)
    day_before = START.date().isoformat()
    earlier = audit_filter(both | {"to_on": day_before})
    assert len(search_audit_events(vault, OTHER, earlier).items) == 2
    denied = audit_filter({"outcome": "denied", "actor": "li.na"})
    [refusal] = search_audit_events(vault, OTHER, denied).items
    assert refusal.action == Action.AUDIT_READ


def test_a_mobile_tail_finds_only_that_customers_events_and_is_not_written_down(
    vault: Vault, operator: Actor
) -> None:
    mine = register(vault, operator, {"name": "张三丰", "mobile": "13812341234"})
    other = register(vault, operator, {"name": "李四", "mobile": "13812345678"})
    get_customer(vault, operator, other)
    found = search_audit_events(vault, AUDITOR, audit_filter({"mobile_tail": "1234"}))
    assert found.items
    assert {e.customer_id for e in found.items} == {mine}
    nobody = search_audit_events(vault, AUDITOR, audit_filter({"mobile_tail": "0000"}))
    assert nobody.items == []
    reasons = [e.reason or "" for e in list_audit_events(vault, AUDITOR, limit=2)]
    assert reasons == [
        "audit view: no events; customers by mobile tail: 0",
        f"audit view: rows 1-{len(found.items)}; customers by mobile tail: 1",
    ]


def test_a_surname_alone_or_with_the_tail_finds_those_customers_events_unwritten(
    vault: Vault, operator: Actor
) -> None:
    mine = register(vault, operator, {"name": "张三丰", "mobile": "13812341234"})
    same_tail = register(vault, operator, {"name": "李四", "mobile": "13912341234"})
    same_surname = register(vault, operator, {"name": "张伟", "mobile": "13812345678"})
    by_surname = search_audit_events(vault, AUDITOR, audit_filter({"surname": "张"}))
    assert {e.customer_id for e in by_surname.items} == {mine, same_surname}
    both = audit_filter({"mobile_tail": "1234", "surname": "张*丰"})
    found = search_audit_events(vault, AUDITOR, both)
    assert found.items
    assert {e.customer_id for e in found.items} == {mine}
    assert same_tail not in {e.customer_id for e in found.items}
    reasons = [e.reason or "" for e in list_audit_events(vault, AUDITOR, limit=2)]
    assert reasons == [
        f"audit view: rows 1-{len(found.items)}; customers by mobile tail and surname: 1",
        f"audit view: rows 1-{len(by_surname.items)}; customers by surname: 2",
    ]


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({"action": "customer.steal"}, "action"),
        ({"mobile_tail": "12a4"}, "mobile_tail"),
        ({"mobile_tail": "123"}, "mobile_tail"),
        ({"surname": "张三丰"}, "surname"),
        ({"surname": "*三"}, "surname"),
        ({"from_on": "2026-13-01"}, "from_on"),
        ({"from_on": "2026-11-24", "to_on": "2026-11-23"}, "to_on"),
        ({"order": "sideways"}, "order"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"after": "-1"}, "after"),
        ({"actor": "x" * 65}, "actor"),
    ],
)
def test_a_bad_filter_value_names_its_field(typed: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        audit_filter(typed)
    assert refused.value.field == field


def test_blank_filters_mean_any() -> None:
    assert audit_filter({"actor": " ", "page": ""}) == AuditFilter()


def _next(wanted: AuditFilter, key: int | None) -> AuditFilter:
    return AuditFilter(**{**wanted.__dict__, "page": wanted.page + 1, "after": key})


def _back(wanted: AuditFilter, key: int | None) -> AuditFilter:
    return AuditFilter(**{**wanted.__dict__, "page": 1, "after": None, "before": key})


def test_a_page_number_without_a_pagers_key_starts_at_the_first_row() -> None:
    assert audit_filter({"page": "7"}).page == 1
    assert audit_filter({"page": "7", "after": "120"}).page == 7

"""The request queue a page at a time: by status, type and a customer's mobile tail, soonest
due or latest received first; bad filters name their field."""

from __future__ import annotations

from datetime import timedelta

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.paging import PAGE_SIZE
from privault.domain.policy import Actor
from privault.domain.requests import RequestType
from privault.services.audit.events import list_audit_events
from privault.services.requests.handling import open_request
from privault.services.requests.queue import QueueFilter, page_requests, queue_filter
from privault.services.vault import Vault
from tests.conftest import START
from tests.factories import register

TYPES = ("access", "copy", "correction", "explanation")


def test_page_two_continues_where_page_one_ended(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator)
    opened = [
        open_request(vault, operator, customer, TYPES[i % 4], "store").id
        for i in range(PAGE_SIZE + 3)
    ]
    first = page_requests(vault, operator, queue_filter({}))
    second = page_requests(vault, operator, queue_filter({"page": "2"}))
    assert (len(first.items), first.has_next, first.has_previous) == (PAGE_SIZE, True, False)
    assert (len(second.items), second.has_next, second.has_previous) == (3, False, True)
    assert (second.first_row, second.last_row) == (51, 53)
    shown = [r.id for r in first.items + second.items]
    assert sorted(shown) == sorted(opened)


def test_filters_combine_and_the_tail_finds_only_that_customers_requests(
    vault: Vault, operator: Actor
) -> None:
    mine = register(vault, operator, {"name": "张三丰", "mobile": "13812341234"})
    other = register(vault, operator, {"name": "李四", "mobile": "13812345678"})
    for customer in (mine, other):
        open_request(vault, operator, customer, "access", "store")
        open_request(vault, operator, customer, "copy", "store")
    by_tail = page_requests(vault, operator, queue_filter({"mobile_tail": "1234"}))
    assert {r.customer_id for r in by_tail.items} == {mine}
    assert len(by_tail.items) == 2
    both = queue_filter({"mobile_tail": "1234", "type": "copy", "status": "received"})
    [found] = page_requests(vault, operator, both).items
    assert (found.customer_id, found.type) == (mine, RequestType.COPY)
    assert page_requests(vault, operator, queue_filter({"mobile_tail": "0000"})).items == []
    reason = list_audit_events(vault, operator, limit=1)[0].reason or ""
    assert reason == "queue: no requests; customers by mobile tail: 0"


def test_a_surname_alone_or_with_the_tail_finds_only_those_customers_requests(
    vault: Vault, operator: Actor
) -> None:
    mine = register(vault, operator, {"name": "张三丰", "mobile": "13812341234"})
    same_tail = register(vault, operator, {"name": "李四", "mobile": "13912341234"})
    same_surname = register(vault, operator, {"name": "张伟", "mobile": "13812345678"})
    for customer in (mine, same_tail, same_surname):
        open_request(vault, operator, customer, "access", "store")
    by_surname = page_requests(vault, operator, queue_filter({"surname": "张*丰"}))
    assert {r.customer_id for r in by_surname.items} == {mine, same_surname}
    both = page_requests(vault, operator, queue_filter({"mobile_tail": "1234", "surname": "张"}))
    assert [r.customer_id for r in both.items] == [mine]
    reason = list_audit_events(vault, operator, limit=1)[0].reason or ""
    assert reason == "queue: rows 1-1; customers by mobile tail and surname: 1"
    assert "张" not in reason


def test_the_queue_sorts_by_due_date_or_by_arrival(vault: Vault, operator: Actor) -> None:
    customer = register(vault, operator)
    today = START.date()
    older = open_request(vault, operator, customer, "access", "store", today - timedelta(days=9))
    newer = open_request(vault, operator, customer, "access", "store", today - timedelta(days=2))
    by_due = page_requests(vault, operator, queue_filter({"sort": "due"}))
    by_received = page_requests(vault, operator, queue_filter({"sort": "received"}))
    assert [r.id for r in by_due.items] == [older.id, newer.id]
    assert [r.id for r in by_received.items] == [newer.id, older.id]


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"status": "lost"}, "status"),
        ({"type": "everything"}, "type"),
        ({"mobile_tail": "12345"}, "mobile_tail"),
        ({"surname": "张三丰"}, "surname"),
        ({"sort": "name"}, "sort"),
        ({"page": "-2"}, "page"),
    ],
)
def test_a_bad_queue_filter_names_its_field(typed: dict[str, str], field: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        queue_filter(typed)
    assert refused.value.field == field


def test_a_blank_queue_filter_means_any() -> None:
    assert queue_filter({"status": "", "type": " ", "page": ""}) == QueueFilter()

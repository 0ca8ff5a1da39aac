"""A search's list runs newest registered first, or oldest first (issue 18 point 7): the values
are sealed, so the order is by registration, and every page of a long list keeps it."""

from __future__ import annotations

from privault.domain.policy import Actor
from privault.services.customers.records import find_customers
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register


def test_a_tail_search_lists_the_newest_registered_first_or_the_oldest(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    registered = []
    for i in range(5):
        registered.append(register(vault, operator, {"name": "王芳", "mobile": f"139000{i}0777"}))
        clock.advance(minutes=3)

    newest = find_customers(vault, operator, "mobile_tail", "0777", limit=2)
    page_2 = find_customers(vault, operator, "mobile_tail", "0777", limit=2, page=2)
    oldest = find_customers(vault, operator, "mobile_tail", "0777", oldest_first=True)

    assert [c.id for c in newest.customers + page_2.customers] == registered[::-1][:4]
    assert [c.id for c in oldest.customers] == registered
    assert newest.total == 5

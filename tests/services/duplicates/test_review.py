"""The review list shows each pair side by side, masked, audited per customer shown; digests
follow the record through updates, withdrawals and erasure."""

from __future__ import annotations

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import withdraw_consents
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import update_customer
from privault.services.duplicates.review import list_candidates
from privault.services.duplicates.scan import scan_duplicates
from privault.services.vault import Vault
from tests.factories import MEMBER, register
from tests.web.test_api import READER

NORTH_MANAGER = Actor("north-mgr", frozenset({"store_manager"}), stores=frozenset({"north"}))


def _pair(vault: Vault, operator: Actor, store: str = "main", other: str = "main") -> list[str]:
    first = register(vault, operator, {"name": "李娜", "mobile": "13912345678"}, store=store)
    second = register(vault, operator, {"name": "李娜", "mobile": "13912345679"}, store=other)
    return sorted([first, second])


@pytest.mark.legal("GB/T 35273-2020 §7.3", "GDPR Art. 25")
def test_a_pair_is_shown_side_by_side_masked(vault: Vault, operator: Actor) -> None:
    first, second = _pair(vault, operator)
    page = list_candidates(vault, operator)
    assert page.total == 1
    (pair,) = page.pairs
    assert (pair.first.id, pair.second.id, pair.kinds) == (first, second, ("name_mobile",))
    shown = {pair.first.fields["mobile"], pair.second.fields["mobile"]}
    assert all("1391234567" not in value for value in shown)
    assert pair.first.fields["name"] != "李娜"
    assert pair.found_by == "entry"


def test_each_customer_shown_is_recorded_with_the_fields_shown(
    vault: Vault, operator: Actor
) -> None:
    first, second = _pair(vault, operator)
    list_candidates(vault, operator)
    events = list_audit_events(vault, READER, limit=50)
    shown = sorted(
        (e.customer_id, tuple(e.fields)) for e in events if e.action == "duplicates.read"
    )
    assert shown == [(first, ("mobile", "name")), (second, ("mobile", "name"))]


def test_a_store_manager_sees_no_pair_reaching_another_store(vault: Vault, operator: Actor) -> None:
    _pair(vault, operator, store="north", other="south")
    assert list_candidates(vault, NORTH_MANAGER).pairs == []


def test_a_page_size_out_of_range_is_refused(vault: Vault, operator: Actor) -> None:
    with pytest.raises(InvalidInputError, match="limit must be 1 to 200"):
        list_candidates(vault, operator, limit=0)


def test_an_update_making_a_near_duplicate_flags_the_pair(vault: Vault, operator: Actor) -> None:
    first = register(vault, operator, {"name": "李娜", "mobile": "13912345678"})
    second = register(vault, operator, {"name": "李娜", "mobile": "18600000000"})
    assert list_candidates(vault, operator).pairs == []
    update_customer(vault, operator, second, {"mobile": "13912345670"})
    (pair,) = list_candidates(vault, operator).pairs
    assert (pair.first.id, pair.second.id) == tuple(sorted([first, second]))


@pytest.mark.legal("PIPL Art. 47")
def test_a_withdrawal_that_removes_the_birth_date_removes_its_digests(
    vault: Vault, operator: Actor
) -> None:
    values = {"name": "王芳", "mobile": "13700000001", "birth_date": "1990-12-01"}
    register(vault, operator, values, MEMBER)
    other = register(vault, operator, {**values, "mobile": "18600000002"}, MEMBER)
    withdraw_consents(vault, operator, other, ["membership"], channel="store")
    assert scan_duplicates(vault, operator).pairs == 0


@pytest.mark.legal("PIPL Art. 47", "GDPR Art. 17")
def test_erasure_leaves_no_digest_and_no_pair(vault: Vault, operator: Actor) -> None:
    first, second = _pair(vault, operator)
    erase_customer(vault, operator, second, reason="customer asked")
    assert list_candidates(vault, operator).total == 0
    assert scan_duplicates(vault, operator).pairs == 0
    with vault.database.unit_of_work() as uow:
        assert uow.duplicates.digests_of(second) == set()
        assert uow.duplicates.digests_of(first) != set()

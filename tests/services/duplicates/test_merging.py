"""Merging two records of one person: the survivor keeps both histories and the chosen values,
a withdrawal in either record holds, the old id resolves; unmerge within 30 days restores both
value for value; the bad merges are refused with nothing changed."""

from __future__ import annotations

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import grant_consents, withdraw_consents
from privault.services.customers.contact_confirmation import confirm_contact, get_contact_state
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import get_customer
from privault.services.customers.sealing import open_fields
from privault.services.customers.transactions import record_transaction
from privault.services.duplicates.merging import merge_customers, unmerge_customers
from privault.services.duplicates.review import list_candidates
from privault.services.requests.handling import open_request
from privault.services.retention.holds import place_hold
from privault.services.vault import Vault
from privault.services.wallet.movements import top_up
from tests.conftest import FrozenClock
from tests.factories import MEMBER, NOTICE, register
from tests.web.test_api import READER

WANG = {"name": "王芳", "mobile": "13700000001", "birth_date": "1990-12-01"}
WANG_AGAIN = {"name": "王芳", "mobile": "13700000002", "birth_date": "1990-12-01"}
MARKETING = "marketing_sms"


def _two(vault: Vault, operator: Actor) -> tuple[str, str]:
    survivor = register(vault, operator, WANG, (*MEMBER, MARKETING))
    merged = register(vault, operator, {**WANG_AGAIN, "email": "wf@example.cn"}, MEMBER)
    return survivor, merged


def _values(vault: Vault, *ids: str) -> dict[str, dict[str, str]]:
    with vault.database.unit_of_work() as uow:
        return open_fields(vault, uow, list(ids))


def _active(vault: Vault, customer_id: str) -> set[str]:
    with vault.database.unit_of_work() as uow:
        return uow.consents.active_for(customer_id)


def test_the_survivor_keeps_both_histories_and_the_chosen_values(
    vault: Vault, operator: Actor
) -> None:
    survivor, merged = _two(vault, operator)
    record_transaction(vault, operator, merged, "visit", "88.00")
    top_up(vault, operator, merged, "100.00")
    done = merge_customers(vault, operator, survivor, merged, {"mobile": "merged"})
    assert done.fields == ["email", "mobile"]
    assert _values(vault, survivor)[survivor] == {**WANG_AGAIN, "email": "wf@example.cn"}
    with vault.database.unit_of_work() as uow:
        assert len(uow.transactions.for_customer(survivor)) == 1
        assert uow.merges.balances(survivor) == {"wallet": 10_000}
        assert uow.merges.balances(merged) == {}
    assert list_candidates(vault, operator).total == 0


@pytest.mark.legal("PIPL Art. 15", "GDPR Art. 7(3)")
def test_a_withdrawal_in_either_record_holds_and_an_earlier_grant_does_not_revive(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    survivor, merged = _two(vault, operator)
    clock.advance(days=1)
    grant_consents(vault, operator, merged, [MARKETING], channel="store", notice_version=NOTICE)
    clock.advance(days=1)
    withdraw_consents(vault, operator, merged, [MARKETING], channel="store")
    merge_customers(vault, operator, survivor, merged, {"mobile": "survivor"})
    assert MARKETING not in _active(vault, survivor)
    assert "membership" in _active(vault, survivor)


def test_the_old_id_resolves_and_a_rights_request_under_it_reaches_the_person(
    vault: Vault, operator: Actor
) -> None:
    survivor, merged = _two(vault, operator)
    merge_customers(vault, operator, survivor, merged, {"mobile": "survivor"})
    assert get_customer(vault, operator, merged).id == survivor
    opened = open_request(vault, operator, merged, "access", "store")
    assert opened.customer_id == survivor


def test_unmerge_restores_both_value_for_value(vault: Vault, operator: Actor) -> None:
    survivor, merged = _two(vault, operator)
    record_transaction(vault, operator, merged, "visit", "88.00")
    top_up(vault, operator, merged, "100.00")
    before = _values(vault, survivor, merged)
    with vault.database.unit_of_work() as uow:
        indexes = {c: sorted(uow.merges.index_entries(c)) for c in (survivor, merged)}
        digests = {c: uow.duplicates.digests_of(c) for c in (survivor, merged)}
    merge_customers(vault, operator, survivor, merged, {"mobile": "merged"})

    unmerge_customers(vault, operator, merged)

    assert _values(vault, survivor, merged) == before
    assert _active(vault, survivor) == {"service", "membership", MARKETING}
    assert _active(vault, merged) == {"service", "membership"}
    with vault.database.unit_of_work() as uow:
        assert {c: sorted(uow.merges.index_entries(c)) for c in (survivor, merged)} == indexes
        assert {c: uow.duplicates.digests_of(c) for c in (survivor, merged)} == digests
        assert len(uow.transactions.for_customer(merged)) == 1
        assert uow.merges.balances(merged) == {"wallet": 10_000}
        assert uow.merges.balances(survivor) == {"wallet": 0}
    assert get_customer(vault, operator, merged).id == merged


@pytest.mark.legal("PIPL Art. 54")
def test_merge_and_unmerge_are_audited_on_both_customers(vault: Vault, operator: Actor) -> None:
    survivor, merged = _two(vault, operator)
    merge_customers(vault, operator, survivor, merged, {"mobile": "merged"})
    unmerge_customers(vault, operator, merged)
    events = list_audit_events(vault, READER, limit=100)
    trail = [(e.customer_id, e.reason) for e in reversed(events) if e.action == "duplicates.merge"]
    undone = [r for _, r in trail if r and r.startswith("unmerged")]
    assert [c for c, _ in trail] == [survivor, merged, survivor, merged]
    assert trail[1][1] == f"into {survivor}"
    assert len(undone) == 2


def _refused(vault: Vault, call: object, match: str) -> None:
    before = table_counts(vault.database)
    with pytest.raises((InvalidInputError, NotFoundError), match=match):
        call()  # type: ignore[operator]
    after = table_counts(vault.database)
    assert {k: v for k, v in after.items() if k != "audit_events"} == {
        k: v for k, v in before.items() if k != "audit_events"
    }


def test_merging_a_customer_with_themself_is_refused(vault: Vault, operator: Actor) -> None:
    survivor, _ = _two(vault, operator)
    _refused(
        vault,
        lambda: merge_customers(vault, operator, survivor, survivor),
        "cannot be merged with themself",
    )


def test_merging_with_an_erased_customer_is_refused(vault: Vault, operator: Actor) -> None:
    survivor, merged = _two(vault, operator)
    erase_customer(vault, operator, merged, reason="customer asked")
    _refused(vault, lambda: merge_customers(vault, operator, survivor, merged), "was erased on")


def test_merging_people_under_different_legal_holds_is_refused(
    vault: Vault, operator: Actor
) -> None:
    survivor, merged = _two(vault, operator)
    place_hold(vault, operator, merged, "court order 2026-118")
    _refused(
        vault,
        lambda: merge_customers(vault, operator, survivor, merged, {"mobile": "survivor"}),
        "different legal holds",
    )


def test_a_conflict_left_unchosen_is_refused(vault: Vault, operator: Actor) -> None:
    survivor, merged = _two(vault, operator)
    _refused(
        vault,
        lambda: merge_customers(vault, operator, survivor, merged),
        "choose survivor or merged for mobile",
    )


def test_unmerge_after_thirty_days_is_refused(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    survivor, merged = _two(vault, operator)
    merge_customers(vault, operator, survivor, merged, {"mobile": "survivor"})
    clock.advance(days=30, seconds=1)
    _refused(vault, lambda: unmerge_customers(vault, operator, merged), "older than 30 days")


@pytest.mark.legal("PIPL Art. 47", "GDPR Art. 17")
def test_erasing_the_survivor_erases_the_merged_record_too(vault: Vault, operator: Actor) -> None:
    survivor, merged = _two(vault, operator)
    merge_customers(vault, operator, survivor, merged, {"mobile": "survivor"})
    erase_customer(vault, operator, survivor, reason="customer asked")
    assert _values(vault, survivor, merged) == {}
    with vault.database.unit_of_work() as uow:
        assert uow.erasure.tombstone(merged) is not None


def test_the_survivor_keeps_the_later_contact_confirmation_and_unmerge_restores_its_own(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    survivor, merged = _two(vault, operator)
    first = get_contact_state(vault, operator, survivor).confirmed_at
    clock.advance(days=40)
    later = confirm_contact(vault, operator, merged).confirmed_at
    assert later > first

    merge_customers(vault, operator, survivor, merged, {"mobile": "merged"})
    assert get_contact_state(vault, operator, survivor).confirmed_at == later

    unmerge_customers(vault, operator, merged)
    assert get_contact_state(vault, operator, survivor).confirmed_at == first
    assert get_contact_state(vault, operator, merged).confirmed_at == later

"""The daily points expiry: lapsed points go out by an entry, once, oldest first."""

from __future__ import annotations

from privault.domain.ledger import EntryKind, Ledger
from privault.domain.policy import Actor
from privault.services.customers.transactions import record_transaction
from privault.services.ledgers.accounts import show_account
from privault.services.points.expiry import expire_points
from privault.services.points.movements import redeem_points
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import register

DESK = Actor("desk.one", frozenset({"front_desk"}))


def test_the_expiry_job_expires_lapsed_points_by_an_entry(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    customer_id = register(vault, operator)
    record_transaction(vault, DESK, customer_id, "purchase", "100")
    clock.advance(days=400)
    record_transaction(vault, DESK, customer_id, "purchase", "40")
    redeem_points(vault, DESK, customer_id, "30")
    clock.advance(days=340)  # the first purchase's points are 24 months old

    assert expire_points(vault, SYSTEM) == {"customers": 1, "expired": 1}
    assert expire_points(vault, SYSTEM) == {"customers": 1, "expired": 0}

    account = show_account(vault, DESK, Ledger.POINTS, customer_id)
    assert (account.entries[0].kind, account.entries[0].amount) == (EntryKind.EXPIRE, -70)
    assert account.balance == 40

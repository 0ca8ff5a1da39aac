"""The ledgers' store: a movement never takes a kept balance below 0, and the migration gives a
stored role matrix the same ledger grants as the shipped one."""

from __future__ import annotations

import importlib
import tomllib
from datetime import UTC, datetime

from privault.db.migrations.role_grants import with_new_actions
from privault.domain.ledger import EntryKind, Ledger, NewEntry
from privault.domain.roles import parse_roles
from privault.presets import roles_text
from privault.services.vault import Vault

AT = datetime(2026, 12, 1, 9, tzinfo=UTC)
MIGRATION = "privault.db.migrations.data.versions.d6f1b4c8e0a5_ledgers"


def _entry(kind: EntryKind, amount: int) -> NewEntry:
    return NewEntry(Ledger.WALLET, "c-1", "main", kind, amount, AT, "desk")


def test_a_movement_below_zero_writes_nothing(vault: Vault) -> None:
    with vault.database.unit_of_work() as uow:
        assert uow.ledgers.post(_entry(EntryKind.SPEND, -1)) is None
        assert uow.ledgers.post(_entry(EntryKind.TOP_UP, 500)) is not None
        assert uow.ledgers.post(_entry(EntryKind.SPEND, -501)) is None
        assert uow.ledgers.post(_entry(EntryKind.SPEND, -500)) is not None
        assert uow.ledgers.balance(Ledger.WALLET, "c-1") == 0
        assert uow.ledgers.count(Ledger.WALLET, "c-1") == 2
        assert uow.ledgers.kept() == uow.ledgers.summed() | {("wallet", "c-1"): 0}


def test_the_migration_grants_a_stored_matrix_what_the_shipped_one_holds() -> None:
    shipped = roles_text()
    new = importlib.import_module(MIGRATION).NEW_ACTIONS
    actions = {a for granted in new.values() for a in granted}
    before = shipped
    for action in sorted(actions):
        before = before.replace(f' "{action}",', "").replace(f'"{action}", ', "")
    assert all(a not in before for a in actions)

    upgraded = with_new_actions(before, new)

    assert parse_roles(tomllib.loads(upgraded)) == parse_roles(tomllib.loads(shipped))

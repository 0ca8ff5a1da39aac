"""An installation set up before duplicate detection keeps its stored role matrix: the upgrade
gives the review actions to the store manager and the privacy officer, keeping an admin's edits,
and adds the digest and candidate tables."""

from __future__ import annotations

import re
import tomllib

from sqlalchemy import inspect

from privault.db.migrate import downgrade, upgrade
from privault.presets import roles_text
from privault.services.vault import Vault
from tests.db.stored_roles import store_roles, stored_roles

BEFORE = {"data": "a9c4e7f1b3d8", "keystore": "5d2f7a9c1e40"}
DUPLICATE_ACTIONS = re.compile(r'\s*"duplicates\.(read|scan|merge)",')
TABLES = {"duplicate_digests", "duplicate_candidates"}


def _tables(vault: Vault) -> set[str]:
    return set(inspect(vault.database.data_engine).get_table_names()) & TABLES


def test_an_upgraded_installation_gives_the_review_actions_to_manager_and_officer(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE)
    assert _tables(vault) == set()
    old = (
        DUPLICATE_ACTIONS.sub("", roles_text())
        + '\n[roles.cashier]\nactions = ["customer.search"]\n'
    )
    assert "duplicates." not in old
    store_roles(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    granted = {
        r: {a for a in g.get("actions", []) if a.startswith("duplicates.")}
        for r, g in roles.items()
    }
    both = {"duplicates.read", "duplicates.scan", "duplicates.merge"}
    assert {r: a for r, a in granted.items() if a} == {
        "store_manager": both,
        "privacy_officer": both,
    }
    assert roles["cashier"]["actions"] == ["customer.search"]
    assert _tables(vault) == TABLES

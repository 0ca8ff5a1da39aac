"""An installation set up before service photos keeps its stored role matrix: the upgrade
gives the photo actions to the roles that take and publish photos, keeping an admin's edits."""

from __future__ import annotations

import re
import tomllib

from privault.db.migrate import downgrade, upgrade
from privault.presets import roles_text
from privault.services.vault import Vault
from tests.db.stored_roles import store_roles, stored_roles

BEFORE = {"data": "e1a6c9d3f5b0", "keystore": "5d2f7a9c1e40"}
PHOTO_ACTIONS = re.compile(r'\s*"photo\.(add|view|publish)",')


def test_an_upgraded_installation_gives_photo_actions_to_desk_staff_and_manager(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE)
    old = PHOTO_ACTIONS.sub("", roles_text()) + '\n[roles.cashier]\nactions = ["customer.search"]\n'
    assert "photo." not in old
    store_roles(vault, old)

    upgrade(vault.database)

    roles = tomllib.loads(stored_roles(vault))["roles"]
    photo = {
        r: {a for a in g.get("actions", []) if a.startswith("photo.")} for r, g in roles.items()
    }
    assert {r: a for r, a in photo.items() if a} == {
        "front_desk": {"photo.add", "photo.view"},
        "store_manager": {"photo.add", "photo.view", "photo.publish"},
    }
    assert roles["cashier"]["actions"] == ["customer.search"]

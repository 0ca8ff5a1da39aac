"""An installation set up before service photos keeps its stored role matrix: the upgrade
gives the photo actions to the roles that take and publish photos, keeping an admin's edits."""

from __future__ import annotations

import re
import tomllib

from sqlalchemy import text

from privault.db.migrate import downgrade, upgrade
from privault.presets import roles_text
from privault.services.vault import Vault

BEFORE = {"data": "e1a6c9d3f5b0", "keystore": "5d2f7a9c1e40"}
PHOTO_ACTIONS = re.compile(r'\s*"photo\.(add|view|publish)",')


def _stored(vault: Vault) -> str:
    with vault.database.data_engine.connect() as connection:
        return str(
            connection.execute(text("SELECT value FROM installation WHERE key = 'roles'")).scalar()
        )


def test_an_upgraded_installation_gives_photo_actions_to_desk_staff_and_manager(
    vault: Vault,
) -> None:
    downgrade(vault.database, **BEFORE)
    old = PHOTO_ACTIONS.sub("", roles_text()) + '\n[roles.cashier]\nactions = ["customer.search"]\n'
    assert "photo." not in old
    with vault.database.data_engine.begin() as connection:
        connection.execute(
            text("UPDATE installation SET value = :v WHERE key = 'roles'"), {"v": old}
        )

    upgrade(vault.database)

    roles = tomllib.loads(_stored(vault))["roles"]
    photo = {
        r: {a for a in g.get("actions", []) if a.startswith("photo.")} for r, g in roles.items()
    }
    assert {r: a for r, a in photo.items() if a} == {
        "front_desk": {"photo.add", "photo.view"},
        "service_staff": {"photo.add", "photo.view"},
        "store_manager": {"photo.add", "photo.view", "photo.publish"},
    }
    assert roles["cashier"]["actions"] == ["customer.search"]

"""An installation's stored role matrix, read and written as an upgrade finds it (the tests of
the migrations that grant new actions set up the matrix of an older release)."""

from __future__ import annotations

from sqlalchemy import text

from privault.services.vault import Vault


def stored_roles(vault: Vault) -> str:
    with vault.database.data_engine.connect() as connection:
        return str(
            connection.execute(text("SELECT value FROM installation WHERE key = 'roles'")).scalar()
        )


def store_roles(vault: Vault, document: str) -> None:
    with vault.database.data_engine.begin() as connection:
        connection.execute(
            text("UPDATE installation SET value = :v WHERE key = 'roles'"), {"v": document}
        )

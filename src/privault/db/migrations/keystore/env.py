"""Alembic environment for the keystore database; the connection comes from privault.db.migrate."""

from __future__ import annotations

from alembic import context

from privault.db.keystore_tables import keystore_metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=keystore_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

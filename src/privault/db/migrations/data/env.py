"""Alembic environment for the data database; the connection comes from privault.db.migrate."""

from __future__ import annotations

from alembic import context

from privault.db.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()

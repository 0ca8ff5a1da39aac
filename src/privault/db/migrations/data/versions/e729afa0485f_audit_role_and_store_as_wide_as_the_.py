"""audit role and store as wide as the staff columns

Revision ID: e729afa0485f
Revises: da6292a46bca
Create Date: 2026-11-23 08:30:09.240864
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e729afa0485f"
down_revision = "da6292a46bca"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite does not enforce VARCHAR lengths: only PostgreSQL needs (and gets) the change,
    # which spares SQLite installations a rebuild of their whole audit table.
    if op.get_bind().dialect.name != "postgresql":
        return
    op.alter_column("audit_events", "role", type_=sa.String(length=200), existing_nullable=False)
    op.alter_column("audit_events", "store", type_=sa.String(length=400), existing_nullable=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.alter_column("audit_events", "store", type_=sa.String(length=64), existing_nullable=True)
    op.alter_column("audit_events", "role", type_=sa.String(length=32), existing_nullable=False)

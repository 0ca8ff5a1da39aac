"""visits recorded at check-out: who served, the bill's lines, the booking served, corrections
by reversing entries; an upgraded installation's stored role matrix gains transaction.read
(issue 15)

Revision ID: d0f5b8c2e4a9
Revises: c9e4a7b1d3f8
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from privault.db.migrations.role_grants import grant_actions

revision = "d0f5b8c2e4a9"
down_revision = "c9e4a7b1d3f8"
branch_labels = None
depends_on = None

# Reading a customer's visits and purchases became its own action: the roles that saw the
# customer's transaction data before keep seeing the history.
NEW_ACTIONS = {
    "front_desk": ("transaction.read",),
    "store_manager": ("transaction.read",),
    "privacy_officer": ("transaction.read",),
}


def upgrade() -> None:
    with op.batch_alter_table("transactions") as batch:
        batch.add_column(sa.Column("served_by", sa.String(length=330), nullable=True))
        batch.add_column(sa.Column("items", sa.Text(), nullable=True))
        batch.add_column(sa.Column("booking_id", sa.String(length=36), nullable=True))
        batch.add_column(sa.Column("reverses_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reason", sa.String(length=200), nullable=True))
        batch.create_index("ux_transactions_reverses_id", ["reverses_id"], unique=True)
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    with op.batch_alter_table("transactions") as batch:
        batch.drop_index("ux_transactions_reverses_id")
        for column in ("reason", "reverses_id", "booking_id", "items", "served_by"):
            batch.drop_column(column)

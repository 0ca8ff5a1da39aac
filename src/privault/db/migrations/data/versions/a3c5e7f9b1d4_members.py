"""points owed (issue 16 gaps): what a reversed purchase had earned but was already spent,
paid back from the customer's next earned points

Revision ID: a3c5e7f9b1d4
Revises: f2b4d6f8a0c3
Create Date: 2026-12-05 21:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types

revision = "a3c5e7f9b1d4"
down_revision = "f2b4d6f8a0c3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "points_owed",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("transaction_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.BigInteger(), nullable=False),
        sa.Column("repaid", sa.BigInteger(), server_default=sa.text("0"), nullable=False),
        sa.Column("at", utc, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_owed")),
    )
    op.create_index("ix_points_owed_customer_id", "points_owed", ["customer_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_points_owed_customer_id", table_name="points_owed")
    op.drop_table("points_owed")

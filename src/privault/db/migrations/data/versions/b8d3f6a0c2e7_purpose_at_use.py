"""purpose at use: an export's note beside its catalog purpose, masked exports, and the customers
left out at download for want of a lawful basis (issue 14)

Revision ID: b8d3f6a0c2e7
Revises: a7c2e5d9b1f6
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "b8d3f6a0c2e7"
down_revision = "a7c2e5d9b1f6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exports") as batch:
        batch.add_column(sa.Column("purpose_note", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("masked", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
        batch.add_column(sa.Column("left_out_no_basis", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("left_out_restricted", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("exports") as batch:
        for column in ("left_out_restricted", "left_out_no_basis", "masked", "purpose_note"):
            batch.drop_column(column)

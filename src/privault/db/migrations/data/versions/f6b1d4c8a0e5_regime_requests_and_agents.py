"""regime requests and agents (issue 14)

Revision ID: f6b1d4c8a0e5
Revises: e5a0c3b7f9d4
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from privault.db.types import UtcDateTime

revision = "f6b1d4c8a0e5"
down_revision = "e5a0c3b7f9d4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("subject_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("requester", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("requester_note", sa.String(length=500), nullable=True))
    op.create_table(
        "posthumous_arrangements",
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("arrangement", sa.String(length=500), nullable=False),
        sa.Column("recorded_at", UtcDateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_posthumous_arrangements")),
    )


def downgrade() -> None:
    op.drop_table("posthumous_arrangements")
    with op.batch_alter_table("subject_requests", schema=None) as batch_op:
        batch_op.drop_column("requester_note")
        batch_op.drop_column("requester")

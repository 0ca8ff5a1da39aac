"""audit client address (issue 14)

Revision ID: c3e8a1f5d7b2
Revises: a9d3e5b7c1f2
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "c3e8a1f5d7b2"
down_revision = "a9d3e5b7c1f2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: events written before keep NULL here, and their chain links stay valid.
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("client_address", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("token_name", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("token_name")
        batch_op.drop_column("client_address")
        batch_op.drop_column("channel")

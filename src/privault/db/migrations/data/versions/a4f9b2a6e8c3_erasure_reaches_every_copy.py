"""erasure reaches every copy (issue 14)

Revision ID: a4f9b2a6e8c3
Revises: c3e8a1f5d7b2
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types

revision = "a4f9b2a6e8c3"
down_revision = "c3e8a1f5d7b2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "export_holdings",
        sa.Column("export_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("fields", sa.String(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("export_id", "customer_id", name=op.f("pk_export_holdings")),
    )
    with op.batch_alter_table("export_holdings", schema=None) as batch_op:
        batch_op.create_index("ix_export_holdings_customer_id", ["customer_id"], unique=False)
    op.create_table(
        "export_files",
        sa.Column("export_id", sa.String(length=36), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("written_at", when, nullable=False),
        sa.Column("removed_at", when, nullable=True),
        sa.PrimaryKeyConstraint("export_id", name=op.f("pk_export_files")),
    )
    op.create_table(
        "recipient_notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", when, nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=True),
        sa.Column("export_id", sa.String(length=36), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("fields", sa.String(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recipient_notices")),
    )
    with op.batch_alter_table("recipient_notices", schema=None) as batch_op:
        batch_op.create_index("ix_recipient_notices_request_id", ["request_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("recipient_notices", schema=None) as batch_op:
        batch_op.drop_index("ix_recipient_notices_request_id")
    op.drop_table("recipient_notices")
    op.drop_table("export_files")
    with op.batch_alter_table("export_holdings", schema=None) as batch_op:
        batch_op.drop_index("ix_export_holdings_customer_id")
    op.drop_table("export_holdings")

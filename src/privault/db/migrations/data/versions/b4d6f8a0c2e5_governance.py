"""partner deletion notices and the customer's language (issue 19 gaps): a customer erased
after a disclosure leaves one notice per partner and customer, confirmed by the officer when the
partner has deleted its copy; customers.language, the language incident notices and complaint
answers go out in (none: the shop's default)

Revision ID: b4d6f8a0c2e5
Revises: a3c5e7f9b1d4
Create Date: 2026-12-05 21:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types

revision = "b4d6f8a0c2e5"
down_revision = "a3c5e7f9b1d4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    # In place on both databases: a rebuilt customers table would cascade into its children.
    op.add_column("customers", sa.Column("language", sa.String(length=8), nullable=True))
    op.create_table(
        "partner_deletion_notices",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=True),
        sa.Column("fields", sa.String(length=1000), nullable=False),
        sa.Column("sent_at", utc, nullable=False),
        sa.Column("confirmed_at", utc, nullable=True),
        sa.Column("confirmed_by", sa.String(length=64), nullable=True),
        sa.Column("reference", sa.String(length=400), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_deletion_notices")),
    )
    op.create_index(
        "ix_partner_deletion_notices_partner_id",
        "partner_deletion_notices",
        ["partner_id", "confirmed_at"],
    )
    op.create_index(
        "ix_partner_deletion_notices_customer_id", "partner_deletion_notices", ["customer_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_partner_deletion_notices_customer_id", "partner_deletion_notices")
    op.drop_index("ix_partner_deletion_notices_partner_id", "partner_deletion_notices")
    op.drop_table("partner_deletion_notices")
    op.execute("ALTER TABLE customers DROP COLUMN language")  # SQLite 3.35+ and PostgreSQL

"""stale contact data (issue 17): when contact data was last confirmed

Revision ID: d0f2b4c6e8a1
Revises: c9e1a3b5d7f9
Create Date: 2026-12-04 22:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "d0f2b4c6e8a1"
down_revision = "c9e1a3b5d7f9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "contact_confirmations",
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("confirmed_at", utc, nullable=False),
        sa.Column("confirmed_by", sa.String(length=64), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_contact_confirmations_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_contact_confirmations")),
    )
    op.create_index(
        "ix_contact_confirmations_confirmed_at", "contact_confirmations", ["confirmed_at"]
    )
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    op.drop_index("ix_contact_confirmations_confirmed_at", table_name="contact_confirmations")
    op.drop_table("contact_confirmations")


# No row is written for existing customers: one without a confirmation counts from its
# creation (db/contact_confirmations). The stored role matrix gains the actions as
# presets/roles.toml ships them.
NEW_ACTIONS = {
    "front_desk": ("customer.confirm_contact",),
    "store_manager": ("customer.confirm_contact", "customer.stale_contacts"),
    "privacy_officer": ("customer.stale_contacts", "settings.contact_freshness"),
    "admin": ("settings.contact_freshness",),
}

"""cards: the issue and return register of customer information cards and salon service sheets,
and the dietary restrictions stated for one meal on a booking only; an upgraded installation's
stored role matrix gains card.issue, card.return and card.register for the front desk and the
store manager (issue 15)

Revision ID: e1a6c9d3f5b0
Revises: d0f5b8c2e4a9
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import upgrade_stored_roles, with_new_actions

revision = "e1a6c9d3f5b0"
down_revision = "d0f5b8c2e4a9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "card_register",
        sa.Column("card_no", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("store", sa.String(length=64), nullable=False),
        sa.Column("service_on", sa.Date(), nullable=False),
        sa.Column("meal", sa.String(length=8), nullable=True),
        sa.Column("room", sa.String(length=64), nullable=True),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("issued_at", utc, nullable=False),
        sa.Column("issued_by", sa.String(length=64), nullable=False),
        sa.Column("issued_to", sa.String(length=64), nullable=False),
        sa.Column("is_late", sa.Boolean(), nullable=False),
        sa.Column("returned_at", utc, nullable=True),
        sa.Column("returned_by", sa.String(length=64), nullable=True),
        sa.Column("returned_quantity", sa.Integer(), nullable=True),
        sa.Column("recalled_at", utc, nullable=True),
        sa.Column("destruction_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("card_no", name=op.f("pk_card_register")),
    )
    op.create_index("ix_card_register_store", "card_register", ["store", "service_on"])
    op.create_index("ix_card_register_customer_id", "card_register", ["customer_id"])
    op.create_index("ix_card_register_booking_id", "card_register", ["booking_id"])
    op.create_table(
        "meal_restrictions",
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("stated_at", utc, nullable=False),
        sa.Column("stated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("booking_id", name=op.f("pk_meal_restrictions")),
    )
    upgrade_stored_roles(lambda stored: with_new_actions(stored, NEW_ACTIONS))


def downgrade() -> None:
    op.drop_table("meal_restrictions")
    for index in ("booking_id", "customer_id", "store"):
        op.drop_index(f"ix_card_register_{index}", table_name="card_register")
    op.drop_table("card_register")


# An installation keeps the role matrix it was set up with, so the card actions reach an
# upgraded installation only through this step (role_grants edits the stored text).
NEW_ACTIONS = {
    "front_desk": ("card.issue", "card.return", "card.register"),
    "store_manager": ("card.issue", "card.return", "card.register"),
}

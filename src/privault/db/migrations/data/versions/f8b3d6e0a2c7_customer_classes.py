"""customer classes A/B/C/D (issue 16): each quarter's class per customer with its basis and
figures, the runs that computed a quarter, the important guests, a covering index of the
transactions for the quarter's figures; an upgraded installation's stored role matrix gains the
class actions

Revision ID: f8b3d6e0a2c7
Revises: e7a2c5d9f1b6
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "f8b3d6e0a2c7"
down_revision = "e7a2c5d9f1b6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "customer_classes",
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("customer_class", sa.String(length=8), nullable=False),
        sa.Column("basis", sa.String(length=16), nullable=False),
        sa.Column("spend_cents", sa.BigInteger(), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("spend_rank", sa.Integer(), nullable=True),
        sa.Column("visit_rank", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("quarter", "customer_id", name=op.f("pk_customer_classes")),
    )
    op.create_index(
        "ix_customer_classes_customer_id", "customer_classes", ["customer_id", "quarter"]
    )
    op.create_table(
        "class_runs",
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("computed_at", utc, nullable=False),
        sa.Column("computed_by", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.String(length=200), nullable=False),
        sa.Column("ranked", sa.Integer(), nullable=False),
        sa.Column("is_partial", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("quarter", name=op.f("pk_class_runs")),
    )
    op.create_index(
        "ix_transactions_classes",
        "transactions",
        ["customer_id", "at", "kind", "amount_cents", "reverses_id"],
    )
    op.create_table(
        "important_guests",
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("marked_by", sa.String(length=64), nullable=False),
        sa.Column("marked_at", utc, nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_important_guests")),
    )
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    op.drop_table("important_guests")
    op.drop_index("ix_transactions_classes", table_name="transactions")
    op.drop_table("class_runs")
    op.drop_index("ix_customer_classes_customer_id", table_name="customer_classes")
    op.drop_table("customer_classes")


# The same grants as presets/roles.toml ships; an installation keeps the matrix it was set up
# with, and role_grants edits the stored text so an admin's own changes and comments stay.
MANAGING = (
    "classes.count",
    "classes.read",
    "classes.compute",
    "classes.configure",
    "important_guest.mark",
)
NEW_ACTIONS = {
    "service_staff": ("classes.briefing",),
    "marketing": ("classes.count",),
    "marketing_manager": MANAGING,
    "store_manager": MANAGING,
}

"""points and stored-value ledgers (issue 16): entries and kept balances; an upgraded
installation's stored role matrix gains the ledgers' actions for the desk and the manager

Revision ID: d6f1b4c8e0a5
Revises: c5e0a3b7d9f4
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from privault.db.migrations.role_grants import grant_actions
from privault.db.types import UtcDateTime

revision = "d6f1b4c8e0a5"
down_revision = "c5e0a3b7d9f4"
branch_labels = None
depends_on = None

# Balances are financial information: the desk reads and moves them at payment, the store
# manager also corrects them; marketing and the other roles get nothing.
DESK = ("points.read", "points.move", "wallet.read", "wallet.move")
NEW_ACTIONS = {"front_desk": DESK, "store_manager": (*DESK, "ledger.correct")}


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ledger", sa.String(length=8), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("pseudonym", sa.String(length=36), nullable=True),
        sa.Column("store", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("pair_id", sa.Integer(), nullable=True),
        sa.Column("transaction_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    op.create_index(
        "ix_ledger_entries_customer_id", "ledger_entries", ["customer_id", "ledger", "at"]
    )
    op.create_index("ux_ledger_entries_reverses_id", "ledger_entries", ["reverses_id"], unique=True)
    op.create_index("ix_ledger_entries_transaction_id", "ledger_entries", ["transaction_id"])
    op.create_table(
        "ledger_balances",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ledger", sa.String(length=8), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("pseudonym", sa.String(length=36), nullable=True),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_balances")),
        sa.UniqueConstraint("ledger", "customer_id", name=op.f("uq_ledger_balances_ledger")),
    )
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    op.drop_table("ledger_balances")
    op.drop_index("ix_ledger_entries_transaction_id", table_name="ledger_entries")
    op.drop_index("ux_ledger_entries_reverses_id", table_name="ledger_entries")
    op.drop_index("ix_ledger_entries_customer_id", table_name="ledger_entries")
    op.drop_table("ledger_entries")

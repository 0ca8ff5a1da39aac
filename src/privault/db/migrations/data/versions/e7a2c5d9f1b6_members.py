"""membership and member levels (issue 16): memberships (the member number is the customer's
sealed member_no field), the business-wide number sequence, and the level history; an
upgraded installation's stored role matrix gains the membership actions

Revision ID: e7a2c5d9f1b6
Revises: d6f1b4c8e0a5
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "e7a2c5d9f1b6"
down_revision = "d6f1b4c8e0a5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "memberships",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("pseudonym", sa.String(length=36), nullable=True),
        sa.Column("store", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=False),
        sa.Column("enrolled_at", utc, nullable=False),
        sa.Column("enrolled_by", sa.String(length=64), nullable=False),
        sa.Column("closed_at", utc, nullable=True),
        sa.Column("closed_by", sa.String(length=64), nullable=True),
        sa.Column("close_reason", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
    )
    op.create_index("ix_memberships_customer_id", "memberships", ["customer_id"])
    op.create_index("ix_memberships_store", "memberships", ["store", "status", "level"])
    op.create_table(
        "member_sequences",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_member_sequences")),
    )
    op.create_table(
        "member_level_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("membership_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("from_level", sa.String(length=32), nullable=True),
        sa.Column("to_level", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=True),
        sa.Column("spend_cents", sa.Integer(), nullable=True),
        sa.Column("visits", sa.Integer(), nullable=True),
        sa.Column("window_months", sa.Integer(), nullable=True),
        sa.Column("at", utc, nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_level_changes")),
    )
    op.create_index(
        "ix_member_level_changes_membership_id", "member_level_changes", ["membership_id", "id"]
    )
    op.create_index("ix_member_level_changes_customer_id", "member_level_changes", ["customer_id"])
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    op.drop_index("ix_member_level_changes_customer_id", table_name="member_level_changes")
    op.drop_index("ix_member_level_changes_membership_id", table_name="member_level_changes")
    op.drop_table("member_level_changes")
    op.drop_table("member_sequences")
    op.drop_index("ix_memberships_store", table_name="memberships")
    op.drop_index("ix_memberships_customer_id", table_name="memberships")
    op.drop_table("memberships")


# An installation keeps the role matrix it was set up with, so the membership actions reach an
# upgraded installation only through this step (the same grants as presets/roles.toml).
NEW_ACTIONS = {
    "front_desk": ("members.enrol", "members.read", "member_levels.read"),
    "marketing": ("members.count", "member_levels.read"),
    "marketing_manager": ("members.count", "member_levels.read"),
    "store_manager": (
        "members.enrol",
        "members.read",
        "members.manage",
        "members.count",
        "member_levels.read",
        "member_levels.configure",
    ),
    "privacy_officer": ("members.read", "member_levels.read"),
    "admin": ("member_levels.read", "member_levels.configure"),
}

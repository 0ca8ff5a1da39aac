"""duplicate detection (issue 17): keyed digests of normalised variants, candidate pairs, merges

Revision ID: b2d4f6a8c0e1
Revises: a9c4e7f1b3d8
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "b2d4f6a8c0e1"
down_revision = "a9c4e7f1b3d8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "duplicate_digests",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("digest", sa.LargeBinary(length=16), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_duplicate_digests_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("kind", "digest", "customer_id", name=op.f("pk_duplicate_digests")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_duplicate_digests_customer_id", "duplicate_digests", ["customer_id"])
    op.create_table(
        "duplicate_candidates",
        sa.Column("first_id", sa.String(length=36), nullable=False),
        sa.Column("second_id", sa.String(length=36), nullable=False),
        sa.Column("kinds", sa.String(length=120), nullable=False),
        sa.Column("found_at", utc, nullable=False),
        sa.Column("found_by", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_at", utc, nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("first_id", "second_id", name=op.f("pk_duplicate_candidates")),
    )
    op.create_index(
        "ix_duplicate_candidates_status", "duplicate_candidates", ["status", "found_at"]
    )
    op.create_index("ix_duplicate_candidates_second_id", "duplicate_candidates", ["second_id"])
    op.create_table(
        "customer_merges",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("survivor_id", sa.String(length=36), nullable=False),
        sa.Column("merged_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("merged_at", utc, nullable=False),
        sa.Column("merged_by", sa.String(length=64), nullable=False),
        sa.Column("unmerged_at", utc, nullable=True),
        sa.Column("unmerged_by", sa.String(length=64), nullable=True),
        sa.Column("survivor_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("undo", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_merges")),
    )
    op.create_index("ix_customer_merges_merged_id", "customer_merges", ["merged_id", "status"])
    op.create_index("ix_customer_merges_survivor_id", "customer_merges", ["survivor_id", "status"])
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    op.drop_index("ix_customer_merges_survivor_id", table_name="customer_merges")
    op.drop_index("ix_customer_merges_merged_id", table_name="customer_merges")
    op.drop_table("customer_merges")
    op.drop_index("ix_duplicate_candidates_second_id", table_name="duplicate_candidates")
    op.drop_index("ix_duplicate_candidates_status", table_name="duplicate_candidates")
    op.drop_table("duplicate_candidates")
    op.drop_index("ix_duplicate_digests_customer_id", table_name="duplicate_digests")
    op.drop_table("duplicate_digests")


# A migration never opens customer values, so customers stored before this revision gain their
# digests when next written. The stored role matrix gains the review actions as
# presets/roles.toml ships them.
NEW_ACTIONS = {
    "store_manager": ("duplicates.read", "duplicates.scan", "duplicates.merge"),
    "privacy_officer": ("duplicates.read", "duplicates.scan", "duplicates.merge"),
}

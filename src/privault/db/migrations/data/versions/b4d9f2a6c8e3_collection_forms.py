"""collection forms and their review (issue 15): a booking's collection form and its items
(sealed values, how each was obtained, each decision); an upgraded installation's stored role
matrix gains the form actions and the marketing manager's role

Revision ID: b4d9f2a6c8e3
Revises: a3c8e1f5b7d2
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import (
    upgrade_stored_roles,
    with_new_actions,
    with_new_role,
)

revision = "b4d9f2a6c8e3"
down_revision = "a3c8e1f5b7d2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "collection_forms",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("booking_id", sa.String(length=36), nullable=False),
        sa.Column("store", sa.String(length=64), nullable=False),
        sa.Column("key_owner", sa.String(length=36), nullable=True),
        sa.Column("collector", sa.String(length=64), nullable=False),
        sa.Column("entry", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("submitted_at", utc, nullable=True),
        sa.Column("reviewed_at", utc, nullable=True),
        sa.Column("reviewed_by", sa.String(length=64), nullable=True),
        sa.Column("review_with", sa.String(length=64), nullable=True),
        sa.Column("entered_at", utc, nullable=True),
        sa.Column("entered_by", sa.String(length=64), nullable=True),
        sa.Column("paper_destruction_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_forms")),
        sa.UniqueConstraint("booking_id", name=op.f("uq_collection_forms_booking_id")),
    )
    op.create_index("ix_collection_forms_status", "collection_forms", ["status", "submitted_at"])
    op.create_table(
        "collection_items",
        sa.Column("form_id", sa.String(length=36), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_at", utc, nullable=True),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("form_id", "key", name=op.f("pk_collection_items")),
    )
    upgrade_stored_roles(
        lambda stored: with_new_role(
            with_new_actions(stored, NEW_ACTIONS), "marketing_manager", MARKETING_MANAGER
        )
    )


def downgrade() -> None:
    op.drop_table("collection_items")
    op.drop_index("ix_collection_forms_status", table_name="collection_forms")
    op.drop_table("collection_forms")


# An installation keeps the role matrix it was set up with (role_grants edits the stored text,
# so an admin's own changes and comments stay).
# The service staff's form.collect comes with their new grant in the next revision
# (c5e0a3b7d9f4), which replaces their old default table only while it is unchanged.
NEW_ACTIONS = {
    "front_desk": ("form.collect", "form.enter"),
    "store_manager": ("form.collect", "form.read", "form.review", "form.enter"),
}
MARKETING_MANAGER = """
# 营销经理 (DESIGN §11): marketing's rights plus the review of collection-form items, with the
# customer's identity masked (customer.view over identity only) and no contact data.
[roles.marketing_manager]
actions = ["segment.count", "notice.read", "form.read", "form.review", "customer.view"]
view = ["identity"]
store_scoped = true
"""

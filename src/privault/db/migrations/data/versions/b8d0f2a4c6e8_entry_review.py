"""entry review and public registration (issue 17): pending records, channel evidence

The public registration page's one-use form tokens, spent once each (a replayed or
double-submitted form is refused); an upgraded installation's stored role matrix gains the
entry-review actions as presets/roles.toml ships them. Pending is a customer status (no
column), so existing customers stay as they are; a partial index holds the pending ones only.

Revision ID: b8d0f2a4c6e8
Revises: a7c9e1f3b5d6
Create Date: 2026-12-04 22:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "b8d0f2a4c6e8"
down_revision = "a7c9e1f3b5d6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "spent_form_tokens",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("spent_at", utc, nullable=False),
        sa.Column("expires_at", utc, nullable=False),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_spent_form_tokens")),
    )
    op.create_index("ix_spent_form_tokens_expires_at", "spent_form_tokens", ["expires_at"])
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customers_pending",
            ["created_at"],
            unique=False,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        )
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_pending")
    op.drop_index("ix_spent_form_tokens_expires_at", table_name="spent_form_tokens")
    op.drop_table("spent_form_tokens")


NEW_ACTIONS = {
    "store_manager": ("entry_review.read", "entry_review.decide"),
    "privacy_officer": ("entry_review.read", "entry_review.decide"),
}

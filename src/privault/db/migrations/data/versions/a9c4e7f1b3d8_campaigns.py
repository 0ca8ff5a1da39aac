"""segments and campaigns (issue 16): the campaigns and their per-recipient delivery queue; an
upgraded installation's stored role matrix gains campaign.plan and campaign.read for marketing,
and those with campaign.send for the marketing manager and the store manager

Revision ID: a9c4e7f1b3d8
Revises: f8b3d6e0a2c7
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "a9c4e7f1b3d8"
down_revision = "f8b3d6e0a2c7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "campaigns",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("stores", sa.String(length=400), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("purposes", sa.String(length=200), nullable=False),
        sa.Column("segment", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("send_at", utc, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("planned_at", utc, nullable=False),
        sa.Column("planned_by", sa.String(length=64), nullable=False),
        sa.Column("approved_at", utc, nullable=True),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("capped", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_index("ix_campaigns_status", "campaigns", ["status", "send_at"])
    op.create_table(
        "campaign_deliveries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("campaign_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("queued_at", utc, nullable=False),
        sa.Column("handed_at", utc, nullable=True),
        sa.Column("sent_at", utc, nullable=True),
        sa.Column("provider_ref", sa.String(length=64), nullable=True),
        sa.Column("error", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_deliveries")),
    )
    op.create_index(
        "ix_campaign_deliveries_campaign_id", "campaign_deliveries", ["campaign_id", "status"]
    )
    op.create_index(
        "ix_campaign_deliveries_customer_id", "campaign_deliveries", ["customer_id", "sent_at"]
    )
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    for index in ("customer_id", "campaign_id"):
        op.drop_index(f"ix_campaign_deliveries_{index}", table_name="campaign_deliveries")
    op.drop_table("campaign_deliveries")
    op.drop_index("ix_campaigns_status", table_name="campaigns")
    op.drop_table("campaigns")


# An installation keeps the role matrix it was set up with: the campaign actions reach an
# upgraded one only through this step, as presets/roles.toml ships them.
NEW_ACTIONS = {
    "marketing": ("campaign.plan", "campaign.read"),
    "marketing_manager": ("campaign.plan", "campaign.read", "campaign.send"),
    "store_manager": ("campaign.plan", "campaign.read", "campaign.send"),
}

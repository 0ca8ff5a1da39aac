"""privacy questions and complaints, and the compliance report (issue 19): the complaints
table; an upgraded installation's stored role matrix gains the complaint and compliance-report
actions as presets/roles.toml ships them

Revision ID: a7c9e1f3b5d6
Revises: f6b8d0e2a4c5
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "a7c9e1f3b5d6"
down_revision = "f6b8d0e2a4c5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "complaints",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("text_sealed", sa.LargeBinary(), nullable=False),
        sa.Column("received_at", utc, nullable=False),
        sa.Column("received_by", sa.String(length=64), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("answered_at", utc, nullable=True),
        sa.Column("answered_on", sa.Date(), nullable=True),
        sa.Column("answered_by", sa.String(length=64), nullable=True),
        sa.Column("answer_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("answer_route", sa.String(length=16), nullable=True),
        sa.Column("request_ids", sa.String(length=400), server_default="", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
    )
    op.create_index("ix_complaints_status", "complaints", ["status", "due_on"])
    op.create_index("ix_complaints_customer_id", "complaints", ["customer_id"])
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    op.drop_index("ix_complaints_customer_id", table_name="complaints")
    op.drop_index("ix_complaints_status", table_name="complaints")
    op.drop_table("complaints")


# An installation keeps the role matrix it was set up with: the new actions reach an upgraded
# one only through this step.
NEW_ACTIONS = {
    "front_desk": ("complaint.record",),
    "store_manager": ("complaint.record",),
    "privacy_officer": (
        "complaint.record",
        "complaint.read",
        "complaint.answer",
        "compliance.report",
    ),
    "auditor": ("compliance.report",),
}

"""shop identity and notice renewal (issue 14)

Revision ID: e5a0c3b7f9d4
Revises: a4f9b2a6e8c3
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e5a0c3b7f9d4"
down_revision = "a4f9b2a6e8c3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The shop's identity lives in the `installation` key-value table (keys `shop.*`): no
    # schema. A material notice names the purposes to renew here.
    op.create_table(
        "notice_renewals",
        sa.Column("notice_version", sa.String(32), nullable=False),
        sa.Column("purpose", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["notice_version"],
            ["notices.version"],
            name=op.f("fk_notice_renewals_notice_version_notices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("notice_version", "purpose", name=op.f("pk_notice_renewals")),
    )


def downgrade() -> None:
    op.drop_table("notice_renewals")

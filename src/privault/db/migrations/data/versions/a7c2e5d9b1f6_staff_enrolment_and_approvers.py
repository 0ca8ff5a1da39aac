"""staff enrolment and approvers (issue 14)

Revision ID: a7c2e5d9b1f6
Revises: f6b1d4c8a0e5
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from privault.db.types import UtcDateTime

revision = "a7c2e5d9b1f6"
down_revision = "f6b1d4c8a0e5"
branch_labels = None
depends_on = None


_COLUMNS = (
    "last_reset_by",
    "contact_channel",
    "contact",
    "enrolment_code_hash",
    "enrolment_expires_at",
    "enrolment_attempts",
    "countersigned_by",
)


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("last_reset_by", sa.String(64)))
        batch.add_column(sa.Column("contact_channel", sa.String(8)))
        batch.add_column(sa.Column("contact", sa.LargeBinary()))
        batch.add_column(sa.Column("enrolment_code_hash", sa.LargeBinary()))
        batch.add_column(sa.Column("enrolment_expires_at", UtcDateTime()))
        batch.add_column(sa.Column("enrolment_attempts", sa.Integer()))
        batch.add_column(sa.Column("countersigned_by", sa.String(64)))


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)

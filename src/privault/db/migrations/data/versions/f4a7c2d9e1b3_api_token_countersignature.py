"""api token countersignature

Revision ID: f4a7c2d9e1b3
Revises: b3c8e1f0a925
Create Date: 2026-11-24 10:00:00

A token whose role sees personal data works once a privacy officer countersigned it (issue
13.2). Tokens made before this revision have no countersignature, so those whose role sees
personal data wait for one from the next call on: an integration is stopped until an officer
vouches for it, rather than an unvetted one going on (the status is read from the role matrix
at each use, so no row needs rewriting here).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types

revision = "f4a7c2d9e1b3"
down_revision = "b3c8e1f0a925"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("countersigned_by", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column(
                "countersigned_at", privault.db.types.UtcDateTime(timezone=True), nullable=True
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("countersigned_at")
        batch_op.drop_column("countersigned_by")

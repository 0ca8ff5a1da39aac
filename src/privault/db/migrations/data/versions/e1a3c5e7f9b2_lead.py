"""the status a restriction replaced, and the audit trail by time

Revision ID: e1a3c5e7f9b2
Revises: d0f2b4c6e8a1
Create Date: 2026-12-05 21:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "e1a3c5e7f9b2"
down_revision = "d0f2b4c6e8a1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Customers restricted before this revision have none: lifting makes them active, as before.
    op.add_column("customers", sa.Column("status_before", sa.String(length=16)))
    op.create_index("ix_audit_events_at", "audit_events", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_at", table_name="audit_events")
    # A plain DROP COLUMN (SQLite 3.35+): a batch rebuild of customers would cascade-delete the
    # rows that reference it.
    op.drop_column("customers", "status_before")

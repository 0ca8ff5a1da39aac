"""impact assessments and records of processing (issue 19): the assessments table; an upgraded
installation's purposes are recorded as in use before assessments (they raise "assessment due"
alerts instead of being refused), and its stored role matrix gains the assessment actions

Revision ID: f6b8d0e2a4c5
Revises: e5a7c9d1f3b4
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "f6b8d0e2a4c5"
down_revision = "e5a7c9d1f3b4"
branch_labels = None
depends_on = None

GRANDFATHERED = "assessments.grandfathered"
NEW_ACTIONS = {
    "privacy_officer": ("assessment.read", "assessment.edit", "assessment.approve", "ropa.export"),
    "auditor": ("assessment.read", "ropa.export"),
}


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("triggers", sa.String(length=200), nullable=False),
        sa.Column("questions", sa.Text(), nullable=False),
        sa.Column("risks", sa.Text(), nullable=False),
        sa.Column("measures", sa.Text(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", utc, nullable=False),
        sa.Column("approved_at", utc, nullable=True),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index("ix_assessments_purpose", "assessments", ["purpose", "status"])
    _grandfather_purposes()
    grant_actions(NEW_ACTIONS)


def _grandfather_purposes() -> None:
    """Every purpose of an installation that exists now was in use before assessments."""
    connection = op.get_bind()
    table = sa.table("installation", sa.column("key", sa.String), sa.column("value", sa.Text))
    stored = connection.execute(sa.select(table.c.value).where(table.c.key == "catalog")).scalar()
    if stored is None:
        return
    purposes = sorted(json.loads(stored).get("purposes", {}))
    connection.execute(sa.insert(table).values(key=GRANDFATHERED, value=" ".join(purposes)))


def downgrade() -> None:
    connection = op.get_bind()
    table = sa.table("installation", sa.column("key", sa.String))
    connection.execute(sa.delete(table).where(table.c.key == GRANDFATHERED))
    op.drop_index("ix_assessments_purpose", table_name="assessments")
    op.drop_table("assessments")

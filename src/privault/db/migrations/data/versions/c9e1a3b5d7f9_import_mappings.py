"""import mappings (issue 17): saved header mappings for moving in from another system

A source system's headers and what each becomes (a catalog field, a membership figure, or left
out), found again by the digest of the headers; headers only, never a value.

Revision ID: c9e1a3b5d7f9
Revises: b8d0f2a4c6e8
Create Date: 2026-12-04 22:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types

revision = "c9e1a3b5d7f9"
down_revision = "b8d0f2a4c6e8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_mappings",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("headers_digest", sa.String(length=64), nullable=False),
        sa.Column("choices", sa.Text(), nullable=False),
        sa.Column("saved_at", privault.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("saved_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_import_mappings")),
    )
    op.create_index(
        "ix_import_mappings_headers_digest", "import_mappings", ["headers_digest"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_import_mappings_headers_digest", table_name="import_mappings")
    op.drop_table("import_mappings")

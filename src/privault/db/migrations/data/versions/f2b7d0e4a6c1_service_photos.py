"""service photos (issue 15)

Revision ID: f2b7d0e4a6c1
Revises: e1a6c9d3f5b0
Create Date: 2026-12-03 18:15:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "f2b7d0e4a6c1"
down_revision = "e1a6c9d3f5b0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

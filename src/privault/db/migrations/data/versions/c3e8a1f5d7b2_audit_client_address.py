"""audit client address (issue 14)

Revision ID: c3e8a1f5d7b2
Revises: a9d3e5b7c1f2
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "c3e8a1f5d7b2"
down_revision = "a9d3e5b7c1f2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

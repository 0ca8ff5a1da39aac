"""visits recorded at check-out (issue 15)

Revision ID: d0f5b8c2e4a9
Revises: c9e4a7b1d3f8
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "d0f5b8c2e4a9"
down_revision = "c9e4a7b1d3f8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""bookings (issue 15)

Revision ID: c9e4a7b1d3f8
Revises: b8d3f6a0c2e7
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "c9e4a7b1d3f8"
down_revision = "b8d3f6a0c2e7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

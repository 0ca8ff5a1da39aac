"""regime requests and agents (issue 14)

Revision ID: f6b1d4c8a0e5
Revises: e5a0c3b7f9d4
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "f6b1d4c8a0e5"
down_revision = "e5a0c3b7f9d4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

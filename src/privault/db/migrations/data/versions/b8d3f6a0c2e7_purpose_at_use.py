"""purpose at use (issue 14)

Revision ID: b8d3f6a0c2e7
Revises: a7c2e5d9b1f6
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "b8d3f6a0c2e7"
down_revision = "a7c2e5d9b1f6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

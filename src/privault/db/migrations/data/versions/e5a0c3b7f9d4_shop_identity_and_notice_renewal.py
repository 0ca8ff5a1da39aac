"""shop identity and notice renewal (issue 14)

Revision ID: e5a0c3b7f9d4
Revises: a4f9b2a6e8c3
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e5a0c3b7f9d4"
down_revision = "a4f9b2a6e8c3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

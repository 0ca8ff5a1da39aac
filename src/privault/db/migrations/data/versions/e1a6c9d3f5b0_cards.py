"""collection forms and customer information cards (issue 15)

Revision ID: e1a6c9d3f5b0
Revises: d0f5b8c2e4a9
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "e1a6c9d3f5b0"
down_revision = "d0f5b8c2e4a9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""serving staff's sections and today's list (issue 15)

Revision ID: c5e0a3b7d9f4
Revises: b4d9f2a6c8e3
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "c5e0a3b7d9f4"
down_revision = "b4d9f2a6c8e3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

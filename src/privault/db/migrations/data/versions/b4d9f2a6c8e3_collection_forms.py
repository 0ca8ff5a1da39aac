"""collection forms and their review (issue 15)

Revision ID: b4d9f2a6c8e3
Revises: a3c8e1f5b7d2
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "b4d9f2a6c8e3"
down_revision = "a3c8e1f5b7d2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""erasure reaches every copy (issue 14)

Revision ID: a4f9b2a6e8c3
Revises: c3e8a1f5d7b2
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "a4f9b2a6e8c3"
down_revision = "c3e8a1f5d7b2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""staff enrolment and approvers (issue 14)

Revision ID: a7c2e5d9b1f6
Revises: f6b1d4c8a0e5
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "a7c2e5d9b1f6"
down_revision = "f6b1d4c8a0e5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

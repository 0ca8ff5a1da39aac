"""customer classes A/B/C/D (issue 16): reserved, filled by the classes work

Revision ID: f8b3d6e0a2c7
Revises: e7a2c5d9f1b6
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

revision = "f8b3d6e0a2c7"
down_revision = "e7a2c5d9f1b6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

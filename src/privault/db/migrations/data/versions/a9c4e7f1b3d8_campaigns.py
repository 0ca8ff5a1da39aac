"""segments and campaigns (issue 16): reserved, filled by the campaigns work

Revision ID: a9c4e7f1b3d8
Revises: f8b3d6e0a2c7
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

revision = "a9c4e7f1b3d8"
down_revision = "f8b3d6e0a2c7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

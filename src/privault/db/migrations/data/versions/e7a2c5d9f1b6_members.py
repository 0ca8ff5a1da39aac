"""membership and member levels (issue 16): reserved, filled by the members work

Revision ID: e7a2c5d9f1b6
Revises: d6f1b4c8e0a5
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

revision = "e7a2c5d9f1b6"
down_revision = "d6f1b4c8e0a5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

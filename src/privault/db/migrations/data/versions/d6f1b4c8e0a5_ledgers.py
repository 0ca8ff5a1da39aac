"""points and stored-value ledgers (issue 16): reserved, filled by the ledgers work

Revision ID: d6f1b4c8e0a5
Revises: c5e0a3b7d9f4
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

revision = "d6f1b4c8e0a5"
down_revision = "c5e0a3b7d9f4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

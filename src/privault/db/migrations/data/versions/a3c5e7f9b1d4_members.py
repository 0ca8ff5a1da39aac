"""reserved (members helper): membership and campaign gaps

Revision ID: a3c5e7f9b1d4
Revises: f2b4d6f8a0c3
Create Date: 2026-12-05 21:20:00
"""

from __future__ import annotations

revision = "a3c5e7f9b1d4"
down_revision = "f2b4d6f8a0c3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""reserved (governance helper): partner and notice gaps

Revision ID: b4d6f8a0c2e5
Revises: a3c5e7f9b1d4
Create Date: 2026-12-05 21:20:00
"""

from __future__ import annotations

revision = "b4d6f8a0c2e5"
down_revision = "a3c5e7f9b1d4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

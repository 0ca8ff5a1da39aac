"""reserved (lead, session 18): status before restriction, audit time index

Revision ID: e1a3c5e7f9b2
Revises: d0f2b4c6e8a1
Create Date: 2026-12-05 21:20:00
"""

from __future__ import annotations

revision = "e1a3c5e7f9b2"
down_revision = "d0f2b4c6e8a1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

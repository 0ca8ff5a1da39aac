"""reserved (stores helper): store registry

Revision ID: f2b4d6f8a0c3
Revises: e1a3c5e7f9b2
Create Date: 2026-12-05 21:20:00
"""

from __future__ import annotations

revision = "f2b4d6f8a0c3"
down_revision = "e1a3c5e7f9b2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""free-text scanner (issue 17): settings for personal data found in free text

Reserved revision: filled by the work that needs it; empty until then.

Revision ID: c3e5a7b9d1f2
Revises: b2d4f6a8c0e1
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

revision = "c3e5a7b9d1f2"
down_revision = "b2d4f6a8c0e1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

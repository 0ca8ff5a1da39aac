"""entry review and public registration (issue 17): pending records, channel evidence

Reserved revision: filled by the work that needs it; empty until then.

Revision ID: b8d0f2a4c6e8
Revises: a7c9e1f3b5d6
Create Date: 2026-12-04 22:20:00
"""

from __future__ import annotations

revision = "b8d0f2a4c6e8"
down_revision = "a7c9e1f3b5d6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""stale contact data (issue 17): when contact data was last confirmed

Reserved revision: filled by the work that needs it; empty until then.

Revision ID: d0f2b4c6e8a1
Revises: c9e1a3b5d7f9
Create Date: 2026-12-04 22:20:00
"""

from __future__ import annotations

revision = "d0f2b4c6e8a1"
down_revision = "c9e1a3b5d7f9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

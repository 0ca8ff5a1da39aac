"""privacy questions and complaints, and the compliance report (issue 19)

Reserved revision: filled by the work that needs it; empty until then.

Revision ID: a7c9e1f3b5d6
Revises: f6b8d0e2a4c5
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

revision = "a7c9e1f3b5d6"
down_revision = "f6b8d0e2a4c5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

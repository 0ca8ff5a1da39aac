"""incidents, notices, drills, staff violations and sanctions (issue 19)

Reserved revision: filled by the work that needs it; empty until then.

Revision ID: e5a7c9d1f3b4
Revises: d4f6b8c0e2a3
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

revision = "e5a7c9d1f3b4"
down_revision = "d4f6b8c0e2a3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

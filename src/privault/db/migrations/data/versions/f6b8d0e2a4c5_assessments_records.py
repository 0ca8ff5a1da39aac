"""impact assessments and records of processing (issue 19)

Reserved revision: filled by the work that needs it; empty until then.

Revision ID: f6b8d0e2a4c5
Revises: e5a7c9d1f3b4
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

revision = "f6b8d0e2a4c5"
down_revision = "e5a7c9d1f3b4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

"""import mappings (issue 17): saved header mappings for moving in from another system

Reserved revision: filled by the work that needs it; empty until then.

Revision ID: c9e1a3b5d7f9
Revises: b8d0f2a4c6e8
Create Date: 2026-12-04 22:20:00
"""

from __future__ import annotations

revision = "c9e1a3b5d7f9"
down_revision = "b8d0f2a4c6e8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

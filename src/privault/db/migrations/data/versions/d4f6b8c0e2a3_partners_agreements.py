"""partners, agreements, disclosures and cross-border routes (issue 19)

Reserved revision: filled by the work that needs it; empty until then.

Revision ID: d4f6b8c0e2a3
Revises: c3e5a7b9d1f2
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

revision = "d4f6b8c0e2a3"
down_revision = "c3e5a7b9d1f2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

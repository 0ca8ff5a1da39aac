"""duplicate detection (issue 17): keyed digests of normalised variants, candidate pairs, merges

Reserved revision: filled by the work that needs it; empty until then.

Revision ID: b2d4f6a8c0e1
Revises: a9c4e7f1b3d8
Create Date: 2026-12-04 19:00:00
"""

from __future__ import annotations

revision = "b2d4f6a8c0e1"
down_revision = "a9c4e7f1b3d8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass

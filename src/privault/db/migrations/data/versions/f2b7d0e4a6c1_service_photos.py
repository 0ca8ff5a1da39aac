"""service photos: sealed before/after photos on a customer's record and their publications;
an upgraded installation's stored role matrix gains the photo actions (issue 15)

Revision ID: f2b7d0e4a6c1
Revises: e1a6c9d3f5b0
Create Date: 2026-12-03 18:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from privault.db.migrations.role_grants import grant_actions
from privault.db.types import UtcDateTime

revision = "f2b7d0e4a6c1"
down_revision = "e1a6c9d3f5b0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "photos",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=False),
        sa.Column("store", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("taken_at", UtcDateTime(), nullable=False),
        sa.Column("taken_by", sa.String(length=64), nullable=False),
        sa.Column("booking_ref", sa.String(length=36), nullable=True),
        sa.Column("media_type", sa.String(length=16), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("caption", sa.LargeBinary(), nullable=True),
        sa.Column("added_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photos")),
    )
    op.create_index("ix_photos_customer_id", "photos", ["customer_id", "taken_at"])
    op.create_table(
        "photo_publications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("photo_id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("store", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=64), nullable=False),
        sa.Column("consent_event_id", sa.Integer(), nullable=False),
        sa.Column("published_at", UtcDateTime(), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("withdrawn_at", UtcDateTime(), nullable=True),
        sa.Column("withdrawn_why", sa.String(length=32), nullable=True),
        sa.Column("taken_down_at", UtcDateTime(), nullable=True),
        sa.Column("taken_down_by", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_photo_publications")),
    )
    op.create_index("ix_photo_publications_photo_id", "photo_publications", ["photo_id"])
    op.create_index("ix_photo_publications_customer_id", "photo_publications", ["customer_id"])
    op.create_index("ix_photo_publications_store", "photo_publications", ["store", "withdrawn_at"])
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    op.drop_table("photo_publications")
    op.drop_table("photos")


# The photo actions reach an upgraded installation's stored matrix only through this step.
NEW_ACTIONS = {
    "front_desk": ("photo.add", "photo.view"),
    "store_manager": ("photo.add", "photo.view", "photo.publish"),
}

"""bookings: the service day's bookings (预约/订餐), with the indexes of a store's day view and of
a room's or a technician's day; an upgraded installation's stored role matrix gains
booking.manage and booking.read for the front desk and the store manager (issue 15)

Revision ID: c9e4a7b1d3f8
Revises: b8d3f6a0c2e7
Create Date: 2026-12-03 18:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "c9e4a7b1d3f8"
down_revision = "b8d3f6a0c2e7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "bookings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("customer_id", sa.String(length=36), nullable=True),
        sa.Column("salutation", sa.String(length=32), nullable=True),
        sa.Column("store", sa.String(length=64), nullable=False),
        sa.Column("service_on", sa.Date(), nullable=False),
        sa.Column("meal", sa.String(length=8), nullable=True),
        sa.Column("starts", sa.String(length=5), nullable=True),
        sa.Column("ends", sa.String(length=5), nullable=True),
        sa.Column("room", sa.String(length=64), nullable=True),
        sa.Column("technician", sa.String(length=64), nullable=True),
        sa.Column("party_size", sa.Integer(), nullable=False),
        sa.Column("services", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("arrived_at", utc, nullable=True),
        sa.Column("started_at", utc, nullable=True),
        sa.Column("closed_at", utc, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bookings")),
    )
    op.create_index("ix_bookings_store", "bookings", ["store", "service_on"])
    op.create_index("ix_bookings_technician", "bookings", ["technician", "service_on"])
    op.create_index("ix_bookings_room", "bookings", ["store", "room", "service_on"])
    op.create_index("ix_bookings_customer_id", "bookings", ["customer_id"])
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    for index in ("customer_id", "room", "technician", "store"):
        op.drop_index(f"ix_bookings_{index}", table_name="bookings")
    op.drop_table("bookings")


# An installation keeps the role matrix it was set up with, so the booking actions reach an
# upgraded installation only through this step (role_grants: the stored text is edited, so an
# admin's own changes and comments stay).
NEW_ACTIONS = {
    "front_desk": ("booking.manage", "booking.read"),
    "store_manager": ("booking.manage", "booking.read"),
}

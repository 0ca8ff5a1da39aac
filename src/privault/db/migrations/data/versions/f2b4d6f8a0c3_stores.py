"""store registry and shared tablets (issue 18 point 3): the stores table with a row for every
store code in use, shared devices and staff PINs; stores.manage for the privacy officer and the
owner, devices.manage for the store manager

Revision ID: f2b4d6f8a0c3
Revises: e1a3c5e7f9b2
Create Date: 2026-12-05 21:20:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import grant_actions

revision = "f2b4d6f8a0c3"
down_revision = "e1a3c5e7f9b2"
branch_labels = None
depends_on = None

# Every table whose `store` column names one store, as this revision found them (frozen here).
SINGLE = (
    "customers",
    "transactions",
    "subject_requests",
    "api_tokens",
    "bookings",
    "photos",
    "photo_publications",
    "serving_sections",
    "card_register",
    "collection_forms",
    "ledger_entries",
    "memberships",
)
# Space-separated lists of stores (empty: every store).
LISTS = (("staff", "stores"), ("exports", "stores"), ("campaigns", "stores"))
MAX_CODE = 64
# The stored role matrix gains the action as presets/roles.toml ships it.
NEW_ACTIONS = {
    "privacy_officer": ("stores.manage",),
    "owner": ("stores.manage",),
    "store_manager": ("devices.manage",),
}


def upgrade() -> None:
    utc = privault.db.types.UtcDateTime(timezone=True)
    op.create_table(
        "stores",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("zone", sa.String(length=64), nullable=True),
        sa.Column("idle_seconds", sa.Integer(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_stores")),
    )
    _register_codes_in_use()
    op.create_table(
        "shared_devices",
        sa.Column("token_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("store", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("created_at", utc, nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", utc, nullable=True),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_shared_devices")),
    )
    op.create_index("ix_shared_devices_store", "shared_devices", ["store"])
    op.create_table(
        "staff_pins",
        sa.Column("staff_name", sa.String(length=64), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("set_at", utc, nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_name"], ["staff.name"], name=op.f("fk_staff_pins_staff_name_staff")
        ),
        sa.PrimaryKeyConstraint("staff_name", name=op.f("pk_staff_pins")),
    )
    grant_actions(NEW_ACTIONS)


def downgrade() -> None:
    op.drop_table("staff_pins")
    op.drop_index("ix_shared_devices_store", table_name="shared_devices")
    op.drop_table("shared_devices")
    op.drop_table("stores")


def _register_codes_in_use() -> None:
    """Each code already in use becomes an active store named by its code, so nothing that
    names a store breaks; the shop names them properly on /settings/stores."""
    connection = op.get_bind()
    codes: set[str] = set()
    for name in SINGLE:
        codes.update(c for c in _distinct(connection, name, "store") if c)
    for name, column_name in LISTS:
        for value in _distinct(connection, name, column_name):
            codes.update((value or "").split())
    now = datetime.now(UTC)
    rows = [
        {"code": code, "name": code, "is_active": True, "created_at": now}
        for code in sorted({c.strip() for c in codes if c and c.strip()})
        if len(code) <= MAX_CODE
    ]
    if rows:
        stores = sa.table(
            "stores",
            sa.column("code", sa.String),
            sa.column("name", sa.String),
            sa.column("is_active", sa.Boolean),
            sa.column("created_at", privault.db.types.UtcDateTime(timezone=True)),
        )
        connection.execute(sa.insert(stores), rows)


def _distinct(connection: sa.Connection, table: str, column_name: str) -> list[str | None]:
    column = sa.column(column_name, sa.String)
    query = sa.select(column).select_from(sa.table(table, column)).distinct()
    return list(connection.execute(query).scalars())

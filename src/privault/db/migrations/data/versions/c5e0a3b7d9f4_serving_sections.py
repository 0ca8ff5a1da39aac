"""serving staff's sections and today's list (issue 15): the serving_sections table; an upgraded
installation's stored role matrix gives the store manager sections.manage and the service staff
service.today, and takes customer search, view and reveal from the service staff only where the
stored grant is still the shipped default

Revision ID: c5e0a3b7d9f4
Revises: b4d9f2a6c8e3
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import sqlalchemy as sa
from alembic import op

import privault.db.types
from privault.db.migrations.role_grants import parses, upgrade_stored_roles, with_new_actions

revision = "c5e0a3b7d9f4"
down_revision = "b4d9f2a6c8e3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "serving_sections",
        sa.Column("store", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("rooms", sa.Text(), nullable=False),
        sa.Column("staff", sa.Text(), nullable=False),
        sa.Column("updated_at", privault.db.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("store", "name", name=op.f("pk_serving_sections")),
    )
    upgrade_stored_roles(upgraded_roles)


def downgrade() -> None:
    op.drop_table("serving_sections")


# Granting is safe to do in any matrix; taking away is not: an admin who gave the service staff
# more or less than the shipped grant decided so, and an upgrade must not overrule them. So the
# service staff's old grant (search, view, reveal) is replaced only when the stored table is
# still exactly the shipped default of before this issue; otherwise they only gain
# service.today and the admin reviews the rest (`privault policy set`).
NEW_ACTIONS = {
    "store_manager": ("sections.manage",),
    "service_staff": ("service.today", "form.collect"),
}
OLD_SERVICE_STAFF: dict[str, Any] = {
    "actions": ["customer.search", "customer.view", "customer.reveal", "notice.read"],
    "view": ["identity", "preference", "health"],
    "reveal": ["preference", "health"],
    "reveals_per_hour": 60,
    "store_scoped": True,
}
NEW_SERVICE_STAFF = """[roles.service_staff]
actions = ["service.today", "notice.read", "form.collect"]
store_scoped = true
"""
# The table's header and its key lines, up to the next table, comment or the end.
_TABLE = re.compile(r"^\[roles\.service_staff\][ \t]*\n(?:[^\[#\n].*\n?|[ \t]*\n)*", re.M)


def upgraded_roles(stored: str) -> str:
    try:
        roles = tomllib.loads(stored).get("roles", {})
    except tomllib.TOMLDecodeError:
        return stored
    text = stored
    if roles.get("service_staff") == OLD_SERVICE_STAFF:
        text = _TABLE.sub(lambda _: NEW_SERVICE_STAFF + "\n", text, count=1)
    text = with_new_actions(text, NEW_ACTIONS)
    return text if parses(text) else stored

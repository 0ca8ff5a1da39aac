"""purpose at use: an export's note beside its catalog purpose, masked exports, and the customers
left out at download for want of a lawful basis; an upgraded installation's stored role matrix
gains the actions and the role issue 14 added (issue 14)

Revision ID: b8d3f6a0c2e7
Revises: a7c2e5d9b1f6
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import tomllib

import sqlalchemy as sa
from alembic import op

from privault.db.migrations import role_grants

revision = "b8d3f6a0c2e7"
down_revision = "a7c2e5d9b1f6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exports") as batch:
        batch.add_column(sa.Column("purpose_note", sa.String(length=200), nullable=True))
        batch.add_column(
            sa.Column("masked", sa.Boolean(), server_default=sa.text("false"), nullable=False)
        )
        batch.add_column(sa.Column("left_out_no_basis", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("left_out_restricted", sa.Integer(), nullable=True))
    role_grants.rewrite_roles(upgraded_roles)


def downgrade() -> None:
    with op.batch_alter_table("exports") as batch:
        for column in ("left_out_restricted", "left_out_no_basis", "masked", "purpose_note"):
            batch.drop_column(column)


# An installation keeps the role matrix it was set up with (init stores it), so the actions
# and the role this issue adds reach an upgraded installation only through this step: the
# privacy officer and the admin countersign accounts and edit the shop's settings, and the
# owner is the second approver. The stored text is edited, not rewritten, so an admin's own
# changes and comments stay; a document that would not parse afterwards is left as it was.
NEW_ACTIONS = {
    "privacy_officer": ("staff.countersign", "settings.shop"),
    "admin": ("staff.countersign", "settings.shop"),
}
OWNER_ROLE = """
# The shop's owner as a second approver where one privacy officer works alone (issue 14):
# approves exports and countersigns privileged accounts; sees no customer field.
[roles.owner]
actions = ["export.approve", "staff.countersign", "staff.read", "notice.read", "alert.read"]
store_scoped = false
"""


def upgraded_roles(stored: str) -> str:
    text = role_grants.upgraded_roles(stored, NEW_ACTIONS)
    try:
        has_owner = "owner" in tomllib.loads(text).get("roles", {})
    except tomllib.TOMLDecodeError:
        return stored
    return text if has_owner else text.rstrip("\n") + "\n" + OWNER_ROLE

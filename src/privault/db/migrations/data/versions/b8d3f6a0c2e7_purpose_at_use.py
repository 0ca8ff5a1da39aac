"""purpose at use: an export's note beside its catalog purpose, masked exports, and the customers
left out at download for want of a lawful basis; an upgraded installation's stored role matrix
gains the actions and the role issue 14 added (issue 14)

Revision ID: b8d3f6a0c2e7
Revises: a7c2e5d9b1f6
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import re
import tomllib

import sqlalchemy as sa
from alembic import op

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
    _grant_new_actions()


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
    try:
        roles = tomllib.loads(stored).get("roles", {})
    except tomllib.TOMLDecodeError:
        return stored
    text = stored
    for role, wanted in NEW_ACTIONS.items():
        have = roles.get(role, {}).get("actions")
        missing = [a for a in wanted if isinstance(have, list) and a not in have]
        if missing:
            text = _with_actions(text, role, missing)
    if "owner" not in roles:
        text = text.rstrip("\n") + "\n" + OWNER_ROLE
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return stored
    return text


def _with_actions(text: str, role: str, missing: list[str]) -> str:
    """The actions put first in the role's list, whatever its layout."""
    start = re.compile(rf"^\[roles\.{re.escape(role)}\][^\[]*?^actions\s*=\s*\[", re.M | re.S)
    quoted = "".join(f' "{action}",' for action in missing)
    return start.sub(lambda m: m.group(0) + quoted, text, count=1)


def _grant_new_actions() -> None:
    connection = op.get_bind()
    table = sa.table("installation", sa.column("key", sa.String), sa.column("value", sa.Text))
    stored = connection.execute(sa.select(table.c.value).where(table.c.key == "roles")).scalar()
    if stored is None:
        return
    updated = upgraded_roles(stored)
    if updated != stored:
        connection.execute(sa.update(table).where(table.c.key == "roles").values(value=updated))

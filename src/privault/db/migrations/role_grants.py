"""Actions a revision adds to the stored role matrix of an upgraded installation.

An installation keeps the role matrix it was set up with (init stores it), so new actions reach
it only through a migration. The stored text is edited, not rewritten, so an admin's own changes
and comments stay; a document that would not parse afterwards is left as it was, and a role the
admin removed is not brought back.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence

import sqlalchemy as sa
from alembic import op

Grants = Mapping[str, Sequence[str]]  # role -> the actions it gains


def upgraded_roles(stored: str, grants: Grants) -> str:
    try:
        roles = tomllib.loads(stored).get("roles", {})
    except tomllib.TOMLDecodeError:
        return stored
    text = stored
    for role, wanted in grants.items():
        have = roles.get(role, {}).get("actions")
        missing = [a for a in wanted if isinstance(have, list) and a not in have]
        if missing:
            text = _with_actions(text, role, missing)
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


def grant_actions(grants: Grants) -> None:
    """In the running migration: the stored matrix, if any, gains `grants`."""
    rewrite_roles(lambda stored: upgraded_roles(stored, grants))


def rewrite_roles(upgrade: Callable[[str], str]) -> None:
    """In the running migration: the stored matrix, if any, as `upgrade` returns it."""
    connection = op.get_bind()
    table = sa.table("installation", sa.column("key", sa.String), sa.column("value", sa.Text))
    stored = connection.execute(sa.select(table.c.value).where(table.c.key == "roles")).scalar()
    if stored is None:
        return
    updated = upgrade(stored)
    if updated != stored:
        connection.execute(sa.update(table).where(table.c.key == "roles").values(value=updated))

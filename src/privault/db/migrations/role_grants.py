"""Gives the roles of an installation's stored role matrix the actions a release adds.

An installation keeps the role matrix it was set up with (init stores it), so a new action
reaches an upgraded installation only through its migration. The stored text is edited, not
rewritten, so an admin's own changes and comments stay; a role the admin removed stays removed,
and a document that would not parse afterwards is left as it was.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping

import sqlalchemy as sa
from alembic import op


def with_grants(stored: str, wanted: Mapping[str, tuple[str, ...]]) -> str:
    try:
        roles = tomllib.loads(stored).get("roles", {})
    except tomllib.TOMLDecodeError:
        return stored
    text = stored
    for role, actions in wanted.items():
        have = roles.get(role, {}).get("actions")
        missing = [a for a in actions if isinstance(have, list) and a not in have]
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


def grant_actions(wanted: Mapping[str, tuple[str, ...]]) -> None:
    """Run inside a migration's upgrade: the stored matrix, if any, gains `wanted`."""
    rewrite_stored_roles(lambda stored: with_grants(stored, wanted))


def rewrite_stored_roles(rewrite: Callable[[str], str]) -> None:
    """Run inside a migration's upgrade: the stored matrix, if any, as `rewrite` returns it."""
    connection = op.get_bind()
    table = sa.table("installation", sa.column("key", sa.String), sa.column("value", sa.Text))
    stored = connection.execute(sa.select(table.c.value).where(table.c.key == "roles")).scalar()
    if stored is None:
        return
    updated = rewrite(stored)
    if updated != stored:
        connection.execute(sa.update(table).where(table.c.key == "roles").values(value=updated))

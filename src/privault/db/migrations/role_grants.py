"""Upgrade steps for an installation's stored role matrix: new actions reach the roles that
should hold them, in the text as stored, so an admin's own changes and comments stay."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping

import sqlalchemy as sa
from alembic import op


def with_new_actions(stored: str, new_actions: Mapping[str, tuple[str, ...]]) -> str:
    """Each role's missing actions put first in its list; a role the admin removed stays
    removed, and a document that would not parse afterwards is left as it was."""
    try:
        roles = tomllib.loads(stored).get("roles", {})
    except tomllib.TOMLDecodeError:
        return stored
    text = stored
    for role, wanted in new_actions.items():
        have = roles.get(role, {}).get("actions")
        missing = [a for a in wanted if isinstance(have, list) and a not in have]
        if missing:
            text = _with_actions(text, role, missing)
    return text if parses(text) else stored


def parses(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def _with_actions(text: str, role: str, missing: list[str]) -> str:
    """The actions put first in the role's list, whatever its layout."""
    start = re.compile(rf"^\[roles\.{re.escape(role)}\][^\[]*?^actions\s*=\s*\[", re.M | re.S)
    quoted = "".join(f' "{action}",' for action in missing)
    return start.sub(lambda m: m.group(0) + quoted, text, count=1)


def upgrade_stored_roles(upgraded: Callable[[str], str]) -> None:
    """Rewrite the installation's stored matrix with `upgraded` (none stored: nothing to do)."""
    connection = op.get_bind()
    table = sa.table("installation", sa.column("key", sa.String), sa.column("value", sa.Text))
    stored = connection.execute(sa.select(table.c.value).where(table.c.key == "roles")).scalar()
    if stored is None:
        return
    updated = upgraded(stored)
    if updated != stored:
        connection.execute(sa.update(table).where(table.c.key == "roles").values(value=updated))


def grant_actions(new_actions: Mapping[str, tuple[str, ...]]) -> None:
    """Run inside a migration's upgrade: the stored matrix, if any, gains `new_actions`."""
    upgrade_stored_roles(lambda stored: with_new_actions(stored, new_actions))


def with_new_role(stored: str, role: str, section: str) -> str:
    """A role the stored matrix lacks, appended as its TOML section; a matrix that already
    names it (the admin's own, or one they renamed back) is left as it is."""
    try:
        roles = tomllib.loads(stored).get("roles", {})
    except tomllib.TOMLDecodeError:
        return stored
    if role in roles:
        return stored
    text = stored.rstrip("\n") + "\n" + section
    return text if parses(text) else stored

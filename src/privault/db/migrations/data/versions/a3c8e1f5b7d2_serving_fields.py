"""the fields serving staff see: an upgraded installation's stored catalog marks the preset's
service-relevant fields `serving` (issue 15)

Revision ID: a3c8e1f5b7d2
Revises: f2b7d0e4a6c1
Create Date: 2026-12-03 18:30:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "a3c8e1f5b7d2"
down_revision = "f2b7d0e4a6c1"
branch_labels = None
depends_on = None

# The presets' serving fields when this revision was written (frozen here: a later preset edit
# must not change what this step did). Fields added to the presets with issue 15 (the
# restaurant's drinks and seating) are not added to an installation: its notice does not name
# them, so the shop adds them through its own catalog and notice.
SERVING = {
    "salon": ("hair_type", "skin_type", "allergies"),
    "restaurant": ("title", "favourite_dishes", "dietary_restrictions"),
}


def served(catalog: dict[str, Any], industry: str) -> dict[str, Any]:
    """The catalog with the industry's serving fields marked, where a field of that key exists,
    is not contact data and the shop has not said otherwise."""
    fields = catalog.get("fields", {})
    for key in SERVING.get(industry, ()):
        spec = fields.get(key)
        if isinstance(spec, dict) and spec.get("category") != "contact":
            spec.setdefault("serving", True)
    return catalog


def upgrade() -> None:
    connection = op.get_bind()
    table = sa.table("installation", sa.column("key", sa.String), sa.column("value", sa.Text))
    rows = dict(connection.execute(sa.select(table.c.key, table.c.value)).all())
    if "catalog" not in rows:
        return
    catalog = served(json.loads(rows["catalog"]), rows.get("industry", ""))
    value = json.dumps(catalog, ensure_ascii=False)
    connection.execute(sa.update(table).where(table.c.key == "catalog").values(value=value))


def downgrade() -> None:
    connection = op.get_bind()
    table = sa.table("installation", sa.column("key", sa.String), sa.column("value", sa.Text))
    stored = connection.execute(sa.select(table.c.value).where(table.c.key == "catalog")).scalar()
    if stored is None:
        return
    catalog = json.loads(stored)
    for spec in catalog.get("fields", {}).values():
        spec.pop("serving", None)
    value = json.dumps(catalog, ensure_ascii=False)
    connection.execute(sa.update(table).where(table.c.key == "catalog").values(value=value))

"""data keys without rowid

Revision ID: 5d2f7a9c1e40
Revises: 8110712277ec
Create Date: 2026-11-23 11:20:00
"""

from __future__ import annotations

from alembic import op

from privault.db.migrations.table_rebuild import rebuild

revision = "5d2f7a9c1e40"
down_revision = "8110712277ec"
branch_labels = None
depends_on = None

_DATA_KEYS = """
    customer_id VARCHAR(36) NOT NULL,
    kek_id VARCHAR(64) NOT NULL,
    kek_version INTEGER NOT NULL,
    wrapped BLOB NOT NULL,
    created_at DATETIME NOT NULL,
    CONSTRAINT pk_data_keys PRIMARY KEY (customer_id)
"""


def upgrade() -> None:
    # Every view of a customer reads its key by id: one B-tree instead of index plus table.
    _data_keys(with_rowid=False)


def downgrade() -> None:
    _data_keys(with_rowid=True)


def _data_keys(*, with_rowid: bool) -> None:
    if op.get_bind().dialect.name == "sqlite":
        rebuild("data_keys", _DATA_KEYS, key="customer_id", indexes=[], with_rowid=with_rowid)

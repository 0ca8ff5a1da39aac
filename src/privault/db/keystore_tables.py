"""Tables of the keystore database, which lives apart from the data database (DESIGN §3.3)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, MetaData, String, Table

from privault.db.tables import NAMING
from privault.db.types import UtcDateTime

keystore_metadata = MetaData(naming_convention=NAMING)

data_keys = Table(
    "data_keys",
    keystore_metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("kek_id", String(64), nullable=False),
    Column("kek_version", Integer, nullable=False),
    Column("wrapped", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    sqlite_with_rowid=False,  # read by id on every view: one B-tree, not index plus table
)

# Which customers were crypto-shredded, kept beside the keys: a data backup restored later still
# holds their rows, and this list is how the restore knows to remove them again.
shredded = Table(
    "shredded",
    keystore_metadata,
    Column("customer_id", String(36), primary_key=True),
    Column("shredded_at", UtcDateTime, nullable=False),
    Column("reason", String(300), nullable=False),
)

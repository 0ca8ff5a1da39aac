"""Copies of customer data outside the tables: which export held whom, where its file was
written, and the recipients told of a correction or an erasure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, insert, select, update

from privault.db.erasure import delete_in
from privault.db.tables import export_files, export_holdings, exports, recipient_notices

_CHUNK = 900  # ids per statement, under every driver's parameter limit


class Holding(NamedTuple):
    """One export that held one customer: who asked for it, which fields, where it went."""

    export_id: str
    customer_id: str
    requested_by: str
    fields: tuple[str, ...]
    path: str | None  # None: no file recorded (a download before this table existed)
    is_removed: bool


class RecipientNotice(NamedTuple):
    at: datetime
    customer_id: str
    request_id: str | None
    export_id: str
    recipient: str
    change: str  # corrected, erased
    fields: tuple[str, ...]


class CopyRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def hold(self, export_id: str, held: Sequence[tuple[str, tuple[str, ...]]]) -> None:
        """Per customer written to the export's file, the fields it holds."""
        rows = [{"export_id": export_id, "customer_id": c, "fields": " ".join(f)} for c, f in held]
        if rows:
            self._c.execute(insert(export_holdings), rows)

    def file_written(self, export_id: str, path: str, at: datetime) -> None:
        self._c.execute(insert(export_files).values(export_id=export_id, path=path, written_at=at))

    def file_removed(self, export_id: str, at: datetime) -> None:
        self._c.execute(
            update(export_files).where(export_files.c.export_id == export_id).values(removed_at=at)
        )

    def holdings(self, ids: Sequence[str]) -> list[Holding]:
        """In chunks: a retention sweep erases a batch of thousands at once."""
        found: list[Holding] = []
        for start in range(0, len(ids), _CHUNK):
            found += self._holdings(list(ids[start : start + _CHUNK]))
        return found

    def _holdings(self, ids: list[str]) -> list[Holding]:
        query = (
            select(
                export_holdings.c.export_id,
                export_holdings.c.customer_id,
                exports.c.requested_by,
                export_holdings.c.fields,
                export_files.c.path,
                export_files.c.removed_at,
            )
            .join(exports, exports.c.id == export_holdings.c.export_id)
            .outerjoin(export_files, export_files.c.export_id == export_holdings.c.export_id)
            .where(export_holdings.c.customer_id.in_(ids))
            .order_by(export_holdings.c.export_id, export_holdings.c.customer_id)
        )
        return [
            Holding(e, c, by, tuple(fields.split()), path, removed is not None)
            for e, c, by, fields, path, removed in self._c.execute(query)
        ]

    def release(self, ids: Sequence[str]) -> None:
        """Erased customers: no row names them as held any more (the notices keep the fact)."""
        delete_in(self._c, export_holdings, export_holdings.c.customer_id, ids)

    def note(self, notices: Sequence[RecipientNotice]) -> None:
        rows = [{**n._asdict(), "fields": " ".join(n.fields)} for n in notices]
        if rows:
            self._c.execute(insert(recipient_notices), rows)

    def notices(self, request_id: str) -> list[RecipientNotice]:
        query = (
            select(recipient_notices)
            .where(recipient_notices.c.request_id == request_id)
            .order_by(recipient_notices.c.id)
        )
        return [
            RecipientNotice(
                r.at,
                r.customer_id,
                r.request_id,
                r.export_id,
                r.recipient,
                r.change,
                tuple(r.fields.split()),
            )
            for r in self._c.execute(query)
        ]

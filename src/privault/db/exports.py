"""Export requests and their decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from privault.db.tables import exports
from privault.domain.exports import ExportFormat, ExportRequest, ExportStatus


def _request(row: Any) -> ExportRequest:
    m = row._mapping
    return ExportRequest(
        id=m["id"],
        requested_by=m["requested_by"],
        requested_at=m["requested_at"],
        format=ExportFormat(m["format"]),
        fields=tuple(m["fields"].split()),
        stores=tuple(m["stores"].split()),
        purpose=m["purpose"],
        row_count=m["row_count"],
        status=ExportStatus(m["status"]),
        decided_by=m["decided_by"],
        decided_at=m["decided_at"],
        note=m["note"],
        downloaded_at=m["downloaded_at"],
        purpose_note=m["purpose_note"],
        masked=bool(m["masked"]),
        left_out_no_basis=m["left_out_no_basis"],
        left_out_restricted=m["left_out_restricted"],
    )


class ExportRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, request: ExportRequest) -> None:
        values = {**vars(request)}
        values["format"] = request.format.value
        values["status"] = request.status.value
        values["fields"] = " ".join(request.fields)
        values["stores"] = " ".join(request.stores)
        self._c.execute(insert(exports).values(**values))

    def get(self, export_id: str, *, for_update: bool = False) -> ExportRequest | None:
        query = select(exports).where(exports.c.id == export_id)
        if for_update:
            query = query.with_for_update()
        found = self._c.execute(query).first()
        return _request(found) if found else None

    def recent(self, *, limit: int) -> list[ExportRequest]:
        query = select(exports).order_by(exports.c.requested_at.desc()).limit(limit)
        return [_request(r) for r in self._c.execute(query)]

    def page(
        self,
        *,
        status: str | None,
        requested_by: str | None,
        offset: int,
        limit: int,
        oldest_first: bool = False,
    ) -> list[ExportRequest]:
        """The latest asked first (or the earliest), filtered in the database so every page is
        full."""
        c = exports.c
        when = c.requested_at.asc() if oldest_first else c.requested_at.desc()
        query = select(exports).order_by(when, c.id).offset(offset).limit(limit)
        if status is not None:
            query = query.where(c.status == status)
        if requested_by is not None:
            query = query.where(c.requested_by == requested_by)
        return [_request(r) for r in self._c.execute(query)]

    def decide(
        self, export_id: str, status: ExportStatus, by: str, at: datetime, note: str | None
    ) -> None:
        self._c.execute(
            update(exports)
            .where(exports.c.id == export_id)
            .values(status=status.value, decided_by=by, decided_at=at, note=note)
        )

    def downloaded(self, export_id: str, at: datetime, *, no_basis: int, restricted: int) -> None:
        self._c.execute(
            update(exports)
            .where(exports.c.id == export_id)
            .values(
                status=ExportStatus.DOWNLOADED.value,
                downloaded_at=at,
                left_out_no_basis=no_basis,
                left_out_restricted=restricted,
            )
        )

"""Import progress, committed with every batch so an interrupted import resumes where it stopped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select, update

from privault.db.tables import import_runs


@dataclass(frozen=True)
class ImportProgress:
    run_id: int
    rows_done: int
    imported: int
    rejected: int
    is_finished: bool


class ImportRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def start_or_resume(
        self, file_sha256: str, options_sha256: str, now: datetime
    ) -> ImportProgress:
        query = select(import_runs).where(
            import_runs.c.file_sha256 == file_sha256, import_runs.c.options_sha256 == options_sha256
        )
        found = self._c.execute(query).first()
        if found:
            return ImportProgress(
                found.id,
                found.rows_done,
                found.imported,
                found.rejected,
                found.finished_at is not None,
            )
        inserted = self._c.execute(
            insert(import_runs).values(
                file_sha256=file_sha256,
                options_sha256=options_sha256,
                rows_done=0,
                imported=0,
                rejected=0,
                started_at=now,
            )
        )
        run_id = inserted.inserted_primary_key
        if run_id is None:
            raise RuntimeError("the database returned no id for the import run")
        return ImportProgress(int(run_id[0]), 0, 0, 0, is_finished=False)

    def advance(self, progress: ImportProgress, *, finished_at: datetime | None = None) -> None:
        self._c.execute(
            update(import_runs)
            .where(import_runs.c.id == progress.run_id)
            .values(
                rows_done=progress.rows_done,
                imported=progress.imported,
                rejected=progress.rejected,
                finished_at=finished_at,
            )
        )

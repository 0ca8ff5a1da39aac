"""A long-running process checkpoints SQLite's write-ahead log from its own thread, so no
commit pays for a checkpoint, and the log still does not grow without bound."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import Engine, text

from privault.db.unit_of_work import Database


def _autocheckpoint(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one())


def _write_megabytes(engine: Engine, megabytes: int) -> None:
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS filler (blob BLOB)"))
        for _ in range(megabytes):
            connection.execute(text("INSERT INTO filler VALUES (randomblob(1048576))"))


def _database(tmp_path: Path, *, long_running: bool) -> Database:
    return Database(
        f"sqlite:///{tmp_path / 'data.db'}",
        f"sqlite:///{tmp_path / 'keys.db'}",
        long_running=long_running,
    )


def test_a_command_keeps_sqlites_automatic_checkpoint(tmp_path: Path) -> None:
    database = _database(tmp_path, long_running=False)
    assert _autocheckpoint(database.data_engine) == 1000
    assert "wal-checkpoints" not in {t.name for t in threading.enumerate()}
    database.dispose()


def test_a_long_running_process_checkpoints_in_its_own_thread(tmp_path: Path) -> None:
    database = _database(tmp_path, long_running=True)
    assert _autocheckpoint(database.data_engine) == 0
    assert _autocheckpoint(database.keystore_engine) == 0
    assert "wal-checkpoints" in {t.name for t in threading.enumerate()}
    database.dispose()
    assert "wal-checkpoints" not in {t.name for t in threading.enumerate()}


def test_the_log_is_reused_after_each_checkpoint_instead_of_growing(tmp_path: Path) -> None:
    database = _database(tmp_path, long_running=True)
    checkpointer = database._checkpointer
    assert checkpointer is not None
    checkpointer.stop()  # the test takes the checkpoints itself, at known moments
    wal = tmp_path / "data.db-wal"
    for _ in range(3):
        _write_megabytes(database.data_engine, 2)
        checkpointer.checkpoint()
    reused = wal.stat().st_size
    for _ in range(3):
        _write_megabytes(database.data_engine, 2)  # no checkpoints: the log grows
    grown = wal.stat().st_size
    database.dispose()
    assert reused < 3 * 2**20 < 6 * 2**20 < grown

"""Engines for the data and keystore databases, with SQLite tuned for a single shop server."""

from __future__ import annotations

import os
import select
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

SIDE_FILES = ("-wal", "-shm", "-journal")
CONNECTION_OK = 0  # libpq's ConnStatusType for a usable connection


def make_engine(
    url: str,
    *,
    lock_on_begin: bool = True,
    background_checkpoints: bool = False,
    connections: int | None = None,
) -> Engine:
    """`lock_on_begin=False` for the keystore: most of its transactions only read keys.
    `background_checkpoints`: a WalCheckpointer does SQLite's checkpoints, not the commits.
    `connections`: how many a server keeps open (one per request it handles at once)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        # Kept open, never closed on return: a connection opened per request beyond the pool
        # costs a PostgreSQL backend start, which cut a server's lookups by a third.
        sized = {} if connections is None else {"pool_size": connections}
        engine = create_engine(url, max_overflow=connections or 10, **sized)
        event.listen(engine, "checkout", _check_alive)
        return engine
    if parsed.database and parsed.database != ":memory:":
        _private_file(Path(parsed.database))
    engine = create_engine(url, connect_args={"timeout": 30})
    event.listen(engine, "connect", _configure_sqlite)
    if background_checkpoints:
        event.listen(engine, "connect", _no_auto_checkpoint)
    event.listen(engine, "begin", _begin_immediate if lock_on_begin else _begin_deferred)
    return engine


def _check_alive(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled PostgreSQL connection is checked before each use without a round trip (a
    `SELECT 1` ping was one more round trip per use case, a fifth of a short request): an
    idle connection is sent nothing unless its server ended it (a restart, an administrator's
    terminate), so a socket with something to read, or closed, is replaced by the pool."""
    pgconn = getattr(dbapi_connection, "pgconn", None)
    if pgconn is None:  # another driver: the plain ping
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        except Exception as error:
            raise exc.DisconnectionError from error
        finally:
            cursor.close()
        return
    if dbapi_connection.closed or dbapi_connection.broken or pgconn.status != CONNECTION_OK:
        raise exc.DisconnectionError
    try:
        pending, _, _ = select.select([pgconn.socket], [], [], 0)
    except Exception as error:  # the driver's own error for a socket already gone
        raise exc.DisconnectionError from error
    if pending:
        raise exc.DisconnectionError


def _private_file(database: Path) -> None:
    """The database for this OS user only (0600), created so before SQLite opens it, whatever
    the umask: SQLite gives its -wal and -shm files the database file's mode. An older file
    another user could read is closed, with its -wal and -shm."""
    missing = [p for p in database.parents if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
        folder.chmod(0o700)  # mkdir's mode passes through the umask
    try:
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        for path in (database, *(database.with_name(database.name + s) for s in SIDE_FILES)):
            if path.exists() and path.stat().st_mode & 0o077:
                path.chmod(path.stat().st_mode & 0o700)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, decide where transactions begin (SQLAlchemy's own recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # WAL with NORMAL survives a process crash; an OS crash may lose the last commits only.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _no_auto_checkpoint(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


def _begin_deferred(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _begin_immediate(connection: Any) -> None:
    # Every use case writes its audit row, so take the write lock up front (no upgrade deadlock);
    # a read-only unit of work writes nothing and leaves the lock to the writers.
    if connection.get_execution_options().get("privault_read_only"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

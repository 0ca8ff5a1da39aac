"""WAL checkpoints for a long-running process, taken by a thread of their own.

SQLite copies its write-ahead log back into the database file once the log passes 1000 pages,
inside whichever commit crossed the line: that one request waits 20-30 ms. A server (or any
long-running process) turns the automatic checkpoint off and lets this thread checkpoint once
a second in PASSIVE mode, which never blocks readers or writers. Short-lived commands (the CLI)
keep SQLite's automatic checkpoint."""

from __future__ import annotations

import threading

from sqlalchemy import Engine

INTERVAL_SECONDS = 1.0


class WalCheckpointer:
    def __init__(self, engines: list[Engine], interval: float = INTERVAL_SECONDS) -> None:
        self._engines = [e for e in engines if e.dialect.name == "sqlite"]
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoints", daemon=True)

    @property
    def is_needed(self) -> bool:
        return bool(self._engines)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        self.checkpoint()  # leave the log short for the next process

    def checkpoint(self) -> None:
        for engine in self._engines:
            # The bare driver connection runs in autocommit (engine.py), outside the BEGIN
            # IMMEDIATE a SQLAlchemy transaction would take.
            raw = engine.raw_connection()
            try:
                raw.driver_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")  # type: ignore[union-attr]
            finally:
                raw.close()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.checkpoint()

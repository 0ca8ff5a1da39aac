"""A thread that asks, once a minute, for the jobs that are due to run (in the server or in
`privault worker`). Which jobs, and who runs each, is the services' business; this only ticks."""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable

INTERVAL_SECONDS = 60.0
logger = logging.getLogger(__name__)


def worker_name() -> str:
    """Names the lease holder in job runs: which machine and process ran a job."""
    return f"{socket.gethostname()}:{os.getpid()}"


class JobLoop:
    def __init__(self, tick: Callable[[], object], interval: float = INTERVAL_SECONDS) -> None:
        self._tick = tick
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scheduled-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def run_forever(self) -> None:
        """In the foreground (`privault worker`), until interrupted."""
        self._run()

    def _run(self) -> None:
        while True:
            try:
                self._tick()
            except Exception as exc:  # a database restart must not end the loop
                logger.warning("scheduled jobs could not run: %s", exc.__class__.__name__)
            if self._stop.wait(self._interval):
                return

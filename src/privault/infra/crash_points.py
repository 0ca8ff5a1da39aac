"""Fixed points where the kill -9 tests stop a long operation, named by PRIVAULT_CRASH_AT.

A test that kills a process after a sleep proves nothing repeatable: the operation may not have
begun or may have finished. Each long operation calls `crash_point("backup.keystore-written")` and
the like where a crash matters; with PRIVAULT_CRASH_AT set to that name the process SIGKILLs
itself there, as a power cut or the OOM killer would. Unset (every real installation), a crash point
is one dict lookup.
"""

from __future__ import annotations

import os
import signal

ENVIRONMENT_NAME = "PRIVAULT_CRASH_AT"


def crash_point(name: str) -> None:
    if os.environ.get(ENVIRONMENT_NAME) == name:
        os.kill(os.getpid(), signal.SIGKILL)

"""Files only this OS user can read, never written over: exports and request answers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO


def open_private(path: Path) -> IO[str]:
    """Created for this OS user only (0600); an existing file is never overwritten."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")

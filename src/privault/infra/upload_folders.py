"""A private folder per upload, removed when its import ends however it ends; and the folders
a killed worker could not remove, swept by the next upload.

An upload holds clear personal data. `finally` removes it when the import returns or raises,
but not when the worker is killed (the OOM killer, kill -9): such a folder outlives it, so each
new upload first removes the folders older than any import can run.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from privault.infra.private_files import private_folder


@contextmanager
def upload_folder(root: Path, *, stale_after_seconds: float) -> Iterator[Path]:
    sweep_stale(private_folder(root), stale_after_seconds)
    folder = private_folder(root / uuid.uuid4().hex)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sweep_stale(root: Path, stale_after_seconds: float) -> int:
    """Removes the folders under `root` untouched for longer than an import may run."""
    cutoff = time.time() - stale_after_seconds
    removed = 0
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed

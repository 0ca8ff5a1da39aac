"""Files and folders only this OS user can read, never written over: exports, request answers,
backups, and the installation's own folders."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

OWNER_ONLY_UMASK = 0o077  # what privault creates is its owner's alone unless it says otherwise
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def open_private(path: Path) -> IO[str]:
    """Created for this OS user only (0600); an existing file is never overwritten."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    return os.fdopen(fd, "w", encoding="utf-8", newline="")


def write_private_bytes(path: Path, content: bytes) -> None:
    """As `open_private`, for bytes written at once (a sealed file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)


def keep_private() -> None:
    """Every file and folder this process (and any process it starts) creates from now on is
    for this OS user only, whatever umask the shell or service manager gave it: a folder made
    by `mkdir(parents=True)`, a SQLite -wal file, a file a library writes."""
    os.umask(OWNER_ONLY_UMASK)


def private_folder(path: Path) -> Path:
    """`path` and every missing folder above it, for this OS user only (0700); `path` itself
    is privault's, so an existing one is closed too. Folders above it that exist are the
    shop's and stay as they are."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
    os.chmod(path, FOLDER_MODE)  # mkdir's mode passes through the umask
    for folder in missing[1:]:
        os.chmod(folder, FOLDER_MODE)
    return path


def close_to_others(path: Path) -> None:
    """Removes every permission of group and others from an existing file or folder; a
    symbolic link is left alone (changing it would change what it points to)."""
    found = path.lstat()
    if not stat.S_ISLNK(found.st_mode) and found.st_mode & 0o077:
        os.chmod(path, stat.S_IMODE(found.st_mode) & ~0o077)

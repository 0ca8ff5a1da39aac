"""Files written under a hidden name beside their final one and renamed once complete, and the
lock under which the next writer finds and removes what a killed one left.

A backup killed half-way (kill -9, a power cut, the OOM killer) runs no cleanup: its hidden
files stay. The lock file lists the files in the making, wherever they are (a backup written
with `--to` sits outside the folder), so the next holder of the lock knows them all; the lock
itself is the kernel's, released when its holder dies, so a killed writer never blocks the next.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

PARTIAL = ".partial"


class FolderBusyError(Exception):
    """Another process holds the folder's lock."""


def staged_name(final: Path) -> Path:
    """Hidden and in the same folder as `final` (so the rename is atomic); never the name of a
    finished file."""
    return final.with_name(f".{final.name}{PARTIAL}")


def create_staged(path: Path) -> BinaryIO:
    """For this OS user only (0600) whatever the umask; never over an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "wb")


def finish(out: BinaryIO) -> None:
    """The content on disk before the rename, so a renamed file is never an empty one."""
    out.flush()
    os.fsync(out.fileno())


def publish(staged: Path, final: Path) -> None:
    os.replace(staged, final)
    sync_folder(final.parent)


def sync_folder(folder: Path) -> None:
    """A rename or an unlink lasts once the folder itself is on disk."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def is_staged(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(PARTIAL)


class Workshop:
    """One writer's hold on the lock; `note` lists its files in the making in the lock file."""

    def __init__(self, lock: int, found: list[Path]) -> None:
        self._lock = lock
        self.leftovers = found

    def note(self, paths: Iterable[Path]) -> None:
        listed = "".join(f"{p}\n" for p in paths).encode()
        os.ftruncate(self._lock, 0)
        os.pwrite(self._lock, listed, 0)
        os.fsync(self._lock)


@contextmanager
def workshop(lock: Path, *folders: Path) -> Iterator[Workshop]:
    """Holds the lock file `lock`; on entry every hidden staged file in `folders`, and every
    one the lock file lists, is a leftover of a killed writer and is removed (found in
    `Workshop.leftovers`). Raises FolderBusyError when another process holds the lock."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusyError(str(lock)) from None
        held = Workshop(fd, _remove(_leftovers(fd, folders)))
        held.note([])
        yield held
        held.note([])
    finally:
        os.close(fd)


def _leftovers(lock: int, folders: tuple[Path, ...]) -> list[Path]:
    listed = os.pread(lock, 1 << 16, 0).decode(errors="replace").splitlines()
    found = {Path(line) for line in listed if line}
    for folder in folders:
        found.update(folder.glob(f".*{PARTIAL}"))
    return sorted(p for p in found if is_staged(p))


def _remove(paths: list[Path]) -> list[Path]:
    removed = []
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    for folder in {p.parent for p in removed}:
        sync_folder(folder)
    return removed

"""The SMS gateway interface and a file outbox that stands in for one during development."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Collection
from datetime import datetime
from pathlib import Path
from typing import IO, Protocol, runtime_checkable

from privault.infra.clock import Clock, utc_now


class SmsGateway(Protocol):
    def send(self, to: str, text: str) -> None: ...


@runtime_checkable
class KeptMessages(Protocol):
    """A gateway that keeps what it sent on this machine (the development outbox): what it
    keeps must go once it is no longer needed, or once the person it was sent to is erased."""

    def expire(self, before: datetime) -> int: ...

    def forget(self, numbers: Collection[str]) -> int: ...

    def is_empty(self) -> bool: ...


Line = dict[str, str]


class FileOutbox:
    """One JSON line per message. It holds numbers and codes, so only this OS user reads it, and
    nothing stays longer than a code lives (`expire`) or past its addressee's erasure (`forget`).
    Every change holds an exclusive lock on the file, so two processes never lose a line."""

    def __init__(self, path: Path, *, clock: Clock = utc_now) -> None:
        self.path = path
        self._clock = clock

    def send(self, to: str, text: str) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        line = json.dumps(
            {"at": self._clock().isoformat(), "to": to, "text": text}, ensure_ascii=False
        )
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            handle.write(line + "\n")

    def messages(self) -> list[Line]:
        """What was sent and is still kept, oldest first (for development and tests)."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def is_empty(self) -> bool:
        return not self.path.exists() or self.path.stat().st_size == 0

    def expire(self, before: datetime) -> int:
        """Drops the messages sent before `before`; returns how many."""
        return self._drop(lambda m: datetime.fromisoformat(m["at"]) < before)

    def forget(self, numbers: Collection[str]) -> int:
        """Drops every message sent to one of `numbers`; returns how many."""
        wanted = set(numbers)
        return self._drop(lambda m: m["to"] in wanted) if wanted else 0

    def _drop(self, gone: Callable[[Line], bool]) -> int:
        """Rewritten in place under the lock: a sender waiting on the lock appends to this
        same file afterwards (a rename would leave it writing to a removed one)."""
        if self.is_empty():
            return 0
        with open(self.path, "r+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            lines = [line for line in handle.read().splitlines() if line.strip()]
            kept = [line for line in lines if not gone(json.loads(line))]
            if len(kept) < len(lines):
                _rewrite(handle, kept)
        return len(lines) - len(kept)


def _rewrite(handle: IO[str], lines: list[str]) -> None:
    handle.seek(0)
    handle.truncate()
    handle.write("".join(f"{line}\n" for line in lines))
    handle.flush()
    os.fsync(handle.fileno())

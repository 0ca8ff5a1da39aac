"""The SMS gateway interface and a file outbox that stands in for one during development."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol


class SmsGateway(Protocol):
    def send(self, to: str, text: str) -> None: ...


class FileOutbox:
    """One JSON line per message. It holds numbers and codes, so only this OS user reads it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def send(self, to: str, text: str) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        line = json.dumps(
            {"at": datetime.now(UTC).isoformat(), "to": to, "text": text}, ensure_ascii=False
        )
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def messages(self) -> list[dict[str, str]]:
        """What was sent, oldest first (for development and tests)."""
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

"""The local master key file and the separate keys derived from it with HKDF."""

from __future__ import annotations

import base64
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from privault.domain.errors import ConfigurationError

KEY_BYTES = 32


@dataclass(frozen=True)
class MasterKey:
    """Versioned root secrets; every working key is derived for one job only (DESIGN §5)."""

    key_id: str
    active_version: int
    secrets: dict[int, bytes]

    def derive(self, purpose: str, *, version: int | None = None) -> bytes:
        secret = self.secrets[self.active_version if version is None else version]
        hkdf = HKDF(
            algorithm=hashes.SHA256(),
            length=KEY_BYTES,
            salt=None,
            info=f"privault/{purpose}".encode(),
        )
        return hkdf.derive(secret)


def load_or_create(path: Path) -> MasterKey:
    """Read the key file, creating it with mode 0600 on first start."""
    if not path.exists():
        _create(path)
    _check_mode(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return MasterKey(
            key_id=str(document["key_id"]),
            active_version=int(document["active_version"]),
            secrets={int(v): base64.b64decode(s) for v, s in document["versions"].items()},
        )
    except (ValueError, KeyError) as exc:
        raise ConfigurationError(f"master key file {path} is unreadable: {exc}") from exc


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "key_id": "local-" + os.urandom(4).hex(),
        "active_version": 1,
        "versions": {"1": base64.b64encode(os.urandom(KEY_BYTES)).decode()},
    }
    # O_EXCL: two processes starting at once must not overwrite each other's key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(document, handle)


def _check_mode(path: Path) -> None:
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise ConfigurationError(
            f"master key file {path} is readable by other users; run: chmod 600 {path}"
        )

"""The data backups in $PRIVAULT_HOME/backups as the console shows them: listed, downloaded
(audited, like writing one) and restored by name once the person typed that name to confirm.

Only data archives are offered: a keystore archive holds the keys and never leaves the server
through a page; it lives only as long as the keystore retention allows (backups.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.services.installation.backups import (
    DATA,
    SUFFIX,
    RestoreResult,
    _taken_at,
    backups_dir,
    restore,
)
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class BackupFile:
    name: str
    size: int  # bytes
    taken_at: datetime | None  # from the name; None when the name carries no time


def list_backups(vault: Vault, actor: Actor) -> list[BackupFile]:
    """Newest first; file names and sizes only, so reading them is not an audited event."""
    with use_case(vault, actor) as uc:
        uc.require(Action.BACKUP)
    folder = backups_dir(vault)
    found = sorted(folder.glob(f"{DATA}-*{SUFFIX}")) if folder.is_dir() else []
    files = [BackupFile(p.name, p.stat().st_size, _stamp_of(p.name)) for p in found]
    return sorted(files, key=lambda f: f.name, reverse=True)


def backup_file(vault: Vault, actor: Actor, name: str) -> Path:
    """The archive to send; the trail records who took a copy of which one."""
    with use_case(vault, actor) as uc:
        uc.require(Action.BACKUP)
        path = _named(vault, name)
        uc.record(Action.BACKUP, reason=f"data archive {path.name} downloaded")
        uc.commit()
        return path


def restore_named(vault: Vault, actor: Actor, name: str, confirm: str) -> RestoreResult:
    """A restore replaces every customer record: the person types the archive's name first."""
    with use_case(vault, actor) as uc:
        uc.require(Action.RESTORE)
    path = _named(vault, name)
    if confirm.strip() != path.name:
        raise InvalidInputError(
            "type the backup's name, {name}, to confirm the restore",
            field="confirm",
            params={"name": path.name},
        )
    return restore(vault, actor, path)


def _named(vault: Vault, name: str) -> Path:
    """A data archive of the backup folder, by its bare name (no folder can be named)."""
    cleaned = name.strip()
    if not cleaned.startswith(f"{DATA}-") or not cleaned.endswith(SUFFIX) or "/" in cleaned:
        raise InvalidInputError("choose one of the listed backups", field="name")
    path = backups_dir(vault) / cleaned
    if "\\" in cleaned or cleaned in {".", ".."} or not path.is_file():
        raise NotFoundError("no backup named {name}", params={"name": cleaned})
    return path


def _stamp_of(name: str) -> datetime | None:
    return _taken_at(name[len(DATA) + 1 :][: len("20261123T093000Z")])

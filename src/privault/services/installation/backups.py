"""Encrypted backups of the data database, short-lived keystore backups, and restores that never
bring an erased customer back (DESIGN §3.3).

The data archive holds no key: its customers are readable only while their data keys live in the
keystore. Erasure deletes a key there, and keystore backups are deleted after
`keystore_backup_days`, so after that window no copy of an erased customer can be read. A restore
also erases again, at once, every restored customer whom the current keystore lists as shredded
or holds no key for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from privault.crypto.archive import ArchiveKeys, ArchiveWriter, open_archive, verify_archive
from privault.db import backup as dumps
from privault.db.erasure import Tombstone
from privault.db.unit_of_work import UnitOfWork
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.infra.crash_points import crash_point
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

DATA, KEYSTORE = "data", "keystore"
SUFFIX = ".pvbak"
ERASED_SINCE = "erased after this backup was taken"
_STAMP = "%Y%m%dT%H%M%SZ"
_REASON = 300  # audit_events.reason


@dataclass(frozen=True)
class BackupResult:
    file: Path
    size: int
    created_at: datetime
    revision: str
    tables: dict[str, int]  # rows per table, counts only
    keystore_file: Path
    keystore_tables: dict[str, int]
    keystore_backups_deleted: int


@dataclass(frozen=True)
class RestoreResult:
    file: Path
    taken_at: datetime
    revision: str
    tables: dict[str, int]
    customers_erased_again: int


def backups_dir(vault: Vault) -> Path:
    return vault.settings.home / "backups"


def back_up(vault: Vault, actor: Actor, to: Path | None = None) -> BackupResult:
    """Both archives are written beside their final names and renamed only once complete and
    audited: a half-written archive never looks like a backup."""
    chosen = _new_file(to) if to is not None else None
    now = _allowed(vault, actor, Action.BACKUP)
    target = chosen or _free_name(backups_dir(vault), DATA, now)
    keystore_dir = backups_dir(vault) / KEYSTORE
    keystore_target = _free_name(keystore_dir, KEYSTORE, now)
    staged = [_partial(target), _partial(keystore_target)]
    try:
        revision, tables, keystore_tables = _write_both(vault, staged, now)
        expired = expired_keystore_backups(keystore_dir, now - _keystore_window(vault))
        reason = (
            f"data archive {target.name}: {sum(tables.values())} rows in {len(tables)} tables; "
            f"keystore archive {keystore_target.name}; "
            f"{len(expired)} keystore backups past retention deleted"
        )
        _record_backup(vault, actor, reason)
        crash_point("backup.recorded")
        os.replace(staged[0], target)
        crash_point("backup.keystore-renamed")
        os.replace(staged[1], keystore_target)
    finally:
        for path in staged:
            path.unlink(missing_ok=True)
    for path in expired:
        path.unlink(missing_ok=True)
    return BackupResult(
        target, target.stat().st_size, now, revision, tables, keystore_target, keystore_tables,
        len(expired),
    )  # fmt: skip


def _allowed(vault: Vault, actor: Actor, action: Action) -> datetime:
    """The policy check, on its own: the dump reads a snapshot on a connection of its own, and
    keeping a unit of work open through it would hold SQLite's write lock, and stop the shop,
    for the whole dump. Returns the time the backup or restore starts."""
    with use_case(vault, actor) as uc:
        uc.require(action)
        uc.commit()
        return uc.now


def _write_both(
    vault: Vault, staged: list[Path], now: datetime
) -> tuple[str, dict[str, int], dict[str, int]]:
    """The data archive and the keystore archive: the data revision and both table counts."""
    keys = ArchiveKeys.from_key_file(vault.settings.key_file)
    # Data first: a customer erased between the two snapshots has no key in the keystore
    # archive, while one registered in between only leaves an unused key there.
    revision, tables = _write(vault, DATA, staged[0], keys, now)
    crash_point("backup.data-written")
    _, keystore_tables = _write(vault, KEYSTORE, staged[1], keys, now)
    crash_point("backup.keystore-written")
    return revision, tables, keystore_tables


def _record_backup(vault: Vault, actor: Actor, reason: str) -> None:
    """Once both archives are complete, before they take their names."""
    with use_case(vault, actor) as uc:
        uc.record(Action.BACKUP, reason=reason[:_REASON])
        uc.commit()


def expired_keystore_backups(folder: Path, before: datetime) -> list[Path]:
    """Keystore backups taken before `before`, by the time in their names."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob(f"{KEYSTORE}-*{SUFFIX}")):
        taken = _taken_at(path.name[len(KEYSTORE) + 1 :][: len("20261123T093000Z")])
        if taken is not None and taken < before:
            found.append(path)
    return found


def restore(vault: Vault, actor: Actor, file: Path) -> RestoreResult:
    """The whole archive is checked before the database is touched; the load, the erasures it
    calls for and the audit event then commit together or not at all."""
    path = _existing_file(file)
    _allowed(vault, actor, Action.RESTORE)
    keys = ArchiveKeys.from_key_file(vault.settings.key_file)
    try:
        verify_archive(path, keys, kind=DATA)
        crash_point("restore.verified")
        result = _load(vault, actor, path, keys)
    except InvalidInputError as refusal:
        with use_case(vault, actor) as uc:
            reason = f"archive refused: {refusal.reason}"
            uc.refuse(Action.RESTORE, refusal, reason=reason[:_REASON])
    vault.forget_catalog()
    return result


def _load(vault: Vault, actor: Actor, path: Path, keys: ArchiveKeys) -> RestoreResult:
    with use_case(vault, actor) as uc, path.open("rb") as stream:
        header, chunks = open_archive(stream, keys, kind=DATA)
        _check_revision(uc.uow, header.revision)
        tables = uc.uow.backup.load(chunks)
        crash_point("restore.loaded")
        erased = _erase_again(uc)
        summary = (
            f"restored the data backup taken {header.created_at:%Y-%m-%d %H:%M} UTC: "
            f"{sum(tables.values())} rows in {len(tables)} tables; "
            f"{len(erased)} customers {ERASED_SINCE} erased again"
        )
        uc.record_all(
            [Entry(Action.RESTORE, reason=summary)]
            + [Entry(Action.RESTORE, cid, reason=ERASED_SINCE) for cid in erased]
        )
        crash_point("restore.recorded")
        uc.commit()
    crash_point("restore.committed")
    return RestoreResult(path, header.created_at, header.revision, tables, len(erased))


def _check_revision(uow: UnitOfWork, revision: str) -> None:
    current = uow.backup.revision()
    if revision != current:
        raise InvalidInputError(
            "it was made at database revision {revision} and this installation "
            "is at {current}; restore it with the privault version that made it",
            field="archive",
            params={"revision": revision, "current": current},
        )


def _erase_again(uc: UseCase) -> list[str]:
    """Restored customers whose key the keystore shredded, or never had, go again."""
    ids = uc.uow.backup.customer_ids()
    keystore = uc.uow.data_keys
    gone = sorted(keystore.shredded_among(ids) | (set(ids) - keystore.has_keys(ids)))
    uc.uow.erasure.erase([Tombstone(cid, uc.now, uc.actor.name, ERASED_SINCE) for cid in gone])
    for cid in gone:
        uc.vault.keys.forget(cid)
    return gone


def _write(
    vault: Vault, kind: str, path: Path, keys: ArchiveKeys, now: datetime
) -> tuple[str, dict[str, int]]:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, dumps.dump(vault.database, kind) as dumped:
        writer = ArchiveWriter(out, keys, keys.header(kind, dumped.revision, now))
        for number, line in enumerate(dumped.lines):
            writer.write(line)
            if number == 0:
                crash_point(f"backup.{kind}-partly-written")
        writer.finish()
        out.flush()
        os.fsync(out.fileno())
    return dumped.revision, dict(dumped.counts)


def _keystore_window(vault: Vault) -> timedelta:
    return timedelta(days=vault.settings.keystore_backup_days)


def _free_name(folder: Path, kind: str, now: datetime) -> Path:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    stem = f"{kind}-{now.astimezone(UTC).strftime(_STAMP)}"
    candidate, number = folder / f"{stem}{SUFFIX}", 2
    while candidate.exists() or _partial(candidate).exists():
        candidate, number = folder / f"{stem}-{number}{SUFFIX}", number + 1
    return candidate


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.partial")


def _taken_at(stamp: str) -> datetime | None:
    try:
        return datetime.strptime(stamp + "+0000", "%Y%m%dT%H%M%SZ%z")
    except ValueError:
        return None


def _new_file(to: Path) -> Path:
    target = to.expanduser().resolve()
    if target.is_dir():
        raise InvalidInputError("give a file name, not a folder", field="to")
    if target.exists():
        raise InvalidInputError("a file of that name exists; choose a new name", field="to")
    if not target.parent.is_dir():
        raise InvalidInputError(
            "folder {folder} does not exist", field="to", params={"folder": target.parent}
        )
    return target


def _existing_file(file: Path) -> Path:
    path = file.expanduser().resolve()
    if not path.is_file():
        raise InvalidInputError("no archive at {path}", field="file", params={"path": path})
    return path

"""Encrypted backups of the data database, short-lived keystore backups, and restores that never
bring an erased customer back (DESIGN §3.3).

The data archive holds no key: its customers are readable only while their data keys live in the
keystore. Erasure deletes a key there, and keystore backups are deleted after
`keystore_backup_days`, so after that window no copy of an erased customer can be read; what a
killed backup left is removed by the next one, so a crash never keeps a copy longer. A restore
also erases again, at once, every restored customer whom the current keystore lists as shredded
or holds no key for, and keeps the record of each erasure as it was first made.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from privault.crypto.archive import ArchiveKeys, ArchiveWriter, open_archive, verify_archive
from privault.db import backup as dumps
from privault.db.erasure import Tombstone
from privault.db.unit_of_work import UnitOfWork
from privault.domain.errors import ConflictError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.infra.crash_points import crash_point
from privault.infra.private_files import private_folder
from privault.infra.staged_files import (
    FolderBusyError,
    Workshop,
    create_staged,
    finish,
    publish,
    staged_name,
    sync_folder,
    workshop,
)
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault

DATA, KEYSTORE = "data", "keystore"
SUFFIX = ".pvbak"
ERASED_SINCE = "erased after this backup was taken"
LOCK_NAME = ".backup.lock"
BUSY = "another backup is running; try again when it has finished"
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
    unfinished_removed: int  # files a killed backup left, removed before this one began


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
    audited: a half-written archive never looks like a backup. What a killed backup left is
    removed first, so no keystore copy outlives the keystore retention after any crash."""
    chosen = _new_file(to) if to is not None else None
    now = _allowed(vault, actor, Action.BACKUP)
    folder = backups_dir(vault)
    with one_backup_at_a_time(vault) as held:
        finals = [
            chosen or _free_name(folder, DATA, now),
            _free_name(folder / KEYSTORE, KEYSTORE, now),
        ]
        staged = [staged_name(path) for path in finals]
        held.note(staged)
        try:
            revision, tables, keystore_tables = _write_both(vault, staged, now)
            expired = expired_keystore_backups(folder / KEYSTORE, now - keystore_window(vault))
            _record_backup(vault, actor, _summary(finals, tables, expired, held.leftovers))
            crash_point("backup.recorded")
            publish(staged[1], finals[1])  # keystore first: a data archive in place means both are
            crash_point("backup.keystore-renamed")
            publish(staged[0], finals[0])
        finally:
            for path in staged:
                path.unlink(missing_ok=True)
        delete_files(expired)
    return BackupResult(
        finals[0], finals[0].stat().st_size, now, revision, tables, finals[1], keystore_tables,
        len(expired), len(held.leftovers),
    )  # fmt: skip


@contextmanager
def one_backup_at_a_time(vault: Vault) -> Iterator[Workshop]:
    """Two backups at once would each take the other's files in the making for leftovers.
    The lock sits in the home, so the backup folders hold only backups."""
    folder = backups_dir(vault)
    private_folder(folder / KEYSTORE)
    private_folder(folder)
    try:
        with workshop(vault.settings.home / LOCK_NAME, folder, folder / KEYSTORE) as held:
            yield held
    except FolderBusyError:
        raise ConflictError(BUSY) from None


def _summary(
    finals: list[Path], tables: dict[str, int], expired: list[Path], leftovers: list[Path]
) -> str:
    return (
        f"data archive {finals[0].name}: {sum(tables.values())} rows in {len(tables)} tables; "
        f"keystore archive {finals[1].name}; "
        f"{len(expired)} keystore backups past retention deleted; "
        f"{len(leftovers)} files of an interrupted backup removed"
    )


def delete_files(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
    for folder in {p.parent for p in paths}:
        sync_folder(folder)


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
    """Restored customers whose key the keystore shredded, or never had, go again; those
    erased since the backup keep the tombstone of their erasure (the restore kept it)."""
    ids = uc.uow.backup.customer_ids()
    keystore = uc.uow.data_keys
    gone = sorted(keystore.shredded_among(ids) | (set(ids) - keystore.has_keys(ids)))
    buried = uc.uow.erasure.tombstones(gone)
    uc.uow.erasure.remove(gone)
    now, by = uc.now, uc.actor.name
    uc.uow.erasure.bury([Tombstone(c, now, by, ERASED_SINCE) for c in gone if c not in buried])
    for cid in gone:
        uc.vault.keys.forget(cid)
    return gone


def _write(
    vault: Vault, kind: str, path: Path, keys: ArchiveKeys, now: datetime
) -> tuple[str, dict[str, int]]:
    with create_staged(path) as out, dumps.dump(vault.database, kind) as dumped:
        writer = ArchiveWriter(out, keys, keys.header(kind, dumped.revision, now))
        for number, line in enumerate(dumped.lines):
            writer.write(line)
            if number == 0:
                crash_point(f"backup.{kind}-partly-written")
        writer.finish()
        finish(out)
    return dumped.revision, dict(dumped.counts)


def keystore_window(vault: Vault) -> timedelta:
    return timedelta(days=vault.settings.keystore_backup_days)


def _free_name(folder: Path, kind: str, now: datetime) -> Path:
    stem = f"{kind}-{now.astimezone(UTC).strftime(_STAMP)}"
    candidate, number = folder / f"{stem}{SUFFIX}", 2
    while candidate.exists() or staged_name(candidate).exists():
        candidate, number = folder / f"{stem}-{number}{SUFFIX}", number + 1
    return candidate


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

"""Backups and restores: a customer erased after a backup stays erased after restoring it; a
damaged, cut or foreign archive and a failed restore change nothing."""

from __future__ import annotations

import fcntl
import shutil
import stat
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import delete, func, select

from privault.config import Settings
from privault.crypto.archive import ArchiveKeys, open_archive
from privault.db import backup as dumps
from privault.db.backup import BackupRepository
from privault.db.bulk import insert_rows as real_insert
from privault.db.inspection import table_counts
from privault.db.keystore_tables import data_keys
from privault.db.tables import blind_indexes, consent_events, customers
from privault.domain.audit import AuditEvent, Outcome
from privault.domain.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.domain.requests import RequestStatus
from privault.services.audit.events import list_audit_events
from privault.services.audit.trail import verify_audit_trail
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import find_customers, get_customer, reveal_field
from privault.services.installation.backups import ERASED_SINCE, BackupResult, back_up, restore
from privault.services.requests.answers import fulfil_request
from privault.services.requests.handling import get_request, open_request
from privault.services.requests.verification import verify_request
from privault.services.vault import Vault, open_vault
from tests.conftest import START, FrozenClock
from tests.factories import MEMBER, register

ADMIN = Actor(name="admin.test", roles=frozenset({"admin"}))
FRONT_DESK = Actor(name="desk.test", roles=frozenset({"front_desk"}))
GONE_MOBILE, KEPT_MOBILE = "13812345678", "13900000001"


def _rows_of(vault: Vault, customer_id: str) -> dict[str, int]:
    # Counts rows in SQL: services refuse an erased customer, so only SQL shows none are left.
    counts = {}
    with vault.database.data_engine.connect() as connection:
        for table, column in (
            (customers, customers.c.id),
            (blind_indexes, blind_indexes.c.customer_id),
            (consent_events, consent_events.c.customer_id),
        ):
            query = select(func.count()).select_from(table).where(column == customer_id)
            counts[table.name] = int(connection.execute(query).scalar_one())
    return counts


def _last_event(vault: Vault, operator: Actor) -> AuditEvent:
    return next(
        e for e in list_audit_events(vault, operator, limit=5) if e.action != Action.AUDIT_READ
    )


def _without_audit(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if k not in ("audit_events", "alerts")}


def test_a_customer_erased_after_a_backup_stays_erased_after_restoring_it(
    vault: Vault, operator: Actor
) -> None:
    kept = register(vault, operator, {"name": "李四", "mobile": KEPT_MOBILE}, MEMBER)
    gone = register(vault, operator, {"name": "张三", "mobile": GONE_MOBILE}, MEMBER)
    made = back_up(vault, ADMIN)
    erase_customer(vault, operator, gone, reason="customer asked")

    done = restore(vault, ADMIN, made.file)

    assert (done.customers_erased_again, done.tables["customers"]) == (1, 2)
    # Reads the keystore: no service shows whether a customer's data key still exists.
    with vault.unit_of_work() as uow:
        assert uow.data_keys.has_keys([gone, kept]) == {kept}
    with pytest.raises(NotFoundError, match="was erased on 2026-11-23"):
        get_customer(vault, operator, gone)
    with pytest.raises(NotFoundError, match="was erased"):
        reveal_field(vault, operator, gone, "mobile", "service")
    assert find_customers(vault, operator, "mobile", GONE_MOBILE).total == 0
    assert _rows_of(vault, gone) == {"customers": 0, "blind_indexes": 0, "consent_events": 0}
    assert get_customer(vault, operator, kept).fields["name"] == "李*"
    assert reveal_field(vault, operator, kept, "mobile", "service") == KEPT_MOBILE
    assert find_customers(vault, operator, "mobile", KEPT_MOBILE).total == 1
    restored = [e for e in list_audit_events(vault, operator) if e.action == Action.RESTORE]
    assert {(e.customer_id, e.reason) for e in restored if e.customer_id} == {(gone, ERASED_SINCE)}
    # The trail is append-only: the restore is recorded in it, and the erasure made after the
    # backup is still there.
    erased = [e for e in list_audit_events(vault, operator, customer_id=gone)]
    assert [e.reason for e in erased if e.action == Action.ERASE] == ["customer asked"]
    assert verify_audit_trail(vault, operator).problem_count == 0
    # Ids continue after the restored rows (PostgreSQL sequences reset).
    register(vault, operator, {"name": "王五", "mobile": "13900000002"}, MEMBER)


def test_a_restore_keeps_the_original_erasure_record_and_the_completed_deletion_request(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    gone = register(vault, operator, {"name": "张三", "mobile": GONE_MOBILE}, MEMBER)
    made = back_up(vault, ADMIN)
    clock.advance(days=3)
    asked = open_request(vault, operator, gone, "deletion", "store")
    verify_request(vault, operator, asked.id, "in_person", note="resident ID card at counter")
    fulfil_request(vault, operator, asked.id)
    answered = get_request(vault, operator, asked.id)
    with vault.unit_of_work() as uow:
        stone = uow.erasure.tombstone(gone)
    clock.advance(days=2)

    assert restore(vault, ADMIN, made.file).customers_erased_again == 1

    with vault.unit_of_work() as uow:
        assert uow.erasure.tombstone(gone) == stone
    assert stone is not None
    assert (stone.erased_at, stone.request_id) == (START + timedelta(days=3), asked.id)
    assert get_request(vault, operator, asked.id) == answered
    assert answered.status is RequestStatus.COMPLETED
    with pytest.raises(NotFoundError, match="was erased on 2026-11-26"):
        get_customer(vault, operator, gone)
    assert _rows_of(vault, gone) == {"customers": 0, "blind_indexes": 0, "consent_events": 0}


def test_a_restored_customer_whose_key_the_keystore_lacks_is_erased_again(
    vault: Vault, operator: Actor
) -> None:
    """A key lost from the keystore by other means (say, a keystore restored by hand) counts
    as shredded: the restored rows could never be read anyway."""
    keyless = register(vault, operator, {"name": "张三", "mobile": GONE_MOBILE}, MEMBER)
    made = back_up(vault, ADMIN)
    with vault.database.keystore_engine.begin() as connection:
        connection.execute(delete(data_keys).where(data_keys.c.customer_id == keyless))

    assert restore(vault, ADMIN, made.file).customers_erased_again == 1

    assert _rows_of(vault, keyless) == {"customers": 0, "blind_indexes": 0, "consent_events": 0}
    with pytest.raises(NotFoundError, match=ERASED_SINCE):
        get_customer(vault, operator, keyless)


def test_a_backup_is_a_private_file_holding_every_data_table_and_no_key(
    vault: Vault, operator: Actor
) -> None:
    register(vault, operator, {"name": "李四", "mobile": KEPT_MOBILE}, MEMBER)

    made = back_up(vault, ADMIN)

    assert made.file.parent == vault.settings.home / "backups"
    assert made.file.name == "data-20261123T093000Z.pvbak"
    assert stat.S_IMODE(made.file.stat().st_mode) == 0o600
    assert made.size == made.file.stat().st_size
    assert (made.tables["customers"], made.keystore_tables["data_keys"]) == (1, 1)
    assert made.keystore_file.parent == vault.settings.home / "backups" / "keystore"
    assert stat.S_IMODE(made.keystore_file.stat().st_mode) == 0o600
    assert _tables_in(vault, made.file) == set(dumps.METADATA["data"].tables)
    assert "data_keys" not in made.tables
    assert [p.name for p in made.file.parent.iterdir() if p.name.startswith(".")] == []
    event = _last_event(vault, operator)
    assert (event.action, event.actor, event.outcome) == (Action.BACKUP, "admin.test", "allowed")
    assert event.reason is not None
    assert event.reason.startswith("data archive data-20261123T093000Z.pvbak:")


def _tables_in(vault: Vault, file: Path) -> set[str]:
    keys = ArchiveKeys.from_key_file(vault.settings.key_file)
    with file.open("rb") as stream:
        _, chunks = open_archive(stream, keys, kind="data")
        text = b"".join(chunks).decode()
    return {line.split('"')[3] for line in text.splitlines() if line.startswith('{"table"')}


def test_a_backup_goes_to_the_file_named_and_never_over_another(
    vault: Vault, tmp_path: Path
) -> None:
    target = tmp_path / "shop.pvbak"
    assert back_up(vault, ADMIN, target).file == target
    with pytest.raises(InvalidInputError, match="to: a file of that name exists"):
        back_up(vault, ADMIN, target)
    with pytest.raises(InvalidInputError, match=r"to: folder .* does not exist"):
        back_up(vault, ADMIN, tmp_path / "nowhere" / "x.pvbak")


def test_keystore_backups_past_retention_are_deleted_by_the_next_backup(
    vault: Vault, clock: FrozenClock
) -> None:
    first = back_up(vault, ADMIN)
    clock.advance(days=20)
    second = back_up(vault, ADMIN)
    assert second.keystore_backups_deleted == 0
    clock.advance(days=11)

    third = back_up(vault, ADMIN)

    assert third.keystore_backups_deleted == 1
    assert not first.keystore_file.exists()
    assert second.keystore_file.exists()
    assert third.keystore_file.exists()
    assert first.file.exists()  # data archives hold no keys: the shop decides how long


def test_a_backup_while_another_runs_is_refused_and_touches_nothing(vault: Vault) -> None:
    """Each would take the other's files in the making for a killed backup's leftovers."""
    first = back_up(vault, ADMIN)
    files = sorted(vault.settings.home.joinpath("backups").rglob("*"))
    # Held as a running backup holds it: the kernel's lock on the file, released at death.
    with vault.settings.home.joinpath(".backup.lock").open("a+b") as running:
        fcntl.flock(running.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(ConflictError, match="another backup is running"):
            back_up(vault, ADMIN)
    assert sorted(vault.settings.home.joinpath("backups").rglob("*")) == files
    assert back_up(vault, ADMIN).unfinished_removed == 0
    assert first.keystore_file.exists()


def test_keystore_retention_below_one_day_is_refused(home: Path) -> None:
    with pytest.raises(ValidationError, match="KEYSTORE_BACKUP_DAYS must be at least 1"):
        Settings(home=home, keystore_backup_days=0)


def test_front_desk_may_not_back_up_or_restore_and_the_refusal_is_audited(
    vault: Vault, operator: Actor
) -> None:
    made = back_up(vault, ADMIN)
    files = sorted(vault.settings.home.joinpath("backups").rglob("*.pvbak"))
    with pytest.raises(PolicyDeniedError, match=r"may not backup\.create"):
        back_up(vault, FRONT_DESK)
    assert _last_event(vault, operator).outcome == Outcome.DENIED
    with pytest.raises(PolicyDeniedError, match=r"may not backup\.restore"):
        restore(vault, FRONT_DESK, made.file)
    assert sorted(vault.settings.home.joinpath("backups").rglob("*.pvbak")) == files


def _flipped(made: BackupResult, tmp_path: Path) -> Path:
    raw = bytearray(made.file.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    (tmp_path / "flipped.pvbak").write_bytes(bytes(raw))
    return tmp_path / "flipped.pvbak"


def _truncated(made: BackupResult, tmp_path: Path) -> Path:
    raw = made.file.read_bytes()
    (tmp_path / "cut.pvbak").write_bytes(raw[: len(raw) - 30])
    return tmp_path / "cut.pvbak"


@pytest.fixture
def foreign_vault(
    sqlite_templates: dict[str, Path], tmp_path: Path, clock: FrozenClock
) -> Iterator[Vault]:
    """A second installation: same preset and schema, its own master key."""
    home = tmp_path / "other"
    shutil.copytree(sqlite_templates["salon"], home)
    (home / "master.key").unlink()
    opened = open_vault(Settings(home=home, database_url="", keystore_url=""), create=True)
    opened.clock = clock
    yield opened
    opened.close()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("flipped", "damaged at part|not made by this installation"),
        ("truncated", "truncated"),
        ("foreign", r"not made by this installation \(or is damaged\)"),
        ("keystore", "a keystore archive, not a data archive"),
    ],
)
def test_a_damaged_cut_or_foreign_archive_is_refused_and_changes_nothing(
    vault: Vault,
    operator: Actor,
    foreign_vault: Vault,
    tmp_path: Path,
    damage: str,
    message: str,
) -> None:
    made = back_up(vault, ADMIN)
    register(vault, operator, {"name": "李四", "mobile": KEPT_MOBILE}, MEMBER)
    archive = {
        "flipped": lambda: _flipped(made, tmp_path),
        "truncated": lambda: _truncated(made, tmp_path),
        "foreign": lambda: back_up(foreign_vault, ADMIN).file,
        "keystore": lambda: made.keystore_file,
    }[damage]()
    before = table_counts(vault.database)

    with pytest.raises(InvalidInputError, match=message):
        restore(vault, ADMIN, archive)

    after = table_counts(vault.database)
    assert after["audit_events"] == before["audit_events"] + 1
    assert _without_audit(after) == _without_audit(before)
    event = _last_event(vault, operator)
    assert (event.action, event.outcome) == (Action.RESTORE, Outcome.DENIED)
    assert find_customers(vault, operator, "mobile", KEPT_MOBILE).total == 1


def test_an_archive_of_another_schema_revision_is_refused(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = back_up(vault, ADMIN)
    monkeypatch.setattr(BackupRepository, "revision", lambda _self: "f00dfeed0001")
    before = _without_audit(table_counts(vault.database))
    with pytest.raises(InvalidInputError, match=r"database revision .* is at f00dfeed0001"):
        restore(vault, ADMIN, made.file)
    assert _without_audit(table_counts(vault.database)) == before


def test_a_restore_that_fails_half_way_leaves_the_installation_as_it_was(
    vault: Vault, operator: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    register(vault, operator, {"name": "张三", "mobile": GONE_MOBILE}, MEMBER)
    made = back_up(vault, ADMIN)
    added = register(vault, operator, {"name": "李四", "mobile": KEPT_MOBILE}, MEMBER)
    before = table_counts(vault.database)

    def insert_then_fail(connection: Any, table: Any, columns: Any, rows: Any) -> None:
        real_insert(connection, table, columns, rows)
        if table.name == "consent_events":  # customers and their indexes are in by now
            raise OSError("disk full")

    monkeypatch.setattr(dumps, "insert_rows", insert_then_fail)

    with pytest.raises(OSError, match="disk full"):
        restore(vault, ADMIN, made.file)

    assert table_counts(vault.database) == before
    assert reveal_field(vault, operator, added, "mobile", "service") == KEPT_MOBILE
    assert verify_audit_trail(vault, operator).problem_count == 0


def test_a_backup_interrupted_half_way_leaves_no_archive(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = table_counts(vault.database)

    def fail(*_args: Any) -> Iterator[bytes]:
        yield b'{"table":"installation","columns":["key","value"]}\n'
        raise OSError("disk full")

    monkeypatch.setattr(dumps, "_dump_lines", fail)
    with pytest.raises(OSError, match="disk full"):
        back_up(vault, ADMIN)

    assert list(vault.settings.home.joinpath("backups").rglob("*")) == [
        vault.settings.home / "backups" / "keystore"
    ]
    assert table_counts(vault.database) == before

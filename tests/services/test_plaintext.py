"""No personal value is ever written in clear: every file of an installation is scanned for them."""

from __future__ import annotations

import csv
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from privault.config import Settings
from privault.services.consents.ledger import withdraw_consents
from privault.services.customers.records import find_customers, get_customer, update_customer
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.installation.setup import init_installation
from privault.services.vault import Vault, open_vault
from tests.conftest import OPERATOR, SHOP, FrozenClock
from tests.factories import EVERYTHING_SALON, NOTICE, approve_preset_assessments, register

# Values that must never be found in clear; each is distinctive enough not to occur by chance.
REGISTERED = {
    "name": "欧阳青霞",
    "mobile": "+86 139-8765-4321",
    "email": "Qingxia.Ouyang@Example.com",
    "address": "上海市徐汇区漕溪北路88号",
    "birth_date": "1986-04-17",
    "allergies": "对染发剂中的对苯二胺过敏",
    "member_no": "vip-20260417",
}
MINOR = {"name": "司马小宇", "mobile": "13511223344", "birth_date": "2016-09-03"}
GUARDIAN = "司马建国"
IMPORTED = {
    "name": "慕容雪晴",
    "mobile": "13712349876",
    "email": "murong.xueqing@example.org",
    "address": "杭州市西湖区文三路456号",
    "birth_date": "1979-11-30",
    "member_no": "MR-778899",
}
UPDATED = {"address": "广州市天河区体育西路100号", "mobile": "13655501234"}
# The forms values take once normalised, as they would be stored or indexed.
NORMALISED = ["13987654321", "qingxia.ouyang@example.com", "VIP-20260417", "MR-778899"]


@pytest.fixture
def fresh_home(tmp_path: Path) -> Iterator[tuple[Settings, Vault]]:
    """Always SQLite, so that every byte the installation writes lies under its home."""
    home = tmp_path / "home"
    settings = Settings(home=home, database_url="", keystore_url="", master_key_file=None)
    init_installation(settings, "salon", officer="owner", clock=FrozenClock(), identity=SHOP)
    vault = open_vault(settings, clock=FrozenClock())
    approve_preset_assessments(vault)
    yield settings, vault
    vault.close()


def _files(home: Path) -> list[Path]:
    return sorted(p for p in home.rglob("*") if p.is_file())


def _leaks(home: Path, values: list[str]) -> list[tuple[str, str]]:
    found = []
    for path in _files(home):
        data = path.read_bytes()
        for value in values:
            encodings = ["utf-8", "utf-16-le"] if value.isascii() else ["utf-8"]
            found += [(path.name, value) for e in encodings if value.encode(e) in data]
    return found


def _populate(vault: Vault, tmp_path: Path) -> None:
    adult = register(vault, OPERATOR, REGISTERED, EVERYTHING_SALON)
    register(
        vault,
        OPERATOR,
        MINOR,
        ("service", "membership"),
        guardian_name=GUARDIAN,
        guardian_relation="父亲",
    )
    source = tmp_path / "import.csv"  # outside the home: only the installation is scanned
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([list(IMPORTED), list(IMPORTED.values())])
    report = import_customers(
        vault, OPERATOR, source, ImportOptions(NOTICE, ("service", "membership"))
    )
    assert (report.imported, report.rejected) == (1, 0)
    assert find_customers(vault, OPERATOR, "mobile", IMPORTED["mobile"]).total == 1
    assert get_customer(vault, OPERATOR, adult).fields["allergies"] == "******"
    update_customer(vault, OPERATOR, adult, UPDATED)
    withdrawal = withdraw_consents(vault, OPERATOR, adult, ["sensitive_care"], channel="store")
    assert withdrawal.deleted_fields == ["allergies"]


@pytest.mark.legal("PIPL Art. 51", "GB/T 35273-2020 §6.3", "GDPR Art. 32")
def test_no_personal_value_is_stored_in_clear_in_any_file_of_the_installation(
    fresh_home: tuple[Settings, Vault], tmp_path: Path
) -> None:
    settings, vault = fresh_home
    _populate(vault, tmp_path)
    values = [
        *REGISTERED.values(),
        *MINOR.values(),
        GUARDIAN,
        *IMPORTED.values(),
        *UPDATED.values(),
        *NORMALISED,
    ]
    names = {p.name for p in _files(settings.home)}
    assert {"privault.db", "keystore.db", "master.key"} <= names
    assert _leaks(settings.home, values) == []  # while open: WAL and shared-memory files too
    vault.close()
    assert _leaks(settings.home, values) == []


def test_the_scan_would_find_a_value_written_in_clear(
    fresh_home: tuple[Settings, Vault],
) -> None:
    settings, _ = fresh_home
    (settings.home / "stray.log").write_bytes("欧阳青霞".encode() + "VIP-1".encode("utf-16-le"))
    assert _leaks(settings.home, ["欧阳青霞", "VIP-1", "13987654321"]) == [
        ("stray.log", "欧阳青霞"),
        ("stray.log", "VIP-1"),
    ]


def test_the_master_key_file_is_readable_by_its_owner_only(
    fresh_home: tuple[Settings, Vault],
) -> None:
    settings, _ = fresh_home
    assert stat.S_IMODE(settings.key_file.stat().st_mode) == 0o600

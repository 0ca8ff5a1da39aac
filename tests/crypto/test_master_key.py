"""The master key file: created once with mode 0600, refused when others can read it, and the
separate keys HKDF derives from it for each job and each version."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from privault.crypto.master_key import KEY_BYTES, MasterKey, load_or_create
from privault.domain.errors import ConfigurationError


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_key_file_is_created_with_mode_0600_on_first_start(tmp_path: Path) -> None:
    path = tmp_path / "home" / "master.key"
    master = load_or_create(path)
    assert path.exists()
    assert _mode(path) == 0o600
    assert master.active_version == 1
    assert set(master.secrets) == {1}
    assert len(master.secrets[1]) == KEY_BYTES


def test_the_key_file_holds_its_id_and_versioned_secrets(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    master = load_or_create(path)
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["key_id"] == master.key_id
    assert master.key_id.startswith("local-")
    assert document["active_version"] == 1
    assert set(document["versions"]) == {"1"}


def test_an_existing_key_file_is_read_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    first = load_or_create(path)
    written = path.read_bytes()
    second = load_or_create(path)
    assert path.read_bytes() == written
    assert second == first


def test_two_installations_get_different_secrets(tmp_path: Path) -> None:
    one = load_or_create(tmp_path / "one.key")
    other = load_or_create(tmp_path / "other.key")
    assert one.key_id != other.key_id
    assert one.secrets[1] != other.secrets[1]


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660, 0o644, 0o620, 0o602])
def test_a_key_file_open_to_group_or_others_is_refused(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "master.key"
    load_or_create(path)
    path.chmod(mode)
    with pytest.raises(ConfigurationError, match="chmod 600") as raised:
        load_or_create(path)
    assert str(path) in raised.value.message


@pytest.mark.parametrize("mode", [0o400, 0o700])
def test_a_key_file_open_to_its_owner_only_is_accepted(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "master.key"
    created = load_or_create(path)
    path.chmod(mode)
    assert load_or_create(path) == created


@pytest.mark.parametrize(
    "content",
    ["not json", "{}", '{"key_id": "local-1", "active_version": 1}', '{"versions": {"1": "x"}}'],
)
def test_an_unreadable_key_file_is_refused_with_a_configuration_error(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "master.key"
    path.write_text(content, encoding="utf-8")
    path.chmod(0o600)
    with pytest.raises(ConfigurationError, match="unreadable"):
        load_or_create(path)


def _two_version_key() -> MasterKey:
    return MasterKey("local-test", 2, {1: b"\x01" * KEY_BYTES, 2: b"\x02" * KEY_BYTES})


def test_derived_keys_differ_per_purpose() -> None:
    master = _two_version_key()
    purposes = ["kek", "blind-index/mobile", "blind-index/mobile_tail", "audit-values"]
    keys = [master.derive(p) for p in purposes]
    assert len(set(keys)) == len(purposes)
    assert all(len(k) == KEY_BYTES for k in keys)
    assert master.secrets[2] not in keys


def test_derived_keys_differ_per_version() -> None:
    master = _two_version_key()
    assert master.derive("kek", version=1) != master.derive("kek", version=2)


def test_derivation_uses_the_active_version_unless_told_otherwise() -> None:
    master = _two_version_key()
    assert master.derive("kek") == master.derive("kek", version=2)


def test_derivation_is_deterministic() -> None:
    assert _two_version_key().derive("kek") == _two_version_key().derive("kek")


def test_derivation_for_an_unknown_version_fails() -> None:
    with pytest.raises(KeyError):
        _two_version_key().derive("kek", version=3)

"""Envelope encryption: fields sealed with AES-256-GCM bound to customer, field and key version;
data keys wrapped by a key-encryption key derived from the master key."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from privault.crypto.envelope import (
    FORMAT_V1,
    NONCE_BYTES,
    LocalKeyProvider,
    WrappedKey,
    decrypt_field,
    encrypt_field,
    new_data_key,
)
from privault.crypto.master_key import KEY_BYTES, MasterKey, load_or_create
from privault.domain.errors import ConfigurationError

CUSTOMER = "4b7c1f0e-0000-4000-8000-000000000001"
OTHER_CUSTOMER = "4b7c1f0e-0000-4000-8000-000000000002"
HEADER_BYTES = 3
TAG_BYTES = 16


@pytest.fixture
def aead() -> AESGCM:
    return AESGCM(new_data_key())


@pytest.fixture
def master(tmp_path: Path) -> MasterKey:
    return load_or_create(tmp_path / "master.key")


@pytest.mark.parametrize("value", ["13812345678", "欧阳娜娜", "", "对染发剂过敏 ✓", "a" * 1000])
def test_a_field_round_trips(aead: AESGCM, value: str) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "mobile", value)
    assert decrypt_field(aead, CUSTOMER, "mobile", sealed) == value


def test_the_ciphertext_does_not_contain_the_plaintext(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "mobile", "13812345678")
    assert b"13812345678" not in sealed


def test_a_ciphertext_opened_as_another_customers_fails(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "mobile", "13812345678")
    with pytest.raises(ConfigurationError, match="integrity"):
        decrypt_field(aead, OTHER_CUSTOMER, "mobile", sealed)


def test_a_ciphertext_opened_as_another_field_fails(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "mobile", "13812345678")
    with pytest.raises(ConfigurationError, match="integrity"):
        decrypt_field(aead, CUSTOMER, "email", sealed)


def test_a_ciphertext_opened_with_another_customers_key_fails(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "mobile", "13812345678")
    with pytest.raises(ConfigurationError):
        decrypt_field(AESGCM(new_data_key()), CUSTOMER, "mobile", sealed)


@pytest.mark.legal("GDPR Art. 32")
def test_every_tampered_byte_is_detected(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "name", "张三")
    for position in range(1, len(sealed)):  # byte 0 is the format, refused on its own below
        tampered = bytearray(sealed)
        tampered[position] ^= 0x01
        with pytest.raises(ConfigurationError):
            decrypt_field(aead, CUSTOMER, "name", bytes(tampered))


def test_a_truncated_ciphertext_is_detected(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "name", "张三")
    with pytest.raises(ConfigurationError):
        decrypt_field(aead, CUSTOMER, "name", sealed[:-1])


@pytest.mark.parametrize("length", [0, 1, HEADER_BYTES, HEADER_BYTES + 5])
def test_a_ciphertext_shorter_than_header_and_nonce_is_refused_as_corrupt(
    aead: AESGCM, length: int
) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "name", "张三")
    with pytest.raises(ConfigurationError, match="name"):
        decrypt_field(aead, CUSTOMER, "name", sealed[:length])


def test_the_header_carries_format_and_key_version(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "mobile", "13812345678", version=7)
    assert struct.unpack(">BH", sealed[:HEADER_BYTES]) == (FORMAT_V1, 7)
    assert len(sealed) == HEADER_BYTES + NONCE_BYTES + len(b"13812345678") + TAG_BYTES
    assert decrypt_field(aead, CUSTOMER, "mobile", sealed) == "13812345678"


def test_the_default_key_version_is_1(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "mobile", "13812345678")
    assert struct.unpack(">BH", sealed[:HEADER_BYTES]) == (FORMAT_V1, 1)


def test_a_ciphertext_relabelled_with_another_key_version_fails(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "mobile", "13812345678", version=1)
    relabelled = struct.pack(">BH", FORMAT_V1, 2) + sealed[HEADER_BYTES:]
    with pytest.raises(ConfigurationError, match="integrity"):
        decrypt_field(aead, CUSTOMER, "mobile", relabelled)


def test_an_unknown_ciphertext_format_is_refused(aead: AESGCM) -> None:
    sealed = encrypt_field(aead, CUSTOMER, "mobile", "13812345678")
    with pytest.raises(ConfigurationError, match="unknown ciphertext format 2"):
        decrypt_field(aead, CUSTOMER, "mobile", b"\x02" + sealed[1:])


def test_two_encryptions_of_the_same_value_differ(aead: AESGCM) -> None:
    one = encrypt_field(aead, CUSTOMER, "mobile", "13812345678")
    two = encrypt_field(aead, CUSTOMER, "mobile", "13812345678")
    assert one != two
    nonce = slice(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES)
    assert one[nonce] != two[nonce]


def test_data_keys_are_random_256_bit_keys() -> None:
    one, two = new_data_key(), new_data_key()
    assert len(one) == len(two) == 32
    assert one != two


def test_a_wrapped_data_key_unwraps_to_the_same_key(master: MasterKey) -> None:
    provider = LocalKeyProvider(master)
    dek = new_data_key()
    wrapped = provider.wrap(dek, customer_id=CUSTOMER)
    assert (wrapped.kek_id, wrapped.kek_version) == (master.key_id, master.active_version)
    assert dek not in wrapped.blob
    assert provider.unwrap(wrapped, customer_id=CUSTOMER) == dek


def test_another_provider_on_the_same_key_file_unwraps_it(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    dek = new_data_key()
    wrapped = LocalKeyProvider(load_or_create(path)).wrap(dek, customer_id=CUSTOMER)
    assert LocalKeyProvider(load_or_create(path)).unwrap(wrapped, customer_id=CUSTOMER) == dek


def test_wrapping_the_same_key_twice_gives_different_blobs(master: MasterKey) -> None:
    provider = LocalKeyProvider(master)
    dek = new_data_key()
    assert provider.wrap(dek, customer_id=CUSTOMER) != provider.wrap(dek, customer_id=CUSTOMER)


def test_a_data_key_wrapped_by_a_foreign_key_id_is_refused(master: MasterKey) -> None:
    provider = LocalKeyProvider(master)
    wrapped = provider.wrap(new_data_key(), customer_id=CUSTOMER)
    foreign = WrappedKey("local-elsewhere", wrapped.kek_version, wrapped.blob)
    with pytest.raises(ConfigurationError, match="local-elsewhere"):
        provider.unwrap(foreign, customer_id=CUSTOMER)


def test_a_data_key_wrapped_by_an_unknown_version_is_refused(master: MasterKey) -> None:
    provider = LocalKeyProvider(master)
    wrapped = provider.wrap(new_data_key(), customer_id=CUSTOMER)
    with pytest.raises(ConfigurationError, match="v9"):
        provider.unwrap(WrappedKey(wrapped.kek_id, 9, wrapped.blob), customer_id=CUSTOMER)


def test_a_data_key_from_another_installation_is_refused(tmp_path: Path) -> None:
    ours = LocalKeyProvider(load_or_create(tmp_path / "ours.key"))
    theirs = LocalKeyProvider(load_or_create(tmp_path / "theirs.key"))
    wrapped = theirs.wrap(new_data_key(), customer_id=CUSTOMER)
    with pytest.raises(ConfigurationError):
        ours.unwrap(wrapped, customer_id=CUSTOMER)


def test_a_wrapped_key_unwrapped_for_another_customer_fails(master: MasterKey) -> None:
    provider = LocalKeyProvider(master)
    wrapped = provider.wrap(new_data_key(), customer_id=CUSTOMER)
    with pytest.raises(ConfigurationError, match="integrity"):
        provider.unwrap(wrapped, customer_id=OTHER_CUSTOMER)


def test_a_tampered_wrapped_key_fails(master: MasterKey) -> None:
    provider = LocalKeyProvider(master)
    wrapped = provider.wrap(new_data_key(), customer_id=CUSTOMER)
    blob = bytearray(wrapped.blob)
    blob[-1] ^= 0x01
    tampered = WrappedKey(wrapped.kek_id, wrapped.kek_version, bytes(blob))
    with pytest.raises(ConfigurationError, match="integrity"):
        provider.unwrap(tampered, customer_id=CUSTOMER)


def test_wrapping_uses_the_active_version_and_old_versions_still_unwrap() -> None:
    old = MasterKey("local-rotating", 1, {1: b"\x01" * KEY_BYTES})
    rotated = MasterKey("local-rotating", 2, {1: b"\x01" * KEY_BYTES, 2: b"\x02" * KEY_BYTES})
    dek = new_data_key()
    wrapped_before = LocalKeyProvider(old).wrap(dek, customer_id=CUSTOMER)
    provider = LocalKeyProvider(rotated)
    wrapped_after = provider.wrap(dek, customer_id=CUSTOMER)
    assert (wrapped_before.kek_version, wrapped_after.kek_version) == (1, 2)
    assert provider.unwrap(wrapped_before, customer_id=CUSTOMER) == dek
    assert provider.unwrap(wrapped_after, customer_id=CUSTOMER) == dek

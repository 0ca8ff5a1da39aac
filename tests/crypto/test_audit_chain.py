"""The audit chain key: links are HMAC-SHA256; checkpoints are sealed with a key of their own."""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

import pytest

from privault.crypto.audit_chain import AuditChainKey, audit_chain_key
from privault.crypto.master_key import load_or_create


@pytest.mark.parametrize(
    ("key_size", "size"),
    [(32, 0), (32, 1), (32, 63), (32, 64), (32, 300), (64, 65), (65, 5000), (200, 9)],
)
def test_a_link_is_hmac_sha256_of_the_previous_link_and_the_payload(
    key_size: int, size: int
) -> None:
    key, previous, payload = os.urandom(key_size), os.urandom(32), os.urandom(size)
    chain = AuditChainKey(key)
    expected = hmac.digest(key, previous + payload, hashlib.sha256)
    assert chain.link(previous, payload) == expected
    assert chain.link(previous, payload) == expected  # the keyed state is not consumed


def test_a_checkpoint_mac_is_not_a_link() -> None:
    chain = AuditChainKey(os.urandom(32))
    payload = b"privault-audit-checkpoint/1\n..."
    mac = chain.checkpoint_mac(payload)
    assert mac != chain.link(b"", payload)
    assert chain.is_checkpoint_mac(payload, mac)
    assert not chain.is_checkpoint_mac(payload + b" ", mac)
    assert not AuditChainKey(os.urandom(32)).is_checkpoint_mac(payload, mac)


def test_the_chain_key_is_derived_from_the_master_key_alone(tmp_path: Path) -> None:
    master = load_or_create(tmp_path / "master.key")
    other = load_or_create(tmp_path / "other.key")
    assert audit_chain_key(master).link(b"", b"x") == audit_chain_key(master).link(b"", b"x")
    assert audit_chain_key(master).link(b"", b"x") != audit_chain_key(other).link(b"", b"x")

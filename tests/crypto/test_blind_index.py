"""Blind indexes: deterministic per index, keyed per index name, never a plain hash."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from privault.crypto.blind_index import DIGEST_BYTES, BlindIndexer
from privault.crypto.master_key import MasterKey, load_or_create


@pytest.fixture
def master(tmp_path: Path) -> MasterKey:
    return load_or_create(tmp_path / "master.key")


def test_a_digest_is_16_bytes(master: MasterKey) -> None:
    assert DIGEST_BYTES == 16
    assert len(BlindIndexer(master).digest("mobile", "13812345678")) == 16


def test_the_same_value_gives_the_same_digest_in_the_same_index(master: MasterKey) -> None:
    indexer = BlindIndexer(master)
    first = indexer.digest("mobile", "13812345678")
    indexer.digest("mobile", "13900000000")
    assert indexer.digest("mobile", "13812345678") == first


def test_a_new_indexer_on_the_same_key_gives_the_same_digest(tmp_path: Path) -> None:
    path = tmp_path / "master.key"
    one = BlindIndexer(load_or_create(path)).digest("email", "a@example.com")
    two = BlindIndexer(load_or_create(path)).digest("email", "a@example.com")
    assert one == two


def test_different_values_give_different_digests(master: MasterKey) -> None:
    indexer = BlindIndexer(master)
    assert indexer.digest("mobile", "13812345678") != indexer.digest("mobile", "13812345679")


def test_the_same_value_differs_across_index_names(master: MasterKey) -> None:
    indexer = BlindIndexer(master)
    digests = {indexer.digest(name, "5678") for name in ("mobile", "mobile_tail", "member_no")}
    assert len(digests) == 3


def test_the_same_value_differs_across_installations(tmp_path: Path) -> None:
    one = BlindIndexer(load_or_create(tmp_path / "one.key")).digest("mobile", "13812345678")
    two = BlindIndexer(load_or_create(tmp_path / "two.key")).digest("mobile", "13812345678")
    assert one != two


def test_a_digest_is_not_a_plain_sha256_of_the_value(master: MasterKey) -> None:
    digest = BlindIndexer(master).digest("mobile", "13812345678")
    plain = hashlib.sha256(b"13812345678").digest()
    assert digest != plain[:DIGEST_BYTES]
    assert digest not in plain


def test_a_digest_is_an_hmac_under_the_key_derived_for_that_index_alone(
    master: MasterKey,
) -> None:
    key = master.derive("blind-index/mobile")
    expected = hmac.new(key, b"13812345678", hashlib.sha256).digest()[:DIGEST_BYTES]
    assert BlindIndexer(master).digest("mobile", "13812345678") == expected
    assert key != master.derive("kek")


def test_non_ascii_values_are_indexed_as_utf8(master: MasterKey) -> None:
    indexer = BlindIndexer(master)
    assert indexer.digest("name", "张三") == indexer.digest("name", "张三")
    assert indexer.digest("name", "张三") != indexer.digest("name", "张四")

"""The sealed record: a customer's field ciphertexts packed into one length-prefixed blob."""

from __future__ import annotations

import pytest

from privault.db.sealed_record import pack, unpack


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"mobile": b"\x01\x00\x01" + bytes(range(40))},
        {"name": b"a", "mobile": b"bb", "email": b"ccc"},
        {"": b"value under an empty key"},
        {"empty": b""},
        {"过敏情况": b"\xff\x00", "姓名": b"\x00", "ключ": b"k"},
        {"k" * 255: b"x" * 70_000},
    ],
)
def test_a_record_round_trips(fields: dict[str, bytes]) -> None:
    assert unpack(pack(fields)) == fields


def test_an_empty_record_packs_to_nothing() -> None:
    assert pack({}) == b""
    assert unpack(b"") == {}


def test_packing_does_not_depend_on_insertion_order() -> None:
    assert pack({"a": b"1", "b": b"2"}) == pack({"b": b"2", "a": b"1"})


def test_values_that_look_like_length_prefixes_do_not_confuse_unpacking() -> None:
    fields = {"a": b"\x01b\x00\x00\x00\x01c", "b": b"\xff\xff\xff\xff"}
    assert unpack(pack(fields)) == fields


def test_the_layout_is_key_length_key_value_length_value() -> None:
    assert pack({"名": b"xy"}) == b"\x03" + "名".encode() + b"\x00\x00\x00\x02xy"

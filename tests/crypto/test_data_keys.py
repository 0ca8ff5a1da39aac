"""The data-key ring: new keys wrapped by the provider, unwrapped keys cached briefly, boundedly."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.crypto.data_keys import DataKeyRing
from privault.crypto.envelope import LocalKeyProvider, decrypt_field, encrypt_field
from privault.crypto.master_key import load_or_create
from privault.domain.errors import ConfigurationError


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def provider(tmp_path: Path) -> LocalKeyProvider:
    return LocalKeyProvider(load_or_create(tmp_path / "master.key"))


@pytest.fixture
def ticker() -> Ticker:
    return Ticker()


def test_a_created_key_is_wrapped_and_opens_what_it_sealed(provider: LocalKeyProvider) -> None:
    ring = DataKeyRing(provider)
    aead, wrapped = ring.create("c1")
    sealed = encrypt_field(aead, "c1", "name", "张三")
    reopened = DataKeyRing(provider).open("c1", wrapped)
    assert decrypt_field(reopened, "c1", "name", sealed) == "张三"


def test_each_customer_gets_its_own_key(provider: LocalKeyProvider) -> None:
    ring = DataKeyRing(provider)
    one, _ = ring.create("c1")
    other, _ = ring.create("c2")
    sealed = encrypt_field(one, "c1", "name", "张三")
    with pytest.raises(ConfigurationError):
        decrypt_field(other, "c1", "name", sealed)


def test_a_created_key_is_cached(provider: LocalKeyProvider, ticker: Ticker) -> None:
    ring = DataKeyRing(provider, monotonic=ticker)
    aead, _ = ring.create("c1")
    assert ring.cached("c1") is aead


def test_an_unknown_customer_has_no_cached_key(provider: LocalKeyProvider) -> None:
    assert DataKeyRing(provider).cached("nobody") is None


def test_a_cached_key_expires_after_its_ttl(provider: LocalKeyProvider, ticker: Ticker) -> None:
    ring = DataKeyRing(provider, ttl_seconds=60, monotonic=ticker)
    aead, _ = ring.create("c1")
    ticker.now += 59.9
    assert ring.cached("c1") is aead
    ticker.now += 0.2
    assert ring.cached("c1") is None


def test_an_expired_key_stays_gone_when_time_is_not_moved_back(
    provider: LocalKeyProvider, ticker: Ticker
) -> None:
    ring = DataKeyRing(provider, ttl_seconds=10, monotonic=ticker)
    ring.create("c1")
    ticker.now += 11
    assert ring.cached("c1") is None
    ticker.now -= 11
    assert ring.cached("c1") is None


def test_opening_a_key_again_refreshes_its_ttl(provider: LocalKeyProvider, ticker: Ticker) -> None:
    ring = DataKeyRing(provider, ttl_seconds=60, monotonic=ticker)
    _, wrapped = ring.create("c1")
    ticker.now += 50
    reopened = ring.open("c1", wrapped)
    ticker.now += 50
    assert ring.cached("c1") is reopened


def test_the_ring_holds_at_most_its_capacity_dropping_the_oldest(
    provider: LocalKeyProvider, ticker: Ticker
) -> None:
    ring = DataKeyRing(provider, capacity=2, monotonic=ticker)
    ring.create("c1")
    ring.create("c2")
    ring.create("c3")
    assert ring.cached("c1") is None
    assert ring.cached("c2") is not None
    assert ring.cached("c3") is not None


def test_a_reopened_key_is_the_last_to_be_evicted(
    provider: LocalKeyProvider, ticker: Ticker
) -> None:
    ring = DataKeyRing(provider, capacity=2, monotonic=ticker)
    _, wrapped = ring.create("c1")
    ring.create("c2")
    ring.open("c1", wrapped)
    ring.create("c3")
    assert ring.cached("c2") is None
    assert ring.cached("c1") is not None
    assert ring.cached("c3") is not None


def test_forget_drops_a_cached_key(provider: LocalKeyProvider, ticker: Ticker) -> None:
    ring = DataKeyRing(provider, monotonic=ticker)
    ring.create("c1")
    ring.create("c2")
    ring.forget("c1")
    assert ring.cached("c1") is None
    assert ring.cached("c2") is not None


def test_forgetting_an_unknown_customer_is_harmless(provider: LocalKeyProvider) -> None:
    ring = DataKeyRing(provider)
    ring.forget("nobody")
    assert ring.cached("nobody") is None


def test_opening_a_key_wrapped_for_another_customer_fails(provider: LocalKeyProvider) -> None:
    ring = DataKeyRing(provider)
    _, wrapped = ring.create("c1")
    with pytest.raises(ConfigurationError):
        ring.open("c2", wrapped)
    assert ring.cached("c2") is None

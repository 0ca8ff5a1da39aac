"""The HTTP SMS gateway adapter against a local provider: receipts, refusals, retries under one
idempotency key (so a retry never sends twice), and a provider that cannot be reached."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from privault.infra.senders import Outcome, Outgoing
from privault.infra.sms_http import HttpSmsGateway
from tests.infra.sms_provider import TOKEN, Provider, running_provider


def batch(*numbers: str) -> list[Outgoing]:
    return [Outgoing(f"d{i}", n, "", "【丽人】新品八折。回T退订") for i, n in enumerate(numbers)]


@pytest.fixture
def provider() -> Iterator[tuple[str, Provider]]:
    with running_provider() as running:
        yield running


def gateway(url: str, **terms: float) -> HttpSmsGateway:
    return HttpSmsGateway(url, TOKEN, sleep=lambda _: None, **terms)  # type: ignore[arg-type]


def test_each_message_gets_its_receipt(provider: tuple[str, Provider]) -> None:
    url, fake = provider
    receipts = gateway(url).send_batch(batch("13800000001", "0000"))
    assert [(r.key, r.outcome) for r in receipts] == [("d0", Outcome.SENT), ("d1", Outcome.FAILED)]
    assert receipts[0].ref == "m1"
    assert receipts[1].error == "invalid_number"
    assert [m["to"] for m in fake.delivered] == ["13800000001"]


def test_a_5xx_is_retried_under_the_same_key(provider: tuple[str, Provider]) -> None:
    url, fake = provider
    fake.fail_next = 2
    receipts = gateway(url).send_batch(batch("13800000001"))
    assert receipts[0].outcome is Outcome.SENT
    assert fake.calls == 3
    assert len(fake.delivered) == 1


def test_an_answer_lost_to_a_timeout_is_retried_without_a_second_send(
    provider: tuple[str, Provider],
) -> None:
    url, fake = provider
    fake.late_next, fake.late_seconds = 1, 1.0
    receipts = gateway(url, timeout=0.2).send_batch(batch("13800000001"))
    assert receipts[0].outcome is Outcome.SENT
    assert len(fake.delivered) == 1  # the retry was answered from the provider's record


def test_a_provider_failing_every_try_leaves_the_batch_lost(
    provider: tuple[str, Provider],
) -> None:
    url, fake = provider
    fake.fail_next = 5
    receipts = gateway(url).send_batch(batch("13800000001"))
    assert receipts[0].outcome is Outcome.LOST  # a 5xx may have been taken


def test_a_provider_that_refuses_connections_has_sent_nothing() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    receipts = gateway(f"http://127.0.0.1:{port}/v1/messages").send_batch(batch("13800000001"))
    assert receipts[0].outcome is Outcome.NOT_SENT

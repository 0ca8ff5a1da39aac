"""Marketing channel adapters: how a batch of messages leaves for a gateway and what came back.

Each adapter answers per message: sent, failed (the gateway refused it), not sent (never handed
over: safe to try again) or lost (handed over, answer lost). Whether a lost one may be sent again
depends on the adapter: only one whose gateway keeps idempotency keys may resend it safely."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from privault.infra.sms import SmsGateway


class Outcome(StrEnum):
    SENT = "sent"
    FAILED = "failed"
    NOT_SENT = "not_sent"
    LOST = "lost"


@dataclass(frozen=True)
class Outgoing:
    key: str  # the delivery's id: the gateway's idempotency key
    to: str
    subject: str
    body: str
    unsubscribe_url: str = ""  # email: the one-click link (RFC 8058)


@dataclass(frozen=True)
class Receipt:
    key: str
    outcome: Outcome
    ref: str = ""  # the gateway's message id
    error: str = ""  # the gateway's code, never its text (it may quote the number)


class Sender(Protocol):
    keeps_idempotency_keys: bool

    def send_batch(self, batch: Sequence[Outgoing]) -> list[Receipt]: ...


class OutboxSender:
    """Development: SMS into the file outbox, one line each; a local write loses no answer."""

    keeps_idempotency_keys = True

    def __init__(self, gateway: SmsGateway) -> None:
        self.gateway = gateway

    def send_batch(self, batch: Sequence[Outgoing]) -> list[Receipt]:
        for message in batch:
            self.gateway.send(message.to, message.body)
        return [Receipt(m.key, Outcome.SENT) for m in batch]


def unanswered(batch: Sequence[Outgoing], outcome: Outcome) -> list[Receipt]:
    return [Receipt(m.key, outcome) for m in batch]

"""Audit events: who touched which customer's which fields, why, and whether it was allowed."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum


class Outcome(StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"


@dataclass(frozen=True)
class AuditEvent:
    """Holds ids and field names only; a personal value never enters the trail."""

    at: datetime
    actor: str
    role: str
    store: str | None
    action: str
    outcome: Outcome
    request_id: str
    customer_id: str | None = None
    fields: tuple[str, ...] = ()
    purpose: str | None = None
    reason: str | None = None


def field_list(fields: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(fields)))


def chain_payload(event: AuditEvent, chain: int, seq: int) -> bytes:
    """The exact bytes an event's chain link covers: every column, its chain and position.

    `at` is written as UTC with microseconds so both databases give back the same text.
    """
    return SEPARATOR.join(
        (
            str(chain),
            str(seq),
            event.at.astimezone(UTC).strftime(TIME_FORMAT),
            event.actor,
            event.role,
            event.store or "",
            event.action,
            event.outcome.value,
            event.customer_id or "",
            ",".join(event.fields),
            event.purpose or "",
            event.request_id,
            event.reason or "",
        )
    ).encode()


SEPARATOR = "\x1f"
GENESIS = bytes(32)  # the link before a chain's first event
# link(previous link, payload) -> this event's link; keyed, so only the vault can compute it.
ChainLink = Callable[[bytes, bytes], bytes]
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

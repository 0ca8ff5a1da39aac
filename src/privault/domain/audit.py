"""Audit events: who touched which customer's which fields, why, and whether it was allowed."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum


class Outcome(StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"


class Channel(StrEnum):
    """Where a use case was asked from: the adapter that took the request."""

    WEB = "web"  # the staff console
    API = "api"  # an integration's token
    PORTAL = "portal"  # a customer, in the privacy portal
    CLI = "cli"  # the `privault` command on the server


# The widths of audit_events' columns: PostgreSQL refuses a longer value, SQLite keeps it.
LIMITS = {
    "actor": 64,
    "role": 200,
    "store": 400,
    "action": 48,
    "customer_id": 36,
    "purpose": 200,
    "request_id": 36,
    "reason": 300,
    "channel": 16,
    "client_address": 64,
    "token_name": 64,
}
FIELD_NAME_LIMIT = 200
_SURROGATE = re.compile("[\ud800-\udfff]")


def audit_text(text: str, limit: int) -> str:
    """The one form audit text is hashed and stored in, whatever a caller typed.

    PostgreSQL refuses NUL and SQLite's printf stops at it; a lone surrogate cannot be encoded;
    \\x1f separates the payload's columns; one text typed composed or decomposed must be one
    text in the trail; PostgreSQL refuses what is longer than the column. So: surrogates
    become U+FFFD, the text is NFC, every other non-printable character (controls, line and
    format characters) becomes a space, and a longer text is cut with an ellipsis. Applying it
    twice changes nothing, so an event read back is the event written.
    """
    if not (text.isprintable() and len(text) <= limit and unicodedata.is_normalized("NFC", text)):
        text = unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text))
        text = "".join(c if c.isprintable() else " " for c in text)
        if len(text) > limit:
            text = text[: limit - 1] + "…"
    return text


@dataclass(frozen=True)
class AuditEvent:
    """Holds ids and field names only; a personal value never enters the trail. Every text
    is normalised when the event is built (`audit_text`), so no event holds other bytes than
    those the chain covers and the database keeps."""

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
    # Where the action came from (none for scheduled jobs and events written before these
    # were kept): the adapter, the caller's address (web and API), the integration's token.
    channel: str | None = None
    client_address: str | None = None
    token_name: str | None = None

    def __post_init__(self) -> None:
        for name, limit in LIMITS.items():
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, audit_text(value, limit))
        names = (audit_text(f, FIELD_NAME_LIMIT) for f in self.fields)
        object.__setattr__(self, "fields", tuple(names))


def field_list(fields: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(fields)))


def chain_payload(event: AuditEvent, chain: int, seq: int) -> bytes:
    """The exact bytes an event's chain link covers: every column, its chain and position.

    `at` is written as UTC with microseconds so both databases give back the same text. The
    origin columns (channel, address, token) follow only when one of them is set, so events
    written before they existed keep the links they were written with; no text holds the
    separator, so the number of columns alone tells the two forms apart, and emptying or
    filling them behind the chain's back breaks the link like any other edit.
    """
    origin = (event.channel, event.client_address, event.token_name)
    tail = tuple(v or "" for v in origin) if any(v is not None for v in origin) else ()
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
            *tail,
        )
    ).encode()


SEPARATOR = "\x1f"
GENESIS = bytes(32)  # the link before a chain's first event
# link(previous link, payload) -> this event's link; keyed, so only the vault can compute it.
ChainLink = Callable[[bytes, bytes], bytes]
TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

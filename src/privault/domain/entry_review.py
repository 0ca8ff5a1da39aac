"""Entry review (信息审核, issue 17): which channels' new records wait for the store manager,
how long one may wait, and the evidence a phone registration's verbal consent carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from privault.domain.consents import Channel
from privault.domain.control_characters import refuse_control_characters
from privault.domain.errors import InvalidInputError
from privault.domain.policy import RESTRICTED

# A record waiting for review: usable for the service it came for, never for marketing or
# classes. A status of the customer, like restricted; accepting it makes the record active.
PENDING = "pending"
ACTIVE = "active"
# Statuses kept out of marketing audiences and classes: restricted (stored, not processed)
# and pending (not reviewed yet).
NOT_FOR_MARKETING = frozenset({RESTRICTED, PENDING})
# The store desk registers face to face with the notice on paper: its records need no review.
DEFAULT_REVIEWED = frozenset(Channel) - {Channel.STORE, Channel.RETENTION}
DEFAULT_OVERDUE_DAYS = 3
QUEUE_PAGE = 200  # the oldest shown; an import may leave thousands pending
MAX_SCRIPT_VERSION = 32


@dataclass(frozen=True)
class PendingEntry:
    """One record in the manager's queue: no personal value, only where and when it came."""

    customer_id: str
    store: str
    channel: str
    arrived_at: datetime
    waited: timedelta
    is_overdue: bool


@dataclass(frozen=True)
class PendingQueue:
    total: int  # every pending record in the actor's stores
    entries: list[PendingEntry]  # the oldest, at most the page's limit


def parse_reviewed_channels(raw: str) -> frozenset[Channel]:
    """Channels separated by spaces or commas; "none" reviews nothing."""
    words = raw.replace(",", " ").split()
    if words == ["none"]:
        return frozenset()
    known = {c.value for c in Channel} - {Channel.RETENTION.value}
    unknown = sorted(set(words) - known)
    if unknown:
        raise InvalidInputError(
            "unknown channel {unknown}; use some of {choices} or none",
            field="review_channels",
            params={"unknown": ", ".join(unknown), "choices": ", ".join(sorted(known))},
        )
    return frozenset(Channel(w) for w in words)


def pending_entry(
    customer_id: str, store: str, channel: str, arrived_at: datetime, now: datetime, days: int
) -> PendingEntry:
    waited = max(now - arrived_at, timedelta(0))
    return PendingEntry(
        customer_id, store, channel, arrived_at, waited, waited >= timedelta(days=days)
    )


def phone_evidence(script_version: str | None, reference: str | None) -> str:
    """A consent given on the phone is verbal: the evidence says so and names the script read
    to the customer (who and when are the consent event's own collected_by and time)."""
    script = " ".join((script_version or "").split())
    if not script:
        raise InvalidInputError(
            "give the version of the phone script read to the customer", field="script_version"
        )
    refuse_control_characters(script, field="script_version")
    if len(script) > MAX_SCRIPT_VERSION:
        raise InvalidInputError(
            "at most {limit} characters",
            field="script_version",
            params={"limit": MAX_SCRIPT_VERSION},
        )
    said = f"verbal consent by phone, script {script}"
    return f"{said}; {reference}" if reference else said


def rejection_reason(channel: str, arrived_at: datetime) -> str:
    """The tombstone's reason: the channel and the time, no personal value."""
    return f"rejected at entry review: channel {channel}, arrived {arrived_at.isoformat()}"

"""Audit events: who touched which customer's which fields, why, and whether it was allowed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
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

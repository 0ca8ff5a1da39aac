"""Shared front-desk tablets: who may switch on one by PIN, what a PIN is, how long a device
waits idle before it locks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from privault.domain.errors import InvalidInputError

# The roles that work at a desk. An account holding any other role (privacy officer, owner,
# auditor, admin, marketing) signs in with its password and second factor, never by PIN.
PIN_ROLES = frozenset({"front_desk", "service_staff", "store_manager"})
PIN = re.compile(r"[0-9]{4,6}")
MAX_PIN_FAILURES = 5  # then the PIN is locked until its owner sets a new one
DEFAULT_IDLE_SECONDS = 300
MIN_IDLE_SECONDS, MAX_IDLE_SECONDS = 3, 3600
MAX_DEVICE_NAME = 64


@dataclass(frozen=True)
class SharedDevice:
    store: str
    name: str
    created_at: datetime
    created_by: str


def may_switch_by_pin(roles: Iterable[str]) -> bool:
    held = frozenset(roles)
    return bool(held) and held <= PIN_ROLES


def works_at(stores: Iterable[str], store: str) -> bool:
    """An account with no store listed works at every store."""
    listed = frozenset(stores)
    return not listed or store in listed


def parse_pin(raw: str) -> str:
    if not PIN.fullmatch(raw.strip()):
        raise InvalidInputError("a PIN is 4 to 6 digits", field="pin")
    return raw.strip()


def parse_idle(raw: str) -> int | None:
    """Seconds a shared device may stay idle before it locks; empty: the default."""
    text = raw.strip()
    if not text:
        return None
    if not text.isdigit() or not MIN_IDLE_SECONDS <= int(text) <= MAX_IDLE_SECONDS:
        raise InvalidInputError(
            "give whole seconds from {low} to {high}",
            field="idle_seconds",
            params={"low": MIN_IDLE_SECONDS, "high": MAX_IDLE_SECONDS},
        )
    return int(text)


def parse_device_name(raw: str) -> str:
    name = " ".join(raw.split())
    if not name or not name.isprintable() or len(name) > MAX_DEVICE_NAME:
        raise InvalidInputError(
            "name the device in at most {limit} characters, such as 前台平板 1",
            field="device_name",
            params={"limit": MAX_DEVICE_NAME},
        )
    return name


def idle_expiry(now: datetime, created_at: datetime, idle_seconds: int, hours: int) -> datetime:
    """A session on a shared device ends after its idle time since the last request, and never
    later than a normal session would."""
    return min(now + timedelta(seconds=idle_seconds), created_at + timedelta(hours=hours))

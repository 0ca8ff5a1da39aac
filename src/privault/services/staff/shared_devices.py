"""Shared front-desk tablets: a store manager marks a browser for a store; on it, desk staff of
that store switch by tapping their name and typing a personal PIN; the session ends after the
store's idle time since its last request. Every mark, switch, lock and failed PIN is audited.

The device's cookie is a random token and its HMAC under the installation's form key; the
database keeps only the token's SHA-256, so neither a copy of the database nor a forged cookie
makes a browser a shared device."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from privault.domain.devices import (
    DEFAULT_IDLE_SECONDS,
    SharedDevice,
    idle_expiry,
    may_switch_by_pin,
    parse_device_name,
    works_at,
)
from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.staff import SESSION_HOURS, StaffStatus
from privault.domain.stores import Store
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class Device:
    """A marked device as its cookie names it: the store, the name, its idle lock."""

    id: str  # the hash's hex: names the device in the manager's list, opens nothing
    device: SharedDevice
    idle_seconds: int
    store: Store | None = None  # the registry's entry, for its name on the lock page


@dataclass(frozen=True)
class Colleague:
    name: str
    display_name: str


def mark_device(vault: Vault, actor: Actor, store: str, name: str) -> str:
    """The cookie value for this browser; the store must be an active registered one."""
    device_name = parse_device_name(name)
    with use_case(vault, actor) as uc:
        found = uc.uow.stores.get(store.strip())
        if found is None or not found.is_active:
            raise InvalidInputError("choose one of the active stores", field="store")
        uc.require(Action.DEVICES_MANAGE, store=found.code)
        token = secrets.token_urlsafe(32)
        device = SharedDevice(found.code, device_name, uc.now, actor.name)
        uc.uow.devices.add(digest(token), device)
        uc.record(Action.DEVICES_MANAGE, reason=f"shared device marked for store {found.code}")
        uc.commit()
        return f"{token}.{_signature(vault, token)}"


def list_devices(vault: Vault, actor: Actor) -> list[Device]:
    with use_case(vault, actor) as uc:
        uc.require(Action.DEVICES_MANAGE, stores=actor.stores or None)
        found = uc.uow.devices.of_stores(actor.stores)
        return [Device(h.hex(), d, _idle(uc, d.store)) for h, d in found]


def unmark_device(vault: Vault, actor: Actor, device_id: str) -> None:
    with use_case(vault, actor) as uc:
        digest = bytes.fromhex(device_id) if _is_hex(device_id) else b""
        device = uc.uow.devices.get(digest)
        if device is None:
            raise NotFoundError("no shared device with that id")
        uc.require(Action.DEVICES_MANAGE, store=device.store)
        uc.uow.devices.revoke(digest, uc.now)
        uc.record(Action.DEVICES_MANAGE, reason=f"shared device unmarked for store {device.store}")
        uc.commit()


def device_of(vault: Vault, cookie: str | None) -> Device | None:
    """The shared device a browser's cookie names, if genuine and not unmarked."""
    token = _genuine(vault, cookie)
    if token is None:
        return None
    with use_case(vault, ANONYMOUS, read_only=True) as uc:
        device = uc.uow.devices.get(digest(token))
        if device is None:
            return None
        store = uc.uow.stores.get(device.store)
        return Device("", device, _idle_of(store), store)


def colleagues(vault: Vault, device: Device) -> list[Colleague]:
    """The lock page's names: active staff of the device's store who may switch by PIN. No
    customer data, and nothing says who has set a PIN."""
    store = device.device.store
    with use_case(vault, ANONYMOUS, read_only=True) as uc:
        return [
            Colleague(m.name, m.display_name)
            for m in (row.member for row in uc.uow.staff.everyone())
            if m.status is StaffStatus.ACTIVE
            and may_switch_by_pin(m.roles)
            and works_at(m.stores, store)
        ]


def keep_alive(vault: Vault, device: Device, session_digest: bytes) -> None:
    """Each request from a shared device moves its session's end to the idle time from now."""
    with use_case(vault, ANONYMOUS) as uc:
        started = uc.uow.devices.session_started(session_digest)
        if started is None or started[1] <= uc.now:
            return  # ended or expired: the lock page takes over
        ends = idle_expiry(uc.now, started[0], device.idle_seconds, SESSION_HOURS)
        uc.uow.devices.expire_session_at(session_digest, ends)
        uc.commit()


def _idle(uc: UseCase, store: str) -> int:
    return _idle_of(uc.uow.stores.get(store))


def _idle_of(store: Store | None) -> int:
    return (store.details.idle_seconds if store else None) or DEFAULT_IDLE_SECONDS


def _genuine(vault: Vault, cookie: str | None) -> str | None:
    token, _, signature = (cookie or "").partition(".")
    if not (token and signature and vault.form_key):
        return None
    return token if hmac.compare_digest(_signature(vault, token), signature) else None


def _signature(vault: Vault, token: str) -> str:
    return hmac.new(vault.form_key, f"device:{token}".encode(), hashlib.sha256).hexdigest()


def digest(token: str) -> bytes:
    """A token as the database keeps it (sessions and devices alike)."""
    return hashlib.sha256(token.encode()).digest()


def _is_hex(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)

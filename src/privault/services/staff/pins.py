"""Personal PINs for shared tablets: set by their owner (with the password), used to switch on
a shared device of the owner's store. A refusal says the same words whatever the cause (no such
account, a role that must sign in fully, another store, no PIN, a locked PIN, a wrong PIN), so
the lock page never tells which accounts exist; the trail says which it was."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import NoReturn

from privault.crypto.passwords import hash_password, verify_password
from privault.db.staff import StaffRow
from privault.domain.devices import MAX_PIN_FAILURES, may_switch_by_pin, parse_pin, works_at
from privault.domain.errors import AuthenticationError, InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.staff import StaffStatus
from privault.services.staff.accounts import actor_for
from privault.services.staff.sessions import Session
from privault.services.staff.shared_devices import Device, digest
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault

REFUSED = (
    "the PIN is wrong or cannot be used here; after {limit} wrong PINs it is locked until "
    "its owner sets a new one; or sign in with your password"
)


def set_pin(vault: Vault, actor: Actor, password: str, pin: str) -> None:
    """Only roles that work at a desk may have one; the password proves it is the owner."""
    if not may_switch_by_pin(actor.roles):
        raise InvalidInputError(
            "your roles sign in with the password and second factor only", field="pin"
        )
    chosen = parse_pin(pin)
    with use_case(vault, actor) as uc:
        row = uc.uow.staff.get(actor.name, for_update=True)
        if row is None or not verify_password(row.password_hash, password):
            uc.refuse(Action.STAFF_MANAGE, AuthenticationError("the current password is wrong"))
        uc.uow.devices.set_pin(actor.name, hash_password(chosen), uc.now)
        uc.record(Action.STAFF_MANAGE, reason="set own PIN for shared devices")
        uc.commit()


def has_pin(vault: Vault, actor: Actor) -> bool:
    with use_case(vault, ANONYMOUS, read_only=True) as uc:
        return uc.uow.devices.pin(actor.name) is not None


def switch_by_pin(vault: Vault, device: Device, name: str, pin: str) -> Session:
    """Opens a session for `name` on the device, ending after the store's idle time."""
    clean = name.strip().lower()[:64]
    with use_case(vault, ANONYMOUS) as uc:
        row = uc.uow.staff.get(clean, for_update=True)
        uc.act_as(Actor(clean or "unknown", row.member.roles if row else frozenset()))
        pin_hash = _usable(uc, row, device)
        assert row is not None  # noqa: S101 -- `_usable` refused a missing account
        if not verify_password(pin_hash, pin.strip()):
            _wrong_pin(uc, row)
        uc.uow.devices.count_pin(row.member.name, 0)
        session = _open(uc, row, device)
        uc.act_as(actor_for(uc, row.member))
        uc.record(
            Action.SIGN_IN, reason=f"PIN switch on a shared device of store {device.device.store}"
        )
        uc.commit()
        return session


def lock(vault: Vault, device: Device, session_token: str | None, *, is_idle: bool) -> None:
    """Ends the device's current session, if any, and says why in the trail."""
    with use_case(vault, ANONYMOUS) as uc:
        hashed = digest(session_token or "")
        session = uc.uow.staff.session(hashed) if session_token else None
        if session is None or session.ended_at is not None:
            return
        uc.uow.staff.end_sessions(at=uc.now, token_hash=hashed)
        row = uc.uow.staff.get(session.staff_name)
        uc.act_as(Actor(session.staff_name, row.member.roles if row else frozenset()))
        store = device.device.store
        if is_idle:
            uc.record(Action.SIGN_OUT, reason=f"shared device of store {store} locked when idle")
        else:
            uc.record(Action.SIGN_OUT, reason=f"shared device of store {store} locked to switch")
        uc.commit()


def _usable(uc: UseCase, row: StaffRow | None, device: Device) -> str:
    """The PIN's hash, once the account may switch here; each refusal costs a PIN check."""
    pin = uc.uow.devices.pin(row.member.name) if row else None
    why = _why_not(row, device, pin)
    if why is not None or pin is None:
        verify_password(_dummy(), secrets.token_hex(4))
        _refuse(uc, why or "no PIN set")
    return pin[0]


def _why_not(row: StaffRow | None, device: Device, pin: tuple[str, int] | None) -> str | None:
    if row is None:
        return "no staff account by that name"
    member = row.member
    if member.status is not StaffStatus.ACTIVE:
        return "account not active"
    if not may_switch_by_pin(member.roles):
        return "role signs in with password and second factor"
    if not works_at(member.stores, device.device.store):
        return "not a staff member of the device's store"
    if pin is not None and pin[1] >= MAX_PIN_FAILURES:
        return "PIN locked after wrong PINs"
    return None


def _wrong_pin(uc: UseCase, row: StaffRow) -> NoReturn:
    found = uc.uow.devices.pin(row.member.name)
    failures = (found[1] if found else 0) + 1
    uc.uow.devices.count_pin(row.member.name, failures)
    _refuse(uc, f"wrong PIN; {max(MAX_PIN_FAILURES - failures, 0)} tries left", keep=True)


def _open(uc: UseCase, row: StaffRow, device: Device) -> Session:
    token = secrets.token_urlsafe(32)
    expires = uc.now + timedelta(seconds=device.idle_seconds)
    uc.uow.staff.add_session(digest(token), row.member.name, uc.now, expires)
    return Session(token, row.member.name, expires, row.member.language)


def _refuse(uc: UseCase, reason: str, *, keep: bool = False) -> NoReturn:
    refusal = AuthenticationError(REFUSED, params={"limit": MAX_PIN_FAILURES})
    uc.refuse(Action.SIGN_IN, refusal, keep=keep, reason=reason)


_DUMMY: list[str] = []


def _dummy() -> str:
    """A hash of nothing anyone knows, so a refused name costs what a wrong PIN costs."""
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_urlsafe(16)))
    return _DUMMY[0]

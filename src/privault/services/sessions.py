"""Signing in and out: password (argon2id), a TOTP code for the roles that need one, lockout.

A session token is shown to the client once; the database keeps only its SHA-256, so a copy of
the database does not sign anyone in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import NoReturn

from privault.crypto.passwords import hash_password, needs_rehash, verify_password
from privault.crypto.totp import matching_step
from privault.db.staff import StaffRow
from privault.db.unit_of_work import UnitOfWork
from privault.domain.alerts import failed_sign_ins
from privault.domain.audit import Outcome
from privault.domain.errors import AuthenticationError, InvalidInputError
from privault.domain.policy import TOTP_ROLES, Action, Actor
from privault.domain.staff import (
    LANGUAGES,
    LOCK_MINUTES,
    MAX_FAILED_SIGN_INS,
    SESSION_HOURS,
    StaffStatus,
    check_password,
    lock_deadline,
    needs_totp,
)
from privault.services import auditing
from privault.services.staff import actor_for
from privault.services.vault import Vault

NOT_SIGNED_IN = "sign in first: privault login NAME --password-stdin"


@dataclass(frozen=True)
class Session:
    token: str
    staff_name: str
    expires_at: datetime
    language: str | None = None  # the account's chosen console language, if any


def sign_in(vault: Vault, name: str, password: str, totp: str | None = None) -> Session:
    """Every refusal is audited as denied and names why; only the failure count changes."""
    clean = name.strip().lower()
    with vault.unit_of_work() as uow:
        row = uow.staff.get(clean, for_update=True)
        now = vault.clock()
        who = Actor(clean[:64] or "unknown", row.member.roles if row else frozenset())
        if row is None:
            unknown = (
                AuthenticationError("no staff account named {name}", params={"name": clean})
                if clean
                else AuthenticationError("no staff account named (empty)")
            )
            _refuse(vault, uow, who, unknown)
        member = row.member
        if member.status is not StaffStatus.ACTIVE:
            disabled = AuthenticationError(
                "the account {name} is disabled; ask an admin", params={"name": clean}
            )
            _refuse(vault, uow, who, disabled)
        if member.locked_until is not None and member.locked_until > now:
            locked = AuthenticationError(
                "the account {name} is locked after {limit} failed sign-ins until "
                "{locked_until:%Y-%m-%d %H:%M} UTC; an admin can unlock it now: "
                "privault staff unlock {name}",
                params={
                    "name": clean,
                    "limit": MAX_FAILED_SIGN_INS,
                    "locked_until": member.locked_until,
                },
            )
            _refuse(vault, uow, who, locked)
        if member.locked_until is not None:  # the lock ran out: count afresh
            uow.staff.set(clean, failed_sign_ins=0, locked_until=None)
            row = replace(row, member=replace(member, failed_sign_ins=0, locked_until=None))
        if not verify_password(row.password_hash, password):
            _failed(vault, uow, row, who, now, is_totp=False)
        step = _check_totp(vault, uow, row, who, totp, now)
        changes: dict[str, object] = {"failed_sign_ins": 0, "locked_until": None}
        if step is not None:
            changes["totp_last_step"] = step
        if needs_rehash(row.password_hash):
            changes["password_hash"] = hash_password(password)
        uow.staff.set(clean, **changes)
        token = secrets.token_urlsafe(32)
        expires = now + timedelta(hours=SESSION_HOURS)
        uow.staff.add_session(_digest(token), clean, now, expires)
        actor = actor_for(vault, uow, member)
        auditing.watch(vault, uow, actor, Action.SIGN_IN, now)
        uow.audit.append([auditing.event(vault, actor, Action.SIGN_IN)])
        uow.commit()
        return Session(token, clean, expires, member.language)


def _check_totp(
    vault: Vault, uow: UnitOfWork, row: StaffRow, who: Actor, code: str | None, now: datetime
) -> int | None:
    member = row.member
    named = {"name": member.name}
    if row.totp_secret is None:
        if needs_totp(member.roles, TOTP_ROLES):
            unset = AuthenticationError(
                "{name} has no second factor set up; ask an admin", params=named
            )
            _refuse(vault, uow, who, unset)
        return None
    if not (code or "").strip():
        missing = AuthenticationError(
            "{name} signs in with a TOTP code: add --totp CODE", params=named
        )
        _refuse(vault, uow, who, missing)
    secret = vault.secret_box().open(row.totp_secret, member.name)
    step = matching_step(secret, code or "", now, after=row.totp_last_step)
    if step is None:
        _failed(vault, uow, row, who, now, is_totp=True)
    return step


def resume(vault: Vault, token: str) -> Actor:
    """The signed-in staff member behind a session token, as the policy sees them now."""
    with vault.unit_of_work() as uow:
        session = uow.staff.session(_digest(token)) if token else None
        now = vault.clock()
        if session is None or session.ended_at is not None:
            raise AuthenticationError(f"no session; {NOT_SIGNED_IN}")
        if session.expires_at <= now:
            raise AuthenticationError(f"the session expired; {NOT_SIGNED_IN}")
        row = uow.staff.get(session.staff_name)
        if row is None or row.member.status is not StaffStatus.ACTIVE:
            raise AuthenticationError(f"the account is disabled; {NOT_SIGNED_IN}")
        return actor_for(vault, uow, row.member)


def sign_out(vault: Vault, token: str) -> str | None:
    """Ends the session; returns who it belonged to (None when it had ended already)."""
    with vault.unit_of_work() as uow:
        digest = _digest(token)
        session = uow.staff.session(digest)
        if session is None or session.ended_at is not None:
            return None
        uow.staff.end_sessions(at=vault.clock(), token_hash=digest)
        who = Actor(session.staff_name, frozenset())
        row = uow.staff.get(session.staff_name)
        if row is not None:
            who = Actor(session.staff_name, row.member.roles)
        uow.audit.append([auditing.event(vault, who, Action.SIGN_OUT)])
        uow.commit()
        return session.staff_name


def change_password(vault: Vault, actor: Actor, current: str, new: str) -> None:
    with vault.unit_of_work() as uow:
        row = uow.staff.get(actor.name, for_update=True)
        if row is None or not verify_password(row.password_hash, current):
            wrong = AuthenticationError("the current password is wrong")
            _refuse(vault, uow, actor, wrong, action=Action.STAFF_MANAGE)
        check_password(new, actor.name)
        if new == current:
            raise InvalidInputError(
                "choose a password different from the current one", field="password"
            )
        uow.staff.set(actor.name, password_hash=hash_password(new))
        uow.audit.append(
            [auditing.event(vault, actor, Action.STAFF_MANAGE, reason="changed own password")]
        )
        uow.commit()


def _failed(
    vault: Vault, uow: UnitOfWork, row: StaffRow, who: Actor, now: datetime, *, is_totp: bool
) -> NoReturn:
    """Counts the failure, locks at the limit, alerts the officer, and refuses."""
    failures = row.member.failed_sign_ins + 1
    locked = failures >= MAX_FAILED_SIGN_INS
    changes: dict[str, object] = {"failed_sign_ins": failures}
    if locked:
        changes["locked_until"] = lock_deadline(now)
    uow.staff.set(row.member.name, **changes)
    alert = failed_sign_ins(row.member.name, failures, locked, now)
    if alert is not None:
        auditing.raise_alert(vault, uow, alert)
    left = MAX_FAILED_SIGN_INS - failures
    _refuse(vault, uow, who, _failure(row.member.name, left, is_totp=is_totp), keep=True)


def _failure(name: str, left: int, *, is_totp: bool) -> AuthenticationError:
    """One whole sentence per case (what was wrong; locked, or how many tries are left), so
    each is translated as one."""
    params = {"name": name, "left": left, "minutes": LOCK_MINUTES}
    if left <= 0:
        return AuthenticationError(
            "wrong or already used TOTP code for {name}; the account is now locked for "
            "{minutes} minutes; an admin can unlock it: privault staff unlock {name}"
            if is_totp
            else "wrong password for {name}; the account is now locked for {minutes} minutes; "
            "an admin can unlock it: privault staff unlock {name}",
            params=params,
        )
    if left == 1:
        return AuthenticationError(
            "wrong or already used TOTP code for {name}; {left} more failed sign-in lock the "
            "account"
            if is_totp
            else "wrong password for {name}; {left} more failed sign-in lock the account",
            params=params,
        )
    return AuthenticationError(
        "wrong or already used TOTP code for {name}; {left} more failed sign-ins lock the account"
        if is_totp
        else "wrong password for {name}; {left} more failed sign-ins lock the account",
        params=params,
    )


def _refuse(
    vault: Vault,
    uow: UnitOfWork,
    who: Actor,
    refusal: AuthenticationError,
    *,
    keep: bool = False,
    action: Action = Action.SIGN_IN,
) -> NoReturn:
    """`keep`: commit the failure count written before; otherwise nothing but the event."""
    if not keep:
        uow.rollback()
    reason = refusal.message
    uow.audit.append([auditing.event(vault, who, action, outcome=Outcome.DENIED, reason=reason)])
    uow.commit()
    raise refusal


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def choose_language(vault: Vault, actor: Actor, language: str) -> None:
    """A person's own preference: kept on the account so every device shows it."""
    if language not in LANGUAGES:
        raise InvalidInputError(
            "choose one of {choices}", field="language", params={"choices": ", ".join(LANGUAGES)}
        )
    with vault.unit_of_work() as uow:
        uow.staff.set(actor.name, language=language)
        uow.commit()

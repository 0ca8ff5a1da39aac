"""Signing in and out: password (argon2id), a TOTP code for the roles that need one, lockout.

A session token is shown to the client once; the database keeps only its SHA-256, so a copy of
the database does not sign anyone in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from typing import NoReturn

from privault.crypto.passwords import hash_password, needs_rehash, verify_password
from privault.crypto.totp import matching_step
from privault.db.staff import StaffRow
from privault.domain.alerts import failed_sign_ins
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
from privault.services import access_watch
from privault.services.settings_stamp import carried
from privault.services.staff.accounts import actor_for
from privault.services.use_case import ANONYMOUS, UseCase, use_case
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
    with use_case(vault, ANONYMOUS) as uc:
        found = uc.uow.staff.get(clean, for_update=True)
        # Nobody is signed in yet: a refusal names the account tried, with its roles.
        uc.act_as(Actor(clean[:64] or "unknown", found.member.roles if found else frozenset()))
        row = _usable(uc, found, password)
        if not verify_password(row.password_hash, password):
            _failed(uc, row, is_totp=False)
        _check_active(uc, row)
        step = _check_totp(uc, row, totp)
        session = _open_session(uc, row, password, step)
        uc.act_as(actor_for(uc, row.member))  # signed in: the account as the policy sees it
        access_watch.watch(uc, Action.SIGN_IN)
        uc.record(Action.SIGN_IN)
        uc.commit()
        return session


def _usable(uc: UseCase, row: StaffRow | None, password: str) -> StaffRow:
    """The account, if it exists and is not locked; a lock that ran out is lifted (the
    failures count afresh). An unknown name reads as a wrong password and costs the same
    password check, so neither the words nor the time tell which names exist."""
    if row is None:
        verify_password(_dummy_hash(), password)
        _refuse(uc, _wrong(), reason="no staff account by that name")
    member = row.member
    if member.locked_until is not None and member.locked_until > uc.now:
        _refuse(uc, _locked(member.name, member.locked_until))
    if member.locked_until is None:
        return row
    uc.uow.staff.set(member.name, failed_sign_ins=0, locked_until=None)
    return replace(row, member=replace(member, failed_sign_ins=0, locked_until=None))


def _check_active(uc: UseCase, row: StaffRow) -> None:
    """Said only to someone who knows the password: to others a disabled account is silent."""
    if row.member.status is StaffStatus.CONFIRMING:
        unconfirmed = AuthenticationError(
            "{name} has not finished enrolment: confirm the authenticator with one of its codes "
            "at /staff/enrol or with privault staff enrol {name}",
            params={"name": row.member.name},
        )
        _refuse(uc, unconfirmed)
    if row.member.status is not StaffStatus.ACTIVE:
        disabled = AuthenticationError(
            "the account {name} is disabled; ask an admin", params={"name": row.member.name}
        )
        _refuse(uc, disabled)


@cache
def _dummy_hash() -> str:
    """A hash of nothing anyone knows, made with the same cost as the real ones."""
    return hash_password(secrets.token_urlsafe(32))


def _wrong() -> AuthenticationError:
    """The one answer to an unknown account and to a wrong password."""
    return AuthenticationError(
        "the account name or password is wrong; after {limit} failed sign-ins in a row an "
        "account is locked for {minutes} minutes",
        params={"limit": MAX_FAILED_SIGN_INS, "minutes": LOCK_MINUTES},
    )


def _locked(clean: str, until: datetime) -> AuthenticationError:
    return AuthenticationError(
        "the account {name} is locked after {limit} failed sign-ins until "
        "{locked_until:%Y-%m-%d %H:%M} UTC; an admin can unlock it now: "
        "privault staff unlock {name}",
        params={"name": clean, "limit": MAX_FAILED_SIGN_INS, "locked_until": until},
    )


def _open_session(uc: UseCase, row: StaffRow, password: str, step: int | None) -> Session:
    """The failures cleared, the used code step kept, the password hash renewed if weak."""
    name = row.member.name
    changes: dict[str, object] = {"failed_sign_ins": 0, "locked_until": None}
    if step is not None:
        changes["totp_last_step"] = step
    if needs_rehash(row.password_hash):
        changes["password_hash"] = hash_password(password)
    uc.uow.staff.set(name, **changes)
    token = secrets.token_urlsafe(32)
    expires = uc.now + timedelta(hours=SESSION_HOURS)
    uc.uow.staff.add_session(_digest(token), name, uc.now, expires)
    return Session(token, name, expires, row.member.language)


def _check_totp(uc: UseCase, row: StaffRow, code: str | None) -> int | None:
    member = row.member
    named = {"name": member.name}
    if row.totp_secret is None:
        if needs_totp(member.roles, TOTP_ROLES):
            unset = AuthenticationError(
                "{name} has no second factor set up; ask an admin", params=named
            )
            _refuse(uc, unset)
        return None
    if not (code or "").strip():
        missing = AuthenticationError(
            "{name} signs in with a TOTP code: add --totp CODE", params=named
        )
        _refuse(uc, missing)
    secret = uc.vault.secret_box().open(row.totp_secret, member.name)
    step = matching_step(secret, code or "", uc.now, after=row.totp_last_step)
    if step is None:
        _failed(uc, row, is_totp=True)
    return step


def resume(vault: Vault, token: str) -> Actor:
    """The signed-in staff member behind a session token, as the policy sees them now."""
    with use_case(vault, ANONYMOUS, read_only=True) as uc:  # who it is, the session tells
        found = uc.uow.staff.session_and_staff(_digest(token)) if token else None
        if found is None or found.session.ended_at is not None:
            raise AuthenticationError(f"no session; {NOT_SIGNED_IN}")
        session, row = found.session, found.staff
        if session.expires_at <= uc.now:
            raise AuthenticationError(f"the session expired; {NOT_SIGNED_IN}")
        if row is None or row.member.status is not StaffStatus.ACTIVE:
            raise AuthenticationError(f"the account is disabled; {NOT_SIGNED_IN}")
        carried(found.settings_stamp)
        return actor_for(uc, row.member)


def sign_out(vault: Vault, token: str) -> str | None:
    """Ends the session; returns who it belonged to (None when it had ended already)."""
    with use_case(vault, ANONYMOUS) as uc:
        digest = _digest(token)
        session = uc.uow.staff.session(digest)
        if session is None or session.ended_at is not None:
            return None
        uc.uow.staff.end_sessions(at=uc.now, token_hash=digest)
        row = uc.uow.staff.get(session.staff_name)
        # Who signs out, the session tells: its account, with the roles it holds now.
        uc.act_as(Actor(session.staff_name, row.member.roles if row else frozenset()))
        uc.record(Action.SIGN_OUT)
        uc.commit()
        return session.staff_name


def change_password(vault: Vault, actor: Actor, current: str, new: str) -> None:
    with use_case(vault, actor) as uc:
        row = uc.uow.staff.get(actor.name, for_update=True)
        if row is None or not verify_password(row.password_hash, current):
            wrong = AuthenticationError("the current password is wrong")
            uc.refuse(Action.STAFF_MANAGE, wrong)
        check_password(new, actor.name)
        if new == current:
            raise InvalidInputError(
                "choose a password different from the current one", field="password"
            )
        uc.uow.staff.set(actor.name, password_hash=hash_password(new))
        uc.record(Action.STAFF_MANAGE, reason="changed own password")
        uc.commit()


def _failed(uc: UseCase, row: StaffRow, *, is_totp: bool) -> NoReturn:
    """Counts the failure, locks at the limit, alerts the officer, and refuses."""
    failures = row.member.failed_sign_ins + 1
    locked = failures >= MAX_FAILED_SIGN_INS
    changes: dict[str, object] = {"failed_sign_ins": failures}
    if locked:
        changes["locked_until"] = lock_deadline(uc.now)
    uc.uow.staff.set(row.member.name, **changes)
    alert = failed_sign_ins(row.member.name, failures, locked, uc.now)
    if alert is not None:
        uc.alert(alert)
    left = MAX_FAILED_SIGN_INS - failures
    if not is_totp:  # the same words as for an unknown account; the trail says which
        _refuse(uc, _wrong(), keep=True, reason=f"wrong password; {max(left, 0)} tries left")
    _refuse(uc, _totp_failure(row.member.name, left), keep=True)


def _totp_failure(name: str, left: int) -> AuthenticationError:
    """After the right password, so it may name the account. One whole sentence per case
    (locked, or how many tries are left), so each is translated as one."""
    params = {"name": name, "left": left, "minutes": LOCK_MINUTES}
    if left <= 0:
        return AuthenticationError(
            "wrong or already used TOTP code for {name}; the account is now locked for "
            "{minutes} minutes; an admin can unlock it: privault staff unlock {name}",
            params=params,
        )
    if left == 1:
        return AuthenticationError(
            "wrong or already used TOTP code for {name}; {left} more failed sign-in lock the "
            "account",
            params=params,
        )
    return AuthenticationError(
        "wrong or already used TOTP code for {name}; {left} more failed sign-ins lock the account",
        params=params,
    )


def _refuse(
    uc: UseCase, refusal: AuthenticationError, *, keep: bool = False, reason: str | None = None
) -> NoReturn:
    """`keep`: commit the failure count written before; otherwise nothing but the event."""
    uc.refuse(Action.SIGN_IN, refusal, keep=keep, reason=reason)


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def choose_language(vault: Vault, actor: Actor, language: str) -> None:
    """A person's own preference: kept on the account so every device shows it."""
    if language not in LANGUAGES:
        raise InvalidInputError(
            "choose one of {choices}", field="language", params={"choices": ", ".join(LANGUAGES)}
        )
    with use_case(vault, actor) as uc:
        uc.uow.staff.set(actor.name, language=language)
        uc.commit()

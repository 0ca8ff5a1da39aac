"""API tokens: one per integrated system and role, shown once, stored as SHA-256, revocable.

An integration acts as `api:<name>` with the token's role and store, through the same policy
as staff. It is not a person, so no training applies; the admin who creates it answers for it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from privault.db.api_tokens import ApiToken
from privault.domain.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from privault.domain.policy import Action, Actor, check_roles
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault

PREFIX = "pv_"
ACTOR_PREFIX = "api:"
# Recording every use would write a row per API call; a minute is precise enough to tell
# which integrations are still alive.
TOUCH_EVERY = timedelta(minutes=1)
_NAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
UNKNOWN = "no valid API token; send `Authorization: Bearer pv_...` with a token from an admin"


@dataclass(frozen=True)
class NewToken:
    """The token in clear, shown once: privault keeps only its hash."""

    name: str
    role: str
    store: str | None
    token: str


@dataclass(frozen=True)
class TokenSummary:
    name: str
    role: str
    store: str | None
    created_by: str
    created_at: datetime
    last_used_at: datetime | None
    is_revoked: bool
    revoked_by: str | None
    revoked_at: datetime | None


def create_token(
    vault: Vault, actor: Actor, name: str, role: str, store: str | None = None
) -> NewToken:
    clean, wanted, where = _name(name), role.strip(), _store(store)
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        _check_new(uc, clean, wanted)
        token = PREFIX + secrets.token_urlsafe(32)
        row = ApiToken(str(uuid.uuid4()), clean, wanted, where, actor.name, uc.now)
        uc.uow.api_tokens.add(row, digest(token))
        uc.record(Action.STAFF_MANAGE, reason=f"created API token {clean} with role {wanted}")
        uc.commit()
        return NewToken(clean, wanted, where, token)


def _check_new(uc: UseCase, name: str, role: str) -> None:
    problem = check_roles(frozenset({role}), uc.roles)
    if problem:
        raise InvalidInputError(problem, field="role")
    if uc.uow.api_tokens.by_name(name) is not None:
        raise InvalidInputError(
            "an API token named {name} exists already; choose another name",
            field="name",
            params={"name": name},
        )


def list_tokens(vault: Vault, actor: Actor) -> list[TokenSummary]:
    """Revoked tokens stay listed: the record of which systems had access is kept."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_READ)
        found = [_summary(t) for t in uc.uow.api_tokens.list()]
        uc.record(Action.STAFF_READ, reason="listed API tokens")
        uc.commit()
        return found


def revoke_token(vault: Vault, actor: Actor, name: str) -> TokenSummary:
    clean = name.strip().lower()
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        found = uc.uow.api_tokens.by_name(clean)
        if found is None:
            raise NotFoundError(
                "no API token named {name}; see privault tokens list", params={"name": clean}
            )
        if found.is_revoked:
            raise ConflictError("the API token {name} was revoked already", params={"name": clean})
        uc.uow.api_tokens.revoke(found.id, actor.name, uc.now)
        uc.record(Action.STAFF_MANAGE, reason=f"revoked API token {clean}")
        uc.commit()
        revoked = uc.uow.api_tokens.by_name(clean)
    assert revoked is not None  # noqa: S101 -- just updated in this transaction
    return _summary(revoked)


def authenticate_token(vault: Vault, token: str) -> Actor:
    """The integration behind a token; a revoked token's use is refused and audited.

    Asked on every API call, so the lookup is a read-only unit of work (one statement on
    PostgreSQL); only a refusal or the occasional last-used stamp opens a writing one."""
    if not token.startswith(PREFIX):
        raise AuthenticationError(UNKNOWN)
    with use_case(vault, ANONYMOUS, read_only=True) as reading:  # the token tells who
        found = reading.uow.api_tokens.by_hash(digest(token))
        now = reading.now
    if found is None:
        raise AuthenticationError(UNKNOWN)
    actor = actor_of(found)
    if found.revoked_at is not None:
        _refuse_revoked(vault, actor, found)
    if found.last_used_at is None or found.last_used_at + TOUCH_EVERY <= now:
        with use_case(vault, actor) as uc:
            uc.uow.api_tokens.used(found.id, uc.now)
            uc.commit()
    return actor


def _refuse_revoked(vault: Vault, actor: Actor, found: ApiToken) -> NoReturn:
    revoked = AuthenticationError(
        "API token {name} was revoked on {revoked_at:%Y-%m-%d %H:%M} UTC; "
        "ask an admin for a new token",
        params={"name": found.name, "revoked_at": found.revoked_at},
    )
    why = f"API token {found.name} was revoked on {found.revoked_at:%Y-%m-%d %H:%M} UTC"
    with use_case(vault, actor) as uc:
        uc.refuse(Action.SIGN_IN, revoked, reason=why)


def actor_of(token: ApiToken) -> Actor:
    stores = frozenset({token.store}) if token.store else frozenset()
    return Actor(ACTOR_PREFIX + token.name, frozenset({token.role}), stores)


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def _name(raw: str) -> str:
    clean = raw.strip().lower()
    if not _NAME.match(clean):
        raise InvalidInputError(
            "use 2 to 32 lowercase letters, digits, dot, dash or underscore, starting with a "
            "letter (e.g. pos.main)",
            field="name",
        )
    return clean


def _store(raw: str | None) -> str | None:
    if raw is None or not raw.strip():
        return None
    clean = raw.strip()
    if len(clean) > 64 or " " in clean:
        raise InvalidInputError(
            "a store code has no spaces and at most 64 characters", field="store"
        )
    return clean


def _summary(token: ApiToken) -> TokenSummary:
    return TokenSummary(
        token.name,
        token.role,
        token.store,
        token.created_by,
        token.created_at,
        token.last_used_at,
        token.is_revoked,
        token.revoked_by,
        token.revoked_at,
    )

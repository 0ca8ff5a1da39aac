"""API tokens: one per integrated system and role, shown once, stored as SHA-256, revocable.

An integration acts as `api:<name>` with the token's role and store, through the same policy
as staff. It is not a person, so no training applies; the admin who creates it answers for it.
A token whose role sees personal data also needs a privacy officer's countersignature before it
works (four eyes: otherwise whoever mints tokens holds every role they can name).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from privault.db.api_tokens import ApiToken
from privault.domain.alerts import token_sees_personal_data
from privault.domain.api_tokens import (
    ACTOR_PREFIX,
    AWAITING_COUNTERSIGNATURE,
    TokenStatus,
    countersign_refusal,
    token_status,
)
from privault.domain.errors import (
    AuthenticationError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
)
from privault.domain.policy import Action, Actor, RoleMatrix, check_roles
from privault.domain.roles import sees_personal_data
from privault.services.settings_stamp import carried
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault

PREFIX = "pv_"
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
    status: str  # active, or awaiting countersignature when its role sees personal data


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
    status: str  # a TokenStatus value
    countersigned_by: str | None
    countersigned_at: datetime | None


def create_token(
    vault: Vault, actor: Actor, name: str, role: str, store: str | None = None
) -> NewToken:
    """One that sees personal data is made awaiting countersignature, and the privacy officer
    is alerted."""
    clean, wanted, where = _name(name), role.strip(), _store(store)
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        _check_new(uc, clean, wanted)
        token = PREFIX + secrets.token_urlsafe(32)
        row = ApiToken(str(uuid.uuid4()), clean, wanted, where, actor.name, uc.now)
        uc.uow.api_tokens.add(row, digest(token))
        uc.record(Action.STAFF_MANAGE, reason=f"created API token {clean} with role {wanted}")
        status = _status(row, lambda: uc.roles)
        if status is TokenStatus.AWAITING:
            uc.alert(token_sees_personal_data(actor.name, clean, wanted))
        uc.commit()
        return NewToken(clean, wanted, where, token, status.value)


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
        found = [_summary(t, uc.roles) for t in uc.uow.api_tokens.list()]
        uc.record(Action.STAFF_READ, reason="listed API tokens")
        uc.commit()
        return found


def revoke_token(vault: Vault, actor: Actor, name: str) -> TokenSummary:
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_MANAGE)
        found = _existing(uc, name)
        if found.is_revoked:
            raise ConflictError(
                "the API token {name} was revoked already", params={"name": found.name}
            )
        uc.uow.api_tokens.revoke(found.id, actor.name, uc.now)
        uc.record(Action.STAFF_MANAGE, reason=f"revoked API token {found.name}")
        uc.commit()
        return _reread(uc, found.name)


def countersign_token(vault: Vault, actor: Actor, name: str) -> TokenSummary:
    """A privacy officer, signed in as themselves and not the token's creator, vouches for a
    token whose role sees personal data; from then on it works."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STAFF_READ)
        found = _existing(uc, name)
        refusal = countersign_refusal(actor, found.created_by)
        if refusal is not None:
            why = f"countersigning API token {found.name}: {refusal.reason}"
            uc.refuse(Action.STAFF_MANAGE, refusal.error(), reason=why)
        _check_awaiting(found, _status(found, lambda: uc.roles))
        uc.uow.api_tokens.countersign(found.id, actor.name, uc.now)
        uc.record(Action.STAFF_MANAGE, reason=f"countersigned API token {found.name}")
        uc.commit()
        return _reread(uc, found.name)


def _check_awaiting(found: ApiToken, status: TokenStatus) -> None:
    params = {"name": found.name, "by": found.countersigned_by}
    if status is TokenStatus.REVOKED:
        raise ConflictError("the API token {name} was revoked already", params=params)
    if found.countersigned_at is not None:
        raise ConflictError("API token {name} was countersigned already by {by}", params=params)
    if status is not TokenStatus.AWAITING:
        raise ConflictError(
            "API token {name} needs no countersignature: its role sees no personal data",
            params=params,
        )


def _existing(uc: UseCase, name: str) -> ApiToken:
    clean = name.strip().lower()
    found = uc.uow.api_tokens.by_name(clean)
    if found is None:
        raise NotFoundError(
            "no API token named {name}; see privault tokens list", params={"name": clean}
        )
    return found


def _reread(uc: UseCase, name: str) -> TokenSummary:
    """As this use case just left it (read after its commit, in the same unit of work)."""
    found = uc.uow.api_tokens.by_name(name)
    assert found is not None  # noqa: S101 -- just updated in this transaction
    return _summary(found, uc.roles)


def authenticate_token(vault: Vault, token: str) -> Actor:
    """The integration behind a token; a revoked token's use is refused and audited.

    Asked on every API call, so the lookup is a read-only unit of work (one statement on
    PostgreSQL, carrying the settings stamp for the request); only a refusal or the occasional
    last-used stamp opens a writing one."""
    if not token.startswith(PREFIX):
        raise AuthenticationError(UNKNOWN)
    with use_case(vault, ANONYMOUS, read_only=True) as reading:  # the token tells who
        credential = reading.uow.api_tokens.credential(digest(token))
        if credential is None:
            raise AuthenticationError(UNKNOWN)
        found, stamp = credential
        carried(stamp)  # before the matrix is asked: the request needs no read of its own
        now = reading.now
        status = _status(found, lambda: reading.roles)
    actor = actor_of(found)
    if status is TokenStatus.REVOKED:
        _refuse_revoked(vault, actor, found)
    if status is TokenStatus.AWAITING:
        _refuse_awaiting(vault, actor, found)
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


def _refuse_awaiting(vault: Vault, actor: Actor, found: ApiToken) -> NoReturn:
    params = {"name": found.name, "role": found.role}
    waiting = AuthenticationError(AWAITING_COUNTERSIGNATURE, params=params)
    with use_case(vault, actor) as uc:
        uc.refuse(Action.SIGN_IN, waiting, reason=waiting.message)


def _status(token: ApiToken, matrix: Callable[[], RoleMatrix]) -> TokenStatus:
    """From the matrix in force: a role that comes to see personal data stops its tokens
    that no officer countersigned. A revoked or countersigned token is decided without the
    matrix, so a served API call does not read the settings stamp for it."""
    if token.revoked_at is not None or token.countersigned_at is not None:
        return token_status(token.revoked_at, token.countersigned_at, sees_personal_data=True)
    sees = sees_personal_data(matrix().get(token.role))
    return token_status(token.revoked_at, token.countersigned_at, sees)


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


def _summary(token: ApiToken, matrix: RoleMatrix) -> TokenSummary:
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
        _status(token, lambda: matrix).value,
        token.countersigned_by,
        token.countersigned_at,
    )

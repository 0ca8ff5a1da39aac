"""API tokens of integrations (POS, booking systems): only each token's SHA-256 is stored."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, insert, select, update

from privault.db.installation import SETTINGS_STAMP, stamp_of
from privault.db.tables import api_tokens


class ApiToken(NamedTuple):
    id: str
    name: str
    role: str
    store: str | None
    created_by: str
    created_at: datetime
    last_used_at: datetime | None = None
    revoked_by: str | None = None
    revoked_at: datetime | None = None
    countersigned_by: str | None = None
    countersigned_at: datetime | None = None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


_COLUMNS = [api_tokens.c[name] for name in ApiToken._fields]
# Built once: every API call looks its token up.
_CREDENTIAL = select(*_COLUMNS, SETTINGS_STAMP).where(
    api_tokens.c.token_hash == bindparam("token_hash")
)


class ApiTokenRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, token: ApiToken, token_hash: bytes) -> None:
        self._c.execute(insert(api_tokens).values(**token._asdict(), token_hash=token_hash))

    def credential(self, token_hash: bytes) -> tuple[ApiToken, int] | None:
        """The token and the settings stamp in one statement: every API call asks."""
        row = self._c.execute(_CREDENTIAL, {"token_hash": token_hash}).first()
        if row is None:
            return None
        values = dict(row._mapping)
        return ApiToken(**{k: values[k] for k in ApiToken._fields}), stamp_of(row.settings_stamp)

    def by_name(self, name: str) -> ApiToken | None:
        row = self._c.execute(select(*_COLUMNS).where(api_tokens.c.name == name)).first()
        return None if row is None else ApiToken(**row._mapping)

    def list(self) -> list[ApiToken]:
        query = select(*_COLUMNS).order_by(api_tokens.c.created_at, api_tokens.c.name)
        return [ApiToken(**r._mapping) for r in self._c.execute(query)]

    def revoke(self, token_id: str, by: str, at: datetime) -> None:
        self._c.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id)
            .values(revoked_by=by, revoked_at=at)
        )

    def countersign(self, token_id: str, by: str, at: datetime) -> None:
        self._c.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id)
            .values(countersigned_by=by, countersigned_at=at)
        )

    def used(self, token_id: str, at: datetime) -> None:
        self._c.execute(
            update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=at)
        )

"""The consent ledger table: append and read, never update."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, select

from privault.db.bulk import insert_rows
from privault.db.tables import consent_events
from privault.domain.consents import (
    Channel,
    ConsentAction,
    ConsentEvent,
    GivenBy,
    GuardianRelation,
    active_purposes,
)


@dataclass(frozen=True)
class LedgerEntry:
    event: ConsentEvent
    guardian_name_ciphertext: bytes | None


_COLUMNS = (
    "customer_id",
    "purpose",
    "action",
    "notice_version",
    "notice_sha256",
    "channel",
    "collected_by",
    "given_by",
    "guardian_relation",
    "guardian_name_ciphertext",
    "evidence",
    "at",
)


@dataclass(frozen=True)
class NewGrant:
    customer_id: str
    guardian_name_ciphertext: bytes | None
    guardian_relation: GuardianRelation | None


class ConsentRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def append(self, entries: list[LedgerEntry]) -> None:
        rows = [_to_row(e) for e in entries]
        insert_rows(
            self._c, consent_events, _COLUMNS, [tuple(r[c] for c in _COLUMNS) for r in rows]
        )

    def append_grants(
        self, template: ConsentEvent, grants: list[NewGrant], purposes: list[str]
    ) -> None:
        """Bulk form for new customers: the template supplies everything but who and what."""
        base = _to_row(LedgerEntry(template, None))
        rows = []
        for grant in grants:
            base["customer_id"] = grant.customer_id
            base["guardian_name_ciphertext"] = grant.guardian_name_ciphertext
            relation = grant.guardian_relation
            base["guardian_relation"] = relation.value if relation else None
            base["given_by"] = (GivenBy.GUARDIAN if relation else GivenBy.SELF).value
            for purpose in purposes:
                base["purpose"] = purpose
                rows.append(tuple(base[c] for c in _COLUMNS))
        insert_rows(self._c, consent_events, _COLUMNS, rows)

    def history(self, customer_id: str) -> list[LedgerEntry]:
        query = (
            select(consent_events)
            .where(consent_events.c.customer_id == customer_id)
            .order_by(consent_events.c.id)
        )
        return [_from_row(row._mapping) for row in self._c.execute(query)]

    def active(self, ids: list[str]) -> dict[str, set[str]]:
        query = (
            select(consent_events.c.customer_id, consent_events.c.purpose, consent_events.c.action)
            .where(consent_events.c.customer_id.in_(ids))
            .order_by(consent_events.c.id)
        )
        state: dict[str, dict[str, str]] = defaultdict(dict)
        for row in self._c.execute(query):
            state[row.customer_id][row.purpose] = row.action
        return {
            cid: {p for p, a in purposes.items() if a == ConsentAction.GRANT}
            for cid, purposes in state.items()
        }

    def active_for(self, customer_id: str) -> set[str]:
        return active_purposes(e.event for e in self.history(customer_id))


def _to_row(entry: LedgerEntry) -> dict[str, object]:
    e = entry.event
    return {
        "customer_id": e.customer_id,
        "purpose": e.purpose,
        "action": e.action.value,
        "notice_version": e.notice_version,
        "notice_sha256": e.notice_sha256,
        "channel": e.channel.value,
        "collected_by": e.collected_by,
        "given_by": e.given_by.value,
        "guardian_relation": e.guardian_relation.value if e.guardian_relation else None,
        "guardian_name_ciphertext": entry.guardian_name_ciphertext,
        "evidence": e.evidence,
        "at": e.at,
    }


def _from_row(row: object) -> LedgerEntry:
    r = dict(row)  # type: ignore[call-overload]
    event = ConsentEvent(
        customer_id=r["customer_id"],
        purpose=r["purpose"],
        action=ConsentAction(r["action"]),
        notice_version=r["notice_version"],
        notice_sha256=r["notice_sha256"],
        channel=Channel(r["channel"]),
        collected_by=r["collected_by"],
        given_by=GivenBy(r["given_by"]),
        at=r["at"],
        evidence=r["evidence"],
        guardian_relation=GuardianRelation(r["guardian_relation"])
        if r["guardian_relation"]
        else None,
    )
    return LedgerEntry(event, r["guardian_name_ciphertext"])

"""The consent ledger table: append and read, never update."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

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


class ConsentRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def append(self, entries: list[LedgerEntry]) -> None:
        if entries:
            self._c.execute(insert(consent_events), [_to_row(e) for e in entries])

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

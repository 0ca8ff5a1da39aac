"""The consent ledger table: append and read, never update."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, or_, select, update

from privault.db.bulk import Binder, insert_rows
from privault.db.installation import renewals
from privault.db.tables import consent_events, customers
from privault.domain.consents import (
    Channel,
    ConsentAction,
    ConsentEvent,
    GivenBy,
    GuardianRelation,
    Renewals,
    purpose_states,
    split_states,
)


@dataclass(frozen=True)
class LedgerEntry:
    event: ConsentEvent
    guardian_name_ciphertext: bytes | None


class NewGrant(NamedTuple):
    customer_id: str
    guardian_name_ciphertext: bytes | None
    guardian_relation: GuardianRelation | None


_COLUMNS = (
    "customer_id",
    "purposes",
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


_ACTIVE = (
    select(
        consent_events.c.customer_id,
        consent_events.c.purposes,
        consent_events.c.action,
        consent_events.c.notice_version,
    )
    .where(consent_events.c.customer_id.in_(bindparam("ids", expanding=True)))
    .order_by(consent_events.c.id)
)


class ConsentRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection
        self._renewals: Renewals | None = None
        self._kept: Callable[[], Renewals] | None = None

    def append(self, entries: list[LedgerEntry], *, is_activity: bool = True) -> None:
        """A consent event is activity: it restarts the customer's inactivity clock (unless a
        retention rule, not the customer, wrote it)."""
        bind = Binder(self._c)
        insert_rows(self._c, consent_events, _COLUMNS, [_to_row(e, bind) for e in entries])
        for entry in entries if is_activity else ():
            self._c.execute(
                update(customers)
                .where(customers.c.id == entry.event.customer_id)
                .values(last_activity_at=entry.event.at)
            )

    def append_grants(self, template: ConsentEvent, grants: list[NewGrant]) -> None:
        """Bulk form for new customers: the template supplies everything but who."""
        base = _to_row(LedgerEntry(template, None), Binder(self._c))
        rows = [
            (
                g.customer_id,
                *base[1:7],
                (GivenBy.GUARDIAN if g.guardian_relation else GivenBy.SELF).value,
                g.guardian_relation.value if g.guardian_relation else None,
                g.guardian_name_ciphertext,
                *base[10:],
            )
            for g in grants
        ]
        insert_rows(self._c, consent_events, _COLUMNS, rows)

    def history(self, customer_id: str) -> list[LedgerEntry]:
        query = (
            select(consent_events)
            .where(consent_events.c.customer_id == customer_id)
            .order_by(consent_events.c.id)
        )
        return [_from_row(row._mapping) for row in self._c.execute(query)]

    def active(self, ids: list[str], *, awaiting: bool = False) -> dict[str, set[str]]:
        """The purposes each customer's consent stands for now: a grant waiting for renewal
        after a material notice change is not one (`awaiting`: count it, for rules that keep
        data rather than use it)."""
        state: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        for row in self._c.execute(_ACTIVE, {"ids": ids}):
            for purpose in row.purposes.split():
                state[row.customer_id][purpose] = (row.action, row.notice_version)
        split = {cid: split_states(last, self.renewals()) for cid, last in state.items()}
        return {cid: a | w if awaiting else a for cid, (a, w) in split.items()}

    def active_for(self, customer_id: str) -> set[str]:
        return self.states_for(customer_id)[0]

    def awaiting_renewal_for(self, customer_id: str) -> set[str]:
        return self.states_for(customer_id)[1]

    def states_for(self, customer_id: str) -> tuple[set[str], set[str]]:
        """(active, awaiting renewal) for one customer."""
        return purpose_states((e.event for e in self.history(customer_id)), self.renewals())

    def granted_any(self, purposes: list[str]) -> list[str]:
        """Customers with a grant that named any of `purposes` (a superset: ask `active`)."""
        if not purposes:
            return []
        query = (
            select(consent_events.c.customer_id)
            .where(consent_events.c.action == ConsentAction.GRANT.value)
            .where(or_(*(consent_events.c.purposes.contains(p) for p in purposes)))
            .distinct()
        )
        return sorted(self._c.execute(query).scalars())

    def renewals(self) -> Renewals:
        """Asked once per unit of work: every customer of a batch is judged by the same."""
        if self._renewals is None:
            self._renewals = self._kept() if self._kept is not None else renewals(self._c)
        return self._renewals

    def renewals_from(self, kept: Callable[[], Renewals]) -> None:
        """Where a process keeps them (against the settings stamp, which publishing a notice
        moves) instead of reading every notice's document again."""
        self._kept = kept

    def forget_renewals(self) -> None:
        """After this transaction published a material change."""
        self._renewals = None


def _to_row(entry: LedgerEntry, bind: Binder) -> tuple[object, ...]:
    e = entry.event
    return (
        e.customer_id,
        " ".join(e.purposes),
        e.action.value,
        e.notice_version,
        e.notice_sha256,
        e.channel.value,
        e.collected_by,
        e.given_by.value,
        e.guardian_relation.value if e.guardian_relation else None,
        entry.guardian_name_ciphertext,
        e.evidence,
        bind(consent_events.c.at, e.at),
    )


def _from_row(row: object) -> LedgerEntry:
    r = dict(row)  # type: ignore[call-overload]
    event = ConsentEvent(
        customer_id=r["customer_id"],
        purposes=tuple(r["purposes"].split()),
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

"""Counts for the console's dashboard: grouped totals, never a personal value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select

from privault.db.installation import renewals
from privault.db.tables import alerts, consent_events, customers, subject_requests
from privault.domain.consents import split_states

_OPEN = ("received", "identity_verified", "in_progress")
_ANSWERED = ("completed", "refused")


def _in_stores(query: Any, column: Any, stores: Iterable[str]) -> Any:
    wanted = sorted(stores)
    return query.where(column.in_(wanted)) if wanted else query


class DashboardRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def customers_by_store(self, stores: frozenset[str]) -> dict[str, int]:
        c = customers.c
        query = _in_stores(select(c.store, func.count()).group_by(c.store), c.store, stores)
        return {str(store): int(n) for store, n in self._c.execute(query.order_by(c.store))}

    def consented_customers(
        self, stores: frozenset[str], *, processable_only: bool = False
    ) -> Counter[str]:
        """Customers whose latest ledger event for a purpose is a grant, per purpose.

        The ledger is read in order and folded per customer: only purpose keys and counts
        leave this function."""
        e = consent_events.c
        query = (
            select(e.customer_id, e.purposes, e.action, e.notice_version)
            .join(customers, customers.c.id == e.customer_id)
            .order_by(e.customer_id, e.id)
        )
        query = _in_stores(query, customers.c.store, stores)
        if processable_only:  # a restricted customer is stored, not processed (no campaigns)
            query = query.where(customers.c.status != "restricted")
        # A consent waiting for renewal after a material notice change is nobody's audience.
        waiting = renewals(self._c)
        granted: Counter[str] = Counter()
        current, state = None, dict[str, tuple[str, str]]()
        for customer_id, purposes, action, version in self._c.execute(query):
            if customer_id != current:
                granted.update(split_states(state, waiting)[0])
                current, state = customer_id, {}
            for purpose in purposes.split():
                state[purpose] = (action, version)
        granted.update(split_states(state, waiting)[0])
        return granted

    def requests_by_status(self, stores: frozenset[str]) -> dict[str, int]:
        r = subject_requests.c
        query = _in_stores(select(r.status, func.count()).group_by(r.status), r.store, stores)
        return {str(status): int(n) for status, n in self._c.execute(query)}

    def open_request_due_dates(self, stores: frozenset[str]) -> list[date]:
        r = subject_requests.c
        query = _in_stores(select(r.due_on).where(r.status.in_(_OPEN)), r.store, stores)
        return list(self._c.execute(query).scalars())

    def alert_times(self, since: datetime) -> list[datetime]:
        query = select(alerts.c.at).where(alerts.c.at >= since)
        return list(self._c.execute(query).scalars())

    def registrations_since(
        self, stores: frozenset[str], since: datetime
    ) -> list[tuple[str, datetime]]:
        """(channel, registered at) of the customers registered since then: the chart groups
        them by the shop's month."""
        c = customers.c
        query = select(c.channel, c.created_at).where(c.created_at >= since)
        return [(str(ch), at) for ch, at in self._c.execute(_in_stores(query, c.store, stores))]

    def requests_closed_since(
        self, stores: frozenset[str], since: datetime
    ) -> list[tuple[date, datetime]]:
        """(due on, closed at) of the requests answered since then (completed or refused)."""
        r = subject_requests.c
        query = select(r.due_on, r.closed_at).where(
            r.closed_at.is_not(None), r.closed_at >= since, r.status.in_(_ANSWERED)
        )
        return [(due, at) for due, at in self._c.execute(_in_stores(query, r.store, stores))]

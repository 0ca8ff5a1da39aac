"""Campaigns and their delivery queue; the facts segments read (stores, last visits)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, func, insert, select, update

from privault.db.tables import (
    campaign_deliveries,
    campaigns,
    class_runs,
    customer_classes,
    customers,
    ledger_balances,
    memberships,
    transactions,
)
from privault.domain.campaigns import CampaignStatus, DeliveryStatus
from privault.domain.members import MemberStatus

_CHUNK = 500


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str
    kind: str
    stores: frozenset[str]
    channel: str
    purposes: frozenset[str]
    segment: dict[str, str]
    subject: str
    body: str
    send_at: datetime
    status: CampaignStatus
    planned_at: datetime
    planned_by: str
    approved_at: datetime | None
    approved_by: str | None
    capped: int


@dataclass(frozen=True)
class Queued:
    id: str
    customer_id: str | None


class Reported(NamedTuple):
    id: str
    campaign_id: str
    customer_id: str | None
    status: str
    provider_ref: str | None
    channel: str


class CampaignRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add(self, campaign: Campaign) -> None:
        self._c.execute(insert(campaigns).values(**_columns(campaign)))

    def get(self, campaign_id: str, *, lock: bool = False) -> Campaign | None:
        query = select(campaigns).where(campaigns.c.id == campaign_id)
        row = self._c.execute(query.with_for_update() if lock else query).first()
        return None if row is None else _campaign(row._mapping)

    def newest(self, limit: int) -> list[Campaign]:
        query = select(campaigns).order_by(campaigns.c.planned_at.desc()).limit(limit)
        return [_campaign(r._mapping) for r in self._c.execute(query)]

    def due(self, now: datetime) -> list[str]:
        wanted = [CampaignStatus.APPROVED.value, CampaignStatus.SENDING.value]
        query = select(campaigns.c.id).where(
            campaigns.c.status.in_(wanted), campaigns.c.send_at <= now
        )
        return list(self._c.execute(query.order_by(campaigns.c.send_at)).scalars())

    def exists_named(self, name: str) -> bool:
        query = select(campaigns.c.id).where(campaigns.c.name == name)
        return self._c.execute(query).first() is not None

    def set_status(self, campaign_id: str, status: CampaignStatus, **values: Any) -> None:
        query = update(campaigns).where(campaigns.c.id == campaign_id)
        self._c.execute(query.values(status=status.value, **values))

    def queue(self, rows: Sequence[dict[str, Any]]) -> None:
        for start in range(0, len(rows), _CHUNK):
            self._c.execute(insert(campaign_deliveries), list(rows[start : start + _CHUNK]))

    def with_status(
        self, campaign_id: str, status: DeliveryStatus, limit: int | None = None
    ) -> list[Queued]:
        d = campaign_deliveries.c
        query = select(d.id, d.customer_id).where(
            d.campaign_id == campaign_id, d.status == status.value
        )
        query = query.order_by(d.id).limit(limit)
        return [Queued(r.id, r.customer_id) for r in self._c.execute(query)]

    def move(self, ids: Iterable[str], status: DeliveryStatus, **values: Any) -> None:
        wanted = list(ids)
        d = campaign_deliveries.c
        for start in range(0, len(wanted), _CHUNK):
            query = update(campaign_deliveries).where(d.id.in_(wanted[start : start + _CHUNK]))
            self._c.execute(query.values(status=status.value, **values))

    def record_results(self, results: Sequence[dict[str, Any]]) -> None:
        """Each row: `key` (the delivery), `status`, `sent_at`, `provider_ref`, `error`."""
        if results:
            d = campaign_deliveries.c
            query = update(campaign_deliveries).where(d.id == bindparam("key"))
            self._c.execute(
                query.values(
                    status=bindparam("status"),
                    sent_at=bindparam("sent_at"),
                    provider_ref=bindparam("provider_ref"),
                    error=bindparam("error"),
                ),
                list(results),
            )

    def reported_on(self, keys: Sequence[str], refs: Sequence[str]) -> list[Reported]:
        """The deliveries a gateway's delivery reports name, by our key or its message id."""
        d = campaign_deliveries.c
        found: dict[str, Reported] = {}
        for column, wanted in ((d.id, list(keys)), (d.provider_ref, list(refs))):
            for start in range(0, len(wanted), _CHUNK):
                query = select(
                    d.id, d.campaign_id, d.customer_id, d.status, d.provider_ref, d.channel
                ).where(column.in_(wanted[start : start + _CHUNK]))
                found |= {r.id: Reported(*r) for r in self._c.execute(query)}
        return list(found.values())

    def settle_reports(self, rows: Sequence[dict[str, Any]]) -> None:
        """Each row: `key` (the delivery), `status`, `error` (the gateway's code or None)."""
        if rows:
            d = campaign_deliveries.c
            query = update(campaign_deliveries).where(d.id == bindparam("key"))
            self._c.execute(
                query.values(status=bindparam("status"), error=bindparam("error")), list(rows)
            )

    def owners(self, keys: Sequence[str]) -> dict[str, str]:
        """Delivery id → customer id (none once the customer is erased)."""
        d = campaign_deliveries.c
        found: dict[str, str] = {}
        for start in range(0, len(keys), _CHUNK):
            query = select(d.id, d.customer_id).where(d.id.in_(list(keys[start : start + _CHUNK])))
            found |= {r.id: r.customer_id for r in self._c.execute(query) if r.customer_id}
        return found

    def statuses(self, campaign_id: str) -> dict[str, int]:
        d = campaign_deliveries.c
        query = (
            select(d.status, func.count()).where(d.campaign_id == campaign_id).group_by(d.status)
        )
        return {str(s): int(n) for s, n in self._c.execute(query)}

    def sent_to(self, campaign_id: str) -> list[str]:
        d = campaign_deliveries.c
        query = select(d.customer_id).where(
            d.campaign_id == campaign_id,
            d.status.in_([DeliveryStatus.SENT.value, DeliveryStatus.DELIVERED.value]),
            d.customer_id.is_not(None),
        )
        return list(self._c.execute(query).scalars())

    def recently_sent(self, ids: Sequence[str], since: datetime) -> dict[str, int]:
        """Marketing messages each customer was sent (or may have been) since `since`."""
        d = campaign_deliveries.c
        counted = [
            DeliveryStatus.SENT.value,
            DeliveryStatus.DELIVERED.value,
            DeliveryStatus.UNKNOWN.value,
        ]
        found: dict[str, int] = {}
        for start in range(0, len(ids), _CHUNK):
            query = (
                select(d.customer_id, func.count())
                .where(d.customer_id.in_(list(ids[start : start + _CHUNK])))
                .where(d.status.in_(counted), d.sent_at >= since)
                .group_by(d.customer_id)
            )
            found |= {str(c): int(n) for c, n in self._c.execute(query)}
        return found

    def forget(self, ids: Sequence[str]) -> None:
        """Erasure: the deliveries stay as counts, naming nobody."""
        d = campaign_deliveries.c
        query = update(campaign_deliveries).where(d.customer_id.in_(list(ids)))
        self._c.execute(query.values(customer_id=None))

    def stores_of(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Each customer's store and status."""
        c = customers.c
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(ids), _CHUNK):
            query = select(c.id, c.store, c.status).where(
                c.id.in_(list(ids[start : start + _CHUNK]))
            )
            found |= {r.id: (r.store, r.status) for r in self._c.execute(query)}
        return found

    def last_visits(self, ids: Sequence[str]) -> dict[str, datetime]:
        t = transactions.c
        found: dict[str, datetime] = {}
        for start in range(0, len(ids), _CHUNK):
            query = (
                select(t.customer_id, func.max(t.at))
                .where(t.customer_id.in_(list(ids[start : start + _CHUNK])))
                .where(t.kind.in_(["visit", "purchase"]))
                .group_by(t.customer_id)
            )
            found |= {str(c): at for c, at in self._c.execute(query) if at is not None}
        return found

    def levels_of(self, ids: Sequence[str]) -> dict[str, str]:
        """Each active member's level key (segments by level)."""
        m = memberships.c
        found: dict[str, str] = {}
        for start in range(0, len(ids), _CHUNK):
            query = select(m.customer_id, m.level).where(
                m.customer_id.in_(list(ids[start : start + _CHUNK])),
                m.status == MemberStatus.ACTIVE.value,
            )
            found |= {str(r.customer_id): str(r.level) for r in self._c.execute(query)}
        return found

    def balances_of(self, ledger: str, ids: Sequence[str]) -> dict[str, int]:
        """Each customer's kept balance of `ledger` (segments by balance band); none: 0."""
        b = ledger_balances.c
        found: dict[str, int] = {}
        for start in range(0, len(ids), _CHUNK):
            query = select(b.customer_id, b.balance).where(
                b.ledger == ledger, b.customer_id.in_(list(ids[start : start + _CHUNK]))
            )
            found |= {str(r.customer_id): int(r.balance) for r in self._c.execute(query)}
        return found

    def classes_of(self, ids: Sequence[str]) -> dict[str, str]:
        """Each customer's class in the newest quarter computed (segments by class)."""
        newest = self._c.execute(select(func.max(class_runs.c.quarter))).scalar_one_or_none()
        c = customer_classes.c
        found: dict[str, str] = {}
        for start in range(0, len(ids) if newest else 0, _CHUNK):
            query = select(c.customer_id, c.customer_class).where(
                c.quarter == newest, c.customer_id.in_(list(ids[start : start + _CHUNK]))
            )
            found |= {str(r.customer_id): str(r.customer_class) for r in self._c.execute(query)}
        return found


def _columns(campaign: Campaign) -> dict[str, Any]:
    return {
        "id": campaign.id,
        "name": campaign.name,
        "kind": campaign.kind,
        "stores": " ".join(sorted(campaign.stores)),
        "channel": campaign.channel,
        "purposes": " ".join(sorted(campaign.purposes)),
        "segment": json.dumps(campaign.segment, ensure_ascii=False, sort_keys=True),
        "subject": campaign.subject,
        "body": campaign.body,
        "send_at": campaign.send_at,
        "status": campaign.status.value,
        "planned_at": campaign.planned_at,
        "planned_by": campaign.planned_by,
        "approved_at": campaign.approved_at,
        "approved_by": campaign.approved_by,
        "capped": campaign.capped,
    }


def _campaign(row: Any) -> Campaign:
    values = dict(row)
    values["stores"] = frozenset(values["stores"].split())
    values["purposes"] = frozenset(values["purposes"].split())
    values["segment"] = json.loads(values["segment"])
    values["status"] = CampaignStatus(values["status"])
    return Campaign(**values)

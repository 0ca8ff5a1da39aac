"""Partners' deletion notices: who was asked to delete an erased customer's copy, and which of
them confirmed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, RowMapping, insert, select, update

from privault.db.tables import disclosure_customers, disclosures, partner_deletion_notices
from privault.domain.partners import DeletionNotice

_CHUNK = 900  # ids per statement, under every driver's parameter limit


class PartnerDeletionRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def disclosed(self, ids: Sequence[str]) -> dict[tuple[str, str], set[str]]:
        """(partner, customer) -> every field disclosed to that partner of that customer."""
        d, dc = disclosures.c, disclosure_customers.c
        found: dict[tuple[str, str], set[str]] = defaultdict(set)
        for start in range(0, len(ids), _CHUNK):
            query = (
                select(d.partner_id, dc.customer_id, d.fields)
                .join(disclosures, d.id == dc.disclosure_id)
                .where(dc.customer_id.in_(list(ids[start : start + _CHUNK])))
            )
            for partner_id, customer_id, fields in self._c.execute(query):
                found[(partner_id, customer_id)].update(fields.split())
        return dict(found)

    def add(self, notices: Sequence[DeletionNotice]) -> None:
        rows = [
            {
                "id": n.id,
                "partner_id": n.partner_id,
                "customer_id": n.customer_id,
                "request_id": n.request_id,
                "fields": " ".join(n.fields),
                "sent_at": n.sent_at,
            }
            for n in notices
        ]
        if rows:
            self._c.execute(insert(partner_deletion_notices), rows)

    def notice(self, notice_id: str) -> DeletionNotice | None:
        t = partner_deletion_notices.c
        row = self._c.execute(select(partner_deletion_notices).where(t.id == notice_id))
        found = row.mappings().first()
        return None if found is None else _notice(found)

    def of_partner(self, partner_id: str, *, pending_only: bool = False) -> list[DeletionNotice]:
        t = partner_deletion_notices.c
        query = select(partner_deletion_notices).where(t.partner_id == partner_id)
        if pending_only:
            query = query.where(t.confirmed_at.is_(None))
        rows = self._c.execute(query.order_by(t.sent_at, t.id)).mappings()
        return [_notice(r) for r in rows]

    def pending_since(self, before: datetime) -> list[DeletionNotice]:
        """Unconfirmed notices sent before `before`: the ones the watch alerts on."""
        t = partner_deletion_notices.c
        query = select(partner_deletion_notices).where(t.confirmed_at.is_(None), t.sent_at < before)
        return [_notice(r) for r in self._c.execute(query.order_by(t.sent_at)).mappings()]

    def confirm(self, notice_id: str, at: datetime, by: str, reference: str) -> None:
        t = partner_deletion_notices.c
        self._c.execute(
            update(partner_deletion_notices)
            .where(t.id == notice_id)
            .values(confirmed_at=at, confirmed_by=by, reference=reference)
        )


def _notice(m: RowMapping) -> DeletionNotice:
    return DeletionNotice(
        m["id"],
        m["partner_id"],
        m["customer_id"],
        m["request_id"],
        tuple(m["fields"].split()),
        m["sent_at"],
        m["confirmed_at"],
        m["confirmed_by"],
        m["reference"],
    )

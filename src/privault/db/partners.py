"""Partners, agreements and disclosures: the rows, and the yearly count of people sent abroad."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    RowMapping,
    String,
    any_,
    bindparam,
    func,
    insert,
    select,
    update,
)

from privault.db.bulk import insert_rows
from privault.db.tables import (
    agreements,
    consent_events,
    customers,
    disclosure_customers,
    disclosures,
    partners,
)
from privault.domain.consents import Renewals, split_states
from privault.domain.partners import (
    Agreement,
    AgreementTerms,
    Partner,
    PartnerRole,
    TransferRoute,
)


class DisclosureRow(NamedTuple):
    id: str
    agreement_id: str
    partner_id: str
    purpose: str
    fields: tuple[str, ...]
    at: datetime
    by: str
    sent: int
    skipped: int
    is_abroad: bool


class Recipient(NamedTuple):
    """A partner that received a customer's data: what a subject-access package names."""

    partner: str
    role: str
    country: str
    purpose: str
    fields: tuple[str, ...]
    at: datetime


class PartnerRepository:
    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def add_partner(self, p: Partner, at: datetime, by: str) -> None:
        values = {"id": p.id, "name": p.name, "role": p.role.value, "country": p.country}
        self._c.execute(
            insert(partners).values(**values, contact=p.contact, created_at=at, created_by=by)
        )

    def partner(self, partner_id: str) -> Partner | None:
        row = self._c.execute(select(partners).where(partners.c.id == partner_id)).first()
        return None if row is None else _partner(row._mapping)

    def partners(self) -> list[Partner]:
        rows = self._c.execute(select(partners).order_by(partners.c.name, partners.c.id))
        return [_partner(r._mapping) for r in rows]

    def add_agreement(self, a: Agreement, at: datetime, by: str) -> None:
        t = a.terms
        values = {
            "id": a.id,
            "partner_id": a.partner_id,
            "purpose": t.purpose,
            "fields": " ".join(t.fields),
            "scope": t.scope,
            "confidentiality": t.confidentiality,
            "security": t.security,
            "starts_on": t.starts_on,
            "expires_on": t.expires_on,
            "deletes_on_termination": t.deletes_on_termination,
            "route": t.route.value if t.route else None,
            "assessment_ref": t.assessment_ref,
            "assessment_approved_on": t.assessment_approved_on,
        }
        self._c.execute(insert(agreements).values(**values, created_at=at, created_by=by))

    def agreement(self, agreement_id: str, *, lock: bool = False) -> Agreement | None:
        query = select(agreements).where(agreements.c.id == agreement_id)
        row = self._c.execute(query.with_for_update() if lock else query).first()
        return None if row is None else _agreement(row._mapping)

    def agreements(self, partner_id: str | None = None) -> list[Agreement]:
        query = select(agreements).order_by(agreements.c.expires_on, agreements.c.id)
        if partner_id is not None:
            query = query.where(agreements.c.partner_id == partner_id)
        return [_agreement(r._mapping) for r in self._c.execute(query)]

    def terminate(self, agreement_id: str, on: date) -> None:
        query = update(agreements).where(agreements.c.id == agreement_id)
        self._c.execute(query.values(terminated_on=on))

    def record_certificate(self, agreement_id: str, ref: str, on: date) -> None:
        query = update(agreements).where(agreements.c.id == agreement_id)
        self._c.execute(query.values(certificate_ref=ref, certificate_on=on))

    def add_disclosure(self, d: DisclosureRow, customer_ids: list[str]) -> None:
        values = d._asdict() | {"fields": " ".join(d.fields)}
        self._c.execute(insert(disclosures).values(**values))
        if self._c.dialect.name == "postgresql" and customer_ids:
            # One statement with the ids as an array: row-by-row executemany is most of the
            # cost of recording 100,000 customers there.
            self._c.exec_driver_sql(
                "INSERT INTO disclosure_customers (disclosure_id, customer_id) "
                "SELECT %(id)s, unnest(%(ids)s::varchar[])",
                {"id": d.id, "ids": customer_ids},
            )
            return
        rows = [(d.id, c) for c in customer_ids]
        insert_rows(self._c, disclosure_customers, ("disclosure_id", "customer_id"), rows)

    def disclosures(self, limit: int = 200) -> list[DisclosureRow]:
        query = select(disclosures).order_by(disclosures.c.at.desc(), disclosures.c.id).limit(limit)
        return [_disclosure(r._mapping) for r in self._c.execute(query)]

    def disclosure(self, disclosure_id: str) -> DisclosureRow | None:
        row = self._c.execute(select(disclosures).where(disclosures.c.id == disclosure_id)).first()
        return None if row is None else _disclosure(row._mapping)

    def customers_of(self, disclosure_id: str) -> list[str]:
        dc = disclosure_customers.c
        query = select(dc.customer_id).where(dc.disclosure_id == disclosure_id)
        return list(self._c.execute(query.order_by(dc.customer_id)).scalars())

    def of_customer(self, customer_id: str) -> list[DisclosureRow]:
        """The disclosures a customer was part of, oldest first (their access package)."""
        dc = disclosure_customers.c
        query = (
            select(disclosures)
            .join(disclosure_customers, dc.disclosure_id == disclosures.c.id)
            .where(dc.customer_id == customer_id)
            .order_by(disclosures.c.at, disclosures.c.id)
        )
        return [_disclosure(r._mapping) for r in self._c.execute(query)]

    def recipients_of(self, customer_id: str) -> list[Recipient]:
        dc, d, p = disclosure_customers.c, disclosures.c, partners.c
        query = (
            select(p.name, p.role, p.country, d.purpose, d.fields, d.at)
            .join(disclosures, d.id == dc.disclosure_id)
            .join(partners, p.id == d.partner_id)
            .where(dc.customer_id == customer_id)
            .order_by(d.at, d.id)
        )
        return [Recipient(*r[:4], tuple(r.fields.split()), r.at) for r in self._c.execute(query)]

    def sharing_facts(self, ids: list[str]) -> dict[str, tuple[str, bool]]:
        """(status, opted out of sharing) per customer: the two columns a disclosure checks,
        without building whole rows (a disclosure reads 100,000 of them)."""
        c = customers.c
        query = select(c.id, c.status, c.is_sharing_opted_out).where(self._among(c.id, ids))
        return {r[0]: (r[1], bool(r[2])) for r in self._c.execute(query)}

    def active_consents(self, ids: list[str], renewals: Renewals) -> dict[str, set[str]]:
        """As `ConsentRepository.active`, with the ids as one array on PostgreSQL: a
        disclosure reads 100,000 customers' consents, and a list of 900 parameters per query
        costs more to build than to run there."""
        e = consent_events.c
        query = (
            select(e.customer_id, e.purposes, e.action, e.notice_version)
            .where(self._among(e.customer_id, ids))
            .order_by(e.id)
        )
        state: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
        for row in self._c.execute(query):
            for purpose in row.purposes.split():
                state[row.customer_id][purpose] = (row.action, row.notice_version)
        return {cid: split_states(last, renewals)[0] for cid, last in state.items()}

    @property
    def batch(self) -> int:
        """Ids per read: an array has no parameter limit; SQLite allows some thousands."""
        return 10_000 if self._c.dialect.name == "postgresql" else 900

    def _among(self, column: ColumnElement[str], ids: list[str]) -> ColumnElement[bool]:
        if self._c.dialect.name == "postgresql":
            return column == any_(bindparam("ids", ids, type_=ARRAY(String)))
        return column.in_(ids)

    def people_abroad(self, since: datetime, until: datetime) -> int:
        """Distinct people sent abroad in [since, until): one person counts once a year."""
        dc, d = disclosure_customers.c, disclosures.c
        query = (
            select(func.count(func.distinct(dc.customer_id)))
            .join(disclosures, d.id == dc.disclosure_id)
            .where(d.is_abroad.is_(True), d.at >= since, d.at < until)
        )
        return int(self._c.execute(query).scalar_one())

    def counts_between(self, since: datetime, until: datetime) -> dict[str, int]:
        """For the compliance report: disclosures in [since, until), the customers sent (one
        row per disclosure and customer) and the distinct people sent abroad."""
        d = disclosures.c
        made = select(func.count(), func.coalesce(func.sum(d.sent), 0)).where(
            d.at >= since, d.at < until
        )
        count, sent = self._c.execute(made).one()
        abroad = self.people_abroad(since, until)
        return {"disclosures": int(count), "customers": int(sent), "cross_border": abroad}

    def sent_abroad_among(self, ids: list[str], since: datetime, until: datetime) -> set[str]:
        dc, d = disclosure_customers.c, disclosures.c
        found: set[str] = set()
        for start in range(0, len(ids), 900):
            query = (
                select(dc.customer_id)
                .join(disclosures, d.id == dc.disclosure_id)
                .where(d.is_abroad.is_(True), d.at >= since, d.at < until)
                .where(dc.customer_id.in_(ids[start : start + 900]))
            )
            found.update(self._c.execute(query).scalars())
        return found


def _partner(m: RowMapping) -> Partner:
    return Partner(m["id"], m["name"], PartnerRole(m["role"]), m["country"], m["contact"])


def _agreement(m: RowMapping) -> Agreement:
    terms = AgreementTerms(
        purpose=m["purpose"],
        fields=tuple(m["fields"].split()),
        scope=m["scope"],
        confidentiality=m["confidentiality"],
        security=m["security"],
        starts_on=m["starts_on"],
        expires_on=m["expires_on"],
        deletes_on_termination=m["deletes_on_termination"],
        route=TransferRoute(m["route"]) if m["route"] else None,
        assessment_ref=m["assessment_ref"],
        assessment_approved_on=m["assessment_approved_on"],
    )
    return Agreement(
        m["id"],
        m["partner_id"],
        terms,
        terminated_on=m["terminated_on"],
        certificate_ref=m["certificate_ref"],
        certificate_on=m["certificate_on"],
    )


def _disclosure(m: RowMapping) -> DisclosureRow:
    values = dict(m) | {"fields": tuple(m["fields"].split())}
    return DisclosureRow(**values)

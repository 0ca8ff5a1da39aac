"""Finding retention candidates: who would lapse or be erased, and who a hold protects."""

from __future__ import annotations

from datetime import datetime

from privault.db.retention import Candidate
from privault.db.unit_of_work import UnitOfWork
from privault.domain.catalog import Catalog
from privault.domain.retention import Lapse, RetentionRules, lapse_of

PLAN_PAGE = 5000  # customers read per query while planning


def lapse_page(
    uow: UnitOfWork,
    catalog: Catalog,
    rules: RetentionRules,
    now: datetime,
    after: Candidate | None,
    limit: int,
) -> tuple[list[Lapse], Candidate | None]:
    """The lapses among the next `limit` customers after the cursor; the cursor is None once
    every customer some purpose may have lapsed for was looked at."""
    before = rules.lapse_cutoff(now)
    if before is None:
        return [], None
    page = uow.retention.active_between(
        rules.inactive_cutoff(now), before, after=after, limit=limit
    )
    found = lapses_among(uow, catalog, rules, now, page)
    return found, (page[-1] if len(page) == limit else None)


def lapses_among(
    uow: UnitOfWork,
    catalog: Catalog,
    rules: RetentionRules,
    now: datetime,
    page: list[Candidate],
) -> list[Lapse]:
    ids = [cid for cid, _ in page]
    if not ids:
        return []
    active = uow.consents.active(ids, awaiting=True)  # kept while the customer decides
    held_fields = uow.customers.sealed_fields(ids)
    found = (
        lapse_of(catalog, rules, cid, active.get(cid, ()), held_fields.get(cid, {}), at, now)
        for cid, at in page
    )
    return [lapse for lapse in found if lapse is not None]


def all_lapses(
    uow: UnitOfWork, catalog: Catalog, rules: RetentionRules, now: datetime
) -> list[Lapse]:
    found: list[Lapse] = []
    cursor: Candidate | None = None
    while True:
        page, cursor = lapse_page(uow, catalog, rules, now, cursor, PLAN_PAGE)
        found.extend(page)
        if cursor is None:
            return found


def held_customers(
    uow: UnitOfWork, catalog: Catalog, rules: RetentionRules, now: datetime
) -> list[str]:
    """Customers a rule would reach but a legal hold covers."""
    inactive_before = rules.inactive_cutoff(now)
    before = max(inactive_before, rules.lapse_cutoff(now) or inactive_before)
    candidates = uow.retention.held(before)
    inactive = [cid for cid, at in candidates if at < inactive_before]
    recent = [(cid, at) for cid, at in candidates if at >= inactive_before]
    lapsing = [lapse.customer_id for lapse in lapses_among(uow, catalog, rules, now, recent)]
    return sorted(inactive + lapsing)

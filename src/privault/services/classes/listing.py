"""What the quarterly classes show: the marketing manager's list (masked names, class, change
since last quarter; never contact data), counts per class for marketing, and a customer's own
class with why. Only customers whose consent to profiling stands now are shown: one who
refused personalisation has no class from that moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from privault.db.classes import ClassRow, ClassRun, Consenting
from privault.domain.classes import (
    PROFILING_PURPOSE,
    Basis,
    Change,
    CustomerClass,
    change_since,
    parse_quarter,
)
from privault.domain.errors import NotFoundError
from privault.domain.masking import mask
from privault.domain.policy import Action, Actor, store_scope
from privault.services.customers.sealing import open_fields
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

NAME = "name"  # the one field the list shows, masked
PAGE = 100
NONE_YET = "no classes have been computed for {quarter}; compute them first"


@dataclass(frozen=True)
class ListedCustomer:
    customer_id: str
    masked_name: str
    customer_class: CustomerClass
    basis: Basis
    change: Change
    before: CustomerClass | None


@dataclass(frozen=True)
class ClassCounts:
    quarter: str | None  # none: no quarter computed yet
    counts: dict[str, int]
    computed_at: datetime | None
    is_partial: bool
    zone: str  # the shop's time zone, for showing computed_at


@dataclass(frozen=True)
class ClassList:
    summary: ClassCounts
    customers: list[ListedCustomer]
    next_after: str | None  # the cursor of the next page, if any


def count_classes(vault: Vault, actor: Actor, quarter: str | None = None) -> ClassCounts:
    """Counts only: what marketing may see."""
    chosen = parse_quarter(quarter).key if quarter else None
    with use_case(vault, actor) as uc:
        uc.require(Action.CLASSES_COUNT)
        summary = _summary(uc, chosen, Action.CLASSES_COUNT)
        uc.record(Action.CLASSES_COUNT, reason=f"class counts of {summary.quarter or '-'}")
        uc.commit()
    return summary


def list_classes(
    vault: Vault, actor: Actor, quarter: str | None = None, *, after: str = "", limit: int = PAGE
) -> ClassList:
    """One page in customer-id order; each customer shown is audited."""
    chosen = parse_quarter(quarter).key if quarter else None
    with use_case(vault, actor) as uc:
        uc.require(Action.CLASSES_READ)
        summary = _summary(uc, chosen, Action.CLASSES_READ)
        limit = max(1, min(limit, PAGE))
        rows = _page(uc, summary.quarter, after, limit + 1)
        shown, more = rows[:limit], len(rows) > limit
        names = _masked_names(uc, [r.customer_id for r in shown])
        listed = [
            ListedCustomer(
                r.customer_id,
                names.get(r.customer_id, ""),
                r.placement.customer_class,
                r.placement.basis,
                change_since(r.placement.customer_class, r.before),
                r.before,
            )
            for r in shown
        ]
        ids = [r.customer_id for r in shown]
        uc.record_each(Action.CLASSES_READ, ids, fields=[NAME], purpose=PROFILING_PURPOSE)
        uc.commit()
    return ClassList(summary, listed, ids[-1] if more and ids else None)


def _page(uc: UseCase, quarter: str | None, after: str, limit: int) -> list[ClassRow]:
    if quarter is None:
        return []
    before = parse_quarter(quarter).previous().key
    stores = store_scope(uc.actor, uc.roles, Action.CLASSES_READ)
    return uc.uow.classes.page(quarter, before, consenting(uc), stores, after=after, limit=limit)


def _summary(uc: UseCase, quarter: str | None, action: Action) -> ClassCounts:
    """The latest quarter computed (or the one asked for); before any: nothing, counted."""
    run = _run(uc, quarter)
    zone = uc.vault.opening_hours(uc.uow).zone
    counts = dict.fromkeys((c.value for c in CustomerClass), 0)
    if run is None:
        return ClassCounts(None, counts, None, False, zone)
    stores = store_scope(uc.actor, uc.roles, action)
    counts |= uc.uow.classes.counts(run.quarter, consenting(uc), stores)
    return ClassCounts(run.quarter, counts, run.computed_at, run.is_partial, zone)


def _run(uc: UseCase, quarter: str | None) -> ClassRun | None:
    runs = uc.uow.classes.runs()
    found = next((r for r in runs if quarter in (None, r.quarter)), None)
    if found is None and quarter is not None:
        raise NotFoundError(NONE_YET, params={"quarter": quarter})
    return found


def consenting(uc: UseCase) -> Consenting:
    """Who may be profiled now: consent to the profiling purpose, not awaiting renewal."""
    waiting = uc.uow.consents.renewals().get(PROFILING_PURPOSE, frozenset())
    return Consenting(PROFILING_PURPOSE, waiting)


def _masked_names(uc: UseCase, ids: list[str]) -> dict[str, str]:
    spec = uc.catalog.fields.get(NAME)
    if spec is None or not ids:
        return {}
    opened = open_fields(uc.vault, uc.uow, ids, only=[NAME])
    return {
        cid: mask(spec.mask, values[NAME], uc.vault.masking)
        for cid, values in opened.items()
        if values.get(NAME)
    }

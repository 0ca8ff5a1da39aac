"""The request queue a page at a time: by status, type and a customer's mobile tail, surname
or both (found by their blind indexes, no internal id typed), soonest due first or the latest
received first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from privault.db.requests import RequestQuery
from privault.domain.list_filters import parse_choice, parse_tail
from privault.domain.paging import PAGE_SIZE, Page, offset_of, parse_page
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.requests import RequestStatus, RequestType, parse_request_type, parse_status
from privault.domain.surnames import parse_surname
from privault.services.customers.lookups import customers_found, holders_of
from privault.services.requests.handling import raise_deadline_alerts
from privault.services.requests.records import RequestView, shop_day, view
from privault.services.use_case import use_case
from privault.services.vault import Vault

SORTS = ("due", "received")
TAIL_MATCHES = 100  # customers sharing a tail or a surname; more would be a search, not a filter


@dataclass(frozen=True)
class QueueFilter:
    status: RequestStatus | None = None
    type: RequestType | None = None
    mobile_tail: str | None = None
    surname: str | None = None
    latest_received_first: bool = False
    page: int = 1


def queue_filter(typed: Mapping[str, str]) -> QueueFilter:
    """Blank means any; the first bad value is named as its field."""
    status = (typed.get("status") or "").strip()
    kind = (typed.get("type") or "").strip()
    return QueueFilter(
        parse_status(status) if status else None,
        parse_request_type(kind) if kind else None,
        parse_tail(typed.get("mobile_tail")),
        parse_surname(typed.get("surname")),
        parse_choice(typed.get("sort"), SORTS, "sort") == "received",
        parse_page(typed.get("page")),
    )


def page_requests(vault: Vault, actor: Actor, wanted: QueueFilter) -> Page[RequestView]:
    """A page of the queue; like the whole list, it raises the overdue and nearly-due alerts."""
    with use_case(vault, actor) as uc:
        uc.require(Action.REQUEST_READ)
        stores = store_scope(actor, uc.roles, Action.REQUEST_READ)
        holders = None
        if wanted.mobile_tail or wanted.surname:
            found = holders_of(uc, wanted.mobile_tail, wanted.surname, limit=TAIL_MATCHES)
            holders = frozenset(found)
        query = RequestQuery(
            wanted.status.value if wanted.status else None,
            wanted.type.value if wanted.type else None,
            holders,
            wanted.latest_received_first,
        )
        offset, size = offset_of(wanted.page), PAGE_SIZE + 1
        rows = uc.uow.requests.page(query, stores=stores, offset=offset, limit=size)
        today = shop_day(uc)
        raise_deadline_alerts(uc, today, stores)
        page = Page.cut([view(row, today) for row in rows], wanted.page)
        uc.record(Action.REQUEST_READ, reason=_reason(wanted, page, holders))
        uc.commit()
        return page


def _reason(wanted: QueueFilter, page: Page[RequestView], holders: frozenset[str] | None) -> str:
    """Parts joined by "; ", which the trail page translates one by one."""
    used = [f"{k} {v.value}" for k, v in (("status", wanted.status), ("type", wanted.type)) if v]
    if holders is not None:
        used.append(customers_found(wanted.mobile_tail, wanted.surname, len(holders)))
    if wanted.latest_received_first:
        used.append("latest received first")
    shown = f"rows {page.first_row}-{page.last_row}" if page.items else "no requests"
    return "; ".join([f"queue: {shown}", *used])

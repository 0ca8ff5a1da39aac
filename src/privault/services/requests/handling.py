"""Data-subject requests: opening one with its legal clocks, reading them, deadline alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from privault.db.requests import SubjectRequest
from privault.db.unit_of_work import UnitOfWork
from privault.domain.alerts import request_deadline
from privault.domain.deadlines import NEARLY_DUE_DAYS
from privault.domain.paging import PAGE_SIZE, Page, offset_of
from privault.domain.policy import Action, Actor, store_scope
from privault.domain.requests import (
    Regime,
    RequestChannel,
    RequestStatus,
    RequestType,
    check_received_on,
    needs_verification,
    parse_channel,
    parse_received_on,
    parse_regimes,
    parse_request_type,
    parse_status,
)
from privault.services.customers.records import existing_customer
from privault.services.requests.intake import (
    Opening,
    check_note,
    due_dates_for,
    file_request,
    request_row,
)
from privault.services.requests.records import (
    RegimeDue,
    RequestView,
    load,
    record_step,
    shop_day,
    view,
)
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

LIST_LIMIT = 500


@dataclass(frozen=True)
class OpenedRequest:
    id: str
    customer_id: str
    type: RequestType
    channel: RequestChannel
    status: RequestStatus
    regimes: tuple[Regime, ...]
    received_on: date
    due_on: date
    acknowledge_by: date | None  # CA: confirm receipt by this day
    deadlines: tuple[RegimeDue, ...]
    needs_verification: bool


@dataclass(frozen=True)
class DeadlineCheck:
    overdue: int
    nearly_due: int
    alerts_raised: int  # new ones; an alert already raised today is not raised again


def open_request(
    vault: Vault,
    actor: Actor,
    customer_id: str,
    type: RequestType | str,
    channel: RequestChannel | str,
    received_on: date | str | None = None,
    note: str | None = None,
) -> OpenedRequest:
    """The clocks start on the day the request actually arrived, under the customer's regimes."""
    request_type = parse_request_type(type)
    request_channel = parse_channel(channel)
    cleaned_note = check_note(note, vault)
    with use_case(vault, actor) as uc:
        today = shop_day(uc)
        received = _received(received_on, today)
        customer = existing_customer(uc.uow, customer_id.strip())
        uc.require(Action.REQUEST_OPEN, customer_id=customer.id, store=customer.store)
        regimes = parse_regimes(customer.regimes)
        deadlines = due_dates_for(uc.uow, received, regimes, request_type)
        opened = Opening(actor.name, uc.now, customer.id, customer.store)
        row = request_row(opened, request_type, request_channel, deadlines, cleaned_note)
        file_request(uc, row)
        uc.commit()
    return _opened(view(row, today), request_type, request_channel, received)


def _opened(
    shown: RequestView, request_type: RequestType, channel: RequestChannel, received: date
) -> OpenedRequest:
    return OpenedRequest(
        shown.id,
        shown.customer_id,
        request_type,
        channel,
        shown.status,
        shown.regimes,
        received,
        shown.due_on,
        shown.acknowledge_by,
        shown.deadlines,
        needs_verification(request_type),
    )


def _received(received_on: date | str | None, today: date) -> date:
    if isinstance(received_on, date):
        return check_received_on(received_on, today)
    return parse_received_on(received_on, today)


def get_request(vault: Vault, actor: Actor, request_id: str) -> RequestView:
    with use_case(vault, actor) as uc:
        row = load(uc.uow, request_id)
        uc.require(Action.REQUEST_READ, customer_id=row.customer_id, store=row.store)
        record_step(uc, Action.REQUEST_READ.value, row, "shown")
        uc.commit()
        return view(row, shop_day(uc))


def list_requests(
    vault: Vault,
    actor: Actor,
    *,
    status: str | None = None,
    customer_id: str | None = None,
    open_only: bool = False,
) -> list[RequestView]:
    """Most urgent first, the first LIST_LIMIT; listing also raises the overdue and nearly-due
    alerts."""
    wanted = RequestList(status, customer_id, open_only)
    return _listed(vault, actor, wanted, offset=0, limit=LIST_LIMIT)


def page_request_list(
    vault: Vault, actor: Actor, wanted: RequestList, page: int = 1
) -> Page[RequestView]:
    """The same list a page at a time, for the API and the command line."""
    found = _listed(vault, actor, wanted, offset=offset_of(page), limit=PAGE_SIZE + 1)
    return Page.cut(found, page)


@dataclass(frozen=True)
class RequestList:
    status: str | None = None
    customer_id: str | None = None
    open_only: bool = False


def _listed(
    vault: Vault, actor: Actor, wanted: RequestList, *, offset: int, limit: int
) -> list[RequestView]:
    status = parse_status(wanted.status) if wanted.status else None
    customer_id = wanted.customer_id.strip() if wanted.customer_id else None
    with use_case(vault, actor) as uc:
        uc.require(Action.REQUEST_READ, customer_id=customer_id)
        stores = store_scope(actor, uc.roles, Action.REQUEST_READ)
        rows = uc.uow.requests.list(
            status=status.value if status else None,
            customer_id=customer_id,
            open_only=wanted.open_only,
            stores=stores,
            offset=offset,
            limit=limit,
        )
        today = shop_day(uc)
        _raise_deadline_alerts(uc, today, stores)
        reason = f"listed {len(rows)} requests"
        uc.record(Action.REQUEST_READ, customer_id=customer_id, reason=reason)
        uc.commit()
        return [view(row, today) for row in rows]


def check_request_deadlines(vault: Vault, actor: Actor) -> DeadlineCheck:
    """Raises an alert per open request that is overdue or nearly due, once a day each."""
    with use_case(vault, actor) as uc:
        uc.require(Action.REQUEST_READ)
        stores = store_scope(actor, uc.roles, Action.REQUEST_READ)
        found = _raise_deadline_alerts(uc, shop_day(uc), stores)
        uc.commit()
        return found


def _raise_deadline_alerts(uc: UseCase, today: date, stores: frozenset[str]) -> DeadlineCheck:
    overdue = nearly_due = raised = 0
    for row in _at_risk(uc.uow, today, stores):
        for what, due_on in _dates_at_stake(row):
            alert = request_deadline(row.id, row.opened_by, what, due_on, today, NEARLY_DUE_DAYS)
            if alert is None:
                continue
            if due_on < today:
                overdue += 1
            else:
                nearly_due += 1
            if uc.alert(alert):
                raised += 1
    return DeadlineCheck(overdue, nearly_due, raised)


def _at_risk(uow: UnitOfWork, today: date, stores: frozenset[str]) -> list[SubjectRequest]:
    """Open requests whose reply or (CA) acknowledgement is due within the warning days."""
    horizon = date.fromordinal(today.toordinal() + NEARLY_DUE_DAYS)
    by_due = uow.requests.list(open_only=True, due_by=horizon, stores=stores)
    unacknowledged = uow.requests.list(open_only=True, unacknowledged_by=horizon, stores=stores)
    seen = {r.id for r in by_due}
    return by_due + [r for r in unacknowledged if r.id not in seen]


def _dates_at_stake(row: SubjectRequest) -> list[tuple[str, date]]:
    dates = [("reply", row.due_on)]
    if row.acknowledge_by is not None and row.acknowledged_on is None:
        dates.append(("acknowledgement", row.acknowledge_by))
    return dates


def raise_deadline_alerts(uc: UseCase, today: date, stores: frozenset[str]) -> DeadlineCheck:
    """For the queue's pages, which raise the alerts as the whole list does."""
    return _raise_deadline_alerts(uc, today, stores)

"""/api/v1/customers/{id}/visits: record a check-out (a POS posts the bill), list a customer's
visits and purchases, reverse a wrong entry."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from privault.domain.transactions import ItemInput, Transaction
from privault.services.customers.transactions import record_transaction, reverse_transaction
from privault.services.customers.visit_history import (
    MAX_PER_PAGE,
    PER_PAGE,
    Visit,
    VisitHistory,
    list_visits,
)
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS, CustomerId, Text
from privault.web.auth import VaultDep

router = APIRouter(prefix="/customers", tags=["visits"], responses=REFUSALS)
EntryId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The entry's number")]


class ItemLine(BaseModel):
    text: Text = Field(description="What was sold or served", examples=["洗剪吹"])
    quantity: Text | None = Field(None, description="A whole number", examples=["1"])
    amount: Text | None = Field(None, description="The line's amount in yuan", examples=["88.00"])


class CheckOut(BaseModel):
    kind: Text | None = Field(
        None, description="visit, purchase, refund or top_up; default: purchase when paid"
    )
    amount: Text | None = Field(None, description="Yuan; default: the sum of the lines' amounts")
    items: list[ItemLine] = Field([], max_length=30, description="The bill's lines")
    served_by: list[Text] = Field(
        [], max_length=5, description="Staff account names of the store who served"
    )
    store: Text | None = Field(None, description="Where; default the customer's store")
    booking_id: Text | None = Field(None, description="The booking served (its id)")


class Reversal(BaseModel):
    reason: Text = Field(description="Why the entry is reversed; kept with the reversal")


class Entry(BaseModel):
    """One entry; in a history, `amount` and `items` are masked or left out by role."""

    id: int
    at: datetime
    store: str
    kind: str = Field(description="visit, purchase, refund, top_up or reversal")
    amount: str | None
    currency: str | None
    items: list[ItemLine]
    served_by: list[str]
    booking_id: str | None
    reverses_id: int | None = Field(description="A reversal: the entry it negates")
    reversed_by: int | None = Field(None, description="The reversal that negated this entry")
    reason: str | None
    needs_contact_confirmation: bool = Field(
        False,
        description="A check-out of a customer whose contact data was not confirmed within the "
        "shop's period: confirm it with them (issue 17)",
    )


class History(BaseModel):
    total: int
    page: int
    per_page: int
    shown: str = Field(description="clear, masked or hidden: how amounts and items are shown")
    zone: str = Field(description="The shop's time zone")
    visits: list[Entry]


def _entry(t: Transaction | Visit) -> Entry:
    reversed_by = t.reversed_by if isinstance(t, Visit) else None
    lines = [ItemLine(text=i.text, quantity=_text(i.quantity), amount=i.amount) for i in t.items]
    kind = t.kind if isinstance(t, Visit) else t.kind.value
    return Entry(
        id=t.id,
        at=t.at,
        store=t.store,
        kind=kind,
        amount=t.amount,
        currency=t.currency,
        items=lines,
        served_by=list(t.served_by),
        booking_id=t.booking_id,
        reverses_id=t.reverses_id,
        reversed_by=reversed_by,
        reason=t.reason,
        needs_contact_confirmation=getattr(t, "needs_contact_confirmation", False),
    )


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)


def _history(h: VisitHistory) -> History:
    visits = [_entry(v) for v in h.visits]
    return History(
        total=h.total, page=h.page, per_page=h.per_page, shown=h.sight, zone=h.zone, visits=visits
    )


@router.get("/{customer_id}/visits", summary="A customer's visits and purchases, newest first")
def history(
    customer_id: CustomerId,
    vault: VaultDep,
    actor: ApiActor,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
) -> History:
    return _history(list_visits(vault, actor, customer_id, page=page, per_page=per_page))


@router.post("/{customer_id}/visits", status_code=201, summary="Record a visit or purchase")
def check_out(customer_id: CustomerId, body: CheckOut, vault: VaultDep, actor: ApiActor) -> Entry:
    lines = [ItemInput(i.text, i.quantity, i.amount) for i in body.items]
    recorded = record_transaction(
        vault,
        actor,
        customer_id,
        body.kind,
        body.amount,
        store=body.store,
        served_by=body.served_by,
        items=lines,
        booking_id=body.booking_id,
    )
    return _entry(recorded)


@router.post(
    "/{customer_id}/visits/{entry_id}/reverse",
    status_code=201,
    summary="Reverse an entry: a new entry negates it; the original stays",
)
def reverse(
    customer_id: CustomerId, entry_id: EntryId, body: Reversal, vault: VaultDep, actor: ApiActor
) -> Entry:
    reversal = reverse_transaction(vault, actor, entry_id, body.reason, customer_id=customer_id)
    return _entry(reversal)

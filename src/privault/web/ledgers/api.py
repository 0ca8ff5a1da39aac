"""/api/v1/customers/{id}/wallet and /points: a POS reads a balance (audited) and moves stored
value or points. Stored value travels as yuan strings ("100.00"), never as floats."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from privault.domain.ledger import Ledger, LedgerEntry
from privault.domain.transactions import format_cents
from privault.services.ledgers.accounts import (
    MAX_PER_PAGE,
    RECENT,
    Account,
    reverse_entry,
    show_account,
)
from privault.services.points.movements import redeem_points
from privault.services.wallet.movements import refund, spend, top_up
from privault.web.api.deps import ApiActor
from privault.web.api.models import REFUSALS, CustomerId, Text
from privault.web.auth import VaultDep

router = APIRouter(prefix="/customers", tags=["wallet and points"], responses=REFUSALS)
EntryId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The entry's number")]
Page = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=MAX_PER_PAGE)]


class Movement(BaseModel):
    amount: Text = Field(description="Yuan with at most two decimals", examples=["100.00"])
    note: Text | None = Field(None, description="Kept with the entry; a refund's reason")


class Redemption(BaseModel):
    points: Text = Field(description="Whole points", examples=["100"])
    note: Text | None = Field(None, description="What the points paid for")


class Reversal(BaseModel):
    reason: Text = Field(description="Why the entry is reversed; kept with the reversal")


class EntryOut(BaseModel):
    id: int
    at: datetime
    store: str
    kind: str = Field(
        description="earn, redeem, expire, adjust, top_up, bonus, spend, refund, reversal"
    )
    amount: str = Field(
        description="Yuan for stored value, whole points for points; negative goes out"
    )
    reason: str | None
    reverses_id: int | None
    pair_id: int | None = Field(description="A bonus: the top-up it came with")


class AccountOut(BaseModel):
    customer_id: str
    ledger: str
    balance: str
    total: int = Field(description="Entries in all")
    zone: str = Field(description="The shop's time zone")
    entries: list[EntryOut] = Field(description="Newest first")


def _amount(ledger: Ledger, amount: int) -> str:
    return format_cents(amount) if ledger is Ledger.WALLET else str(amount)


def _entry(e: LedgerEntry) -> EntryOut:
    return EntryOut(
        id=e.id,
        at=e.at,
        store=e.store,
        kind=e.kind.value,
        amount=_amount(e.ledger, e.amount),
        reason=e.reason,
        reverses_id=e.reverses_id,
        pair_id=e.pair_id,
    )


def _created(entry: EntryOut) -> Response:
    """A till's movement answered as built: a sync endpoint returning the model would have
    FastAPI validate it again in its thread pool, one more hop on the busiest POS call."""
    return Response(entry.model_dump_json(), status_code=201, media_type="application/json")


def _account(a: Account) -> AccountOut:
    return AccountOut(
        customer_id=a.customer_id,
        ledger=a.ledger.value,
        balance=_amount(a.ledger, a.balance),
        total=a.total,
        zone=a.zone,
        entries=[_entry(e) for e in a.entries],
    )


def _reader(ledger: Ledger) -> Callable[..., AccountOut]:
    def read(
        customer_id: CustomerId,
        vault: VaultDep,
        actor: ApiActor,
        page: Page = 1,
        per_page: PerPage = RECENT,
    ) -> AccountOut:
        found = show_account(vault, actor, ledger, customer_id, page=page, per_page=per_page)
        return _account(found)

    read.__name__ = f"read_{ledger.value}"
    return read


router.get("/{customer_id}/wallet", summary="The stored-value balance and recent entries")(
    _reader(Ledger.WALLET)
)
router.get("/{customer_id}/points", summary="The points held and recent entries")(
    _reader(Ledger.POINTS)
)


@router.post(
    "/{customer_id}/wallet/topup",
    status_code=201,
    summary="Top up; a bonus tier adds its own entry",
)
def wallet_top_up(
    customer_id: CustomerId, body: Movement, vault: VaultDep, actor: ApiActor
) -> list[EntryOut]:
    return [_entry(e) for e in top_up(vault, actor, customer_id, body.amount, body.note)]


@router.post(
    "/{customer_id}/wallet/spend",
    status_code=201,
    response_model=EntryOut,
    summary="Pay from stored value; refused above the balance",
)
def wallet_spend(
    customer_id: CustomerId, body: Movement, vault: VaultDep, actor: ApiActor
) -> Response:
    return _created(_entry(spend(vault, actor, customer_id, body.amount, body.note)))


@router.post(
    "/{customer_id}/wallet/refund",
    status_code=201,
    response_model=EntryOut,
    summary="Pay stored value back; `note` is the reason",
)
def wallet_refund(
    customer_id: CustomerId, body: Movement, vault: VaultDep, actor: ApiActor
) -> Response:
    return _created(_entry(refund(vault, actor, customer_id, body.amount, body.note)))


@router.post(
    "/{customer_id}/points/redeem",
    status_code=201,
    response_model=EntryOut,
    summary="Redeem points; refused above the points held",
)
def points_redeem(
    customer_id: CustomerId, body: Redemption, vault: VaultDep, actor: ApiActor
) -> Response:
    return _created(_entry(redeem_points(vault, actor, customer_id, body.points, body.note)))


@router.post(
    "/{customer_id}/ledgers/{entry_id}/reverse",
    status_code=201,
    summary="Reverse a points or stored-value entry: new entries negate it; the original stays",
)
def reverse(
    customer_id: CustomerId, entry_id: EntryId, body: Reversal, vault: VaultDep, actor: ApiActor
) -> list[EntryOut]:
    return [
        _entry(e)
        for e in reverse_entry(vault, actor, entry_id, body.reason, customer_id=customer_id)
    ]

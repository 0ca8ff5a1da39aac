"""A customer's visits and purchases, newest first and paged: transaction and behaviour data,
its amounts and lines shown, masked or left out as the reader's roles see that category."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from privault.domain.catalog import Category, MaskRule
from privault.domain.errors import InvalidInputError
from privault.domain.masking import HIDDEN, mask
from privault.domain.policy import Action, Actor, Sight, category_sight
from privault.domain.transactions import Item, Transaction
from privault.services.customers.records import existing_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass(frozen=True)
class ShownItem:
    text: str
    quantity: int | None
    amount: str | None


@dataclass(frozen=True)
class Visit:
    """One entry as the reader may see it; `amount` and `items` follow `sight`."""

    id: int
    at: datetime
    store: str
    kind: str
    amount: str | None
    currency: str | None
    items: tuple[ShownItem, ...]
    served_by: tuple[str, ...]
    booking_id: str | None
    reverses_id: int | None
    reversed_by: int | None
    reason: str | None
    recorded_by: str


@dataclass(frozen=True)
class VisitHistory:
    customer_id: str
    total: int
    page: int
    per_page: int
    sight: Sight
    zone: str  # the shop's time zone, for showing the times
    visits: list[Visit]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def list_visits(
    vault: Vault, actor: Actor, customer_id: str, *, page: int = 1, per_page: int = PER_PAGE
) -> VisitHistory:
    """Reading the history is a read of the customer: audited with what was shown."""
    _check_page(page, per_page)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id)
        uc.require(
            Action.TRANSACTION_READ,
            customer_id=customer_id,
            store=row.store,
            customer_status=row.status,
        )
        sight = category_sight(actor, uc.roles, Category.TRANSACTION, row.store)
        found = uc.uow.transactions.newest_first(customer_id, (page - 1) * per_page, per_page)
        total = uc.uow.transactions.count(customer_id)
        visits = _shown(uc, found, sight)
        fields = [] if sight is Sight.HIDDEN else ["amount", "items"]
        reason = f"visits listed (page {page}, {len(visits)} of {total}, {sight.value})"
        uc.record(Action.TRANSACTION_READ, customer_id=customer_id, fields=fields, reason=reason)
        zone = uc.vault.opening_hours(uc.uow).zone
        uc.commit()
    return VisitHistory(customer_id, total, page, per_page, sight, zone, visits)


def _check_page(page: int, per_page: int) -> None:
    if page < 1:
        raise InvalidInputError("pages count from 1", field="page")
    if not 0 < per_page <= MAX_PER_PAGE:
        raise InvalidInputError(
            "from 1 to {limit} a page", field="per_page", params={"limit": MAX_PER_PAGE}
        )


def _shown(uc: UseCase, found: list[Transaction], sight: Sight) -> list[Visit]:
    reversed_by = uc.uow.transactions.reversals_of([t.id for t in found])
    return [_visit(t, sight, reversed_by.get(t.id), uc) for t in found]


def _visit(t: Transaction, sight: Sight, reversed_by: int | None, uc: UseCase) -> Visit:
    return Visit(
        id=t.id,
        at=t.at,
        store=t.store,
        kind=t.kind.value,
        amount=_money(t.amount, sight),
        currency=t.currency if sight is not Sight.HIDDEN else None,
        items=_items(t, sight, uc),
        served_by=t.served_by,
        booking_id=t.booking_id,
        reverses_id=t.reverses_id,
        reversed_by=reversed_by,
        reason=t.reason,
        recorded_by=t.recorded_by,
    )


def _money(amount: str | None, sight: Sight) -> str | None:
    if amount is None or sight is Sight.HIDDEN:
        return None
    return amount if sight is Sight.CLEAR else HIDDEN


def _items(t: Transaction, sight: Sight, uc: UseCase) -> tuple[ShownItem, ...]:
    """The single free-text item of older entries reads as one line."""
    lines = t.items or ((Item(t.item),) if t.item else ())
    if sight is Sight.HIDDEN:
        return ()
    if sight is Sight.CLEAR:
        return tuple(ShownItem(i.text, i.quantity, i.amount) for i in lines)
    masking = uc.vault.masking
    return tuple(ShownItem(mask(MaskRule.TEXT, i.text, masking), None, None) for i in lines)

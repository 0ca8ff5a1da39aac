"""Which regimes (CN, EU, CA) apply to a customer: the installation default, or set by hand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from privault.domain.policy import Action, Actor
from privault.domain.requests import Regime, parse_regimes
from privault.services.customers.records import existing_customer
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class CustomerRegimes:
    customer_id: str
    regimes: tuple[Regime, ...]
    previous: tuple[Regime, ...]


def set_customer_regimes(
    vault: Vault, actor: Actor, customer_id: str, regimes: str | Iterable[str]
) -> CustomerRegimes:
    """New requests follow the new regimes; open ones keep the clocks they started with."""
    chosen = parse_regimes(regimes)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id.strip())
        uc.require(Action.REGIMES_SET, customer_id=row.id, store=row.store)
        previous = parse_regimes(row.regimes)
        uc.uow.regimes.set_for_customer(row.id, " ".join(r.value for r in chosen), uc.now)
        reason = f"regimes {' '.join(chosen)} (were {' '.join(previous)})"
        uc.record(Action.REGIMES_SET, customer_id=row.id, reason=reason)
        uc.commit()
        return CustomerRegimes(row.id, chosen, previous)

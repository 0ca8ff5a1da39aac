"""The language a customer is written to in: set by staff as the customer asks, and read by
the areas that write to customers (incident notices, complaint answers)."""

from __future__ import annotations

from collections.abc import Sequence

from privault.domain.customer_language import (
    SHOP_DEFAULT_KEY,
    language_for,
    parse_customer_language,
)
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.services.customers.records import existing_customer
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault


def set_customer_language(
    vault: Vault, actor: Actor, customer_id: str, language: str | None
) -> str:
    """Empty clears the choice; the language the customer is then written to is returned."""
    chosen = parse_customer_language(language)
    with use_case(vault, actor) as uc:
        row = existing_customer(uc.uow, customer_id.strip())
        uc.require(Action.UPDATE, customer_id=row.id, store=row.store, customer_status=row.status)
        uc.uow.customer_languages.set(row.id, chosen)
        uc.record(Action.UPDATE, customer_id=row.id, reason=f"language {chosen or 'default'}")
        uc.commit()
        return languages_of(uc, [row.id])[row.id]


def languages_of(uc: UseCase, ids: Sequence[str]) -> dict[str, str]:
    """Inside the caller's use case: each customer's language, the shop's default for those
    who chose none."""
    default = uc.uow.installation.get(SHOP_DEFAULT_KEY)
    stored = uc.uow.customer_languages.of(ids)
    return {cid: language_for(stored.get(cid), default) for cid in ids}


def get_shop_customer_language(vault: Vault, actor: Actor) -> str:
    """The language the shop writes to customers who chose none (Chinese unless set)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.SHOP_SETTINGS)
        return language_for(None, uc.uow.installation.get(SHOP_DEFAULT_KEY))


def set_shop_customer_language(vault: Vault, actor: Actor, language: str) -> str:
    """A shop abroad, or one serving mostly foreign guests, writes to them in English by
    default; a customer's own choice still wins."""
    chosen = parse_customer_language(language)
    if chosen is None:
        raise InvalidInputError("choose zh or en", field="language")
    with use_case(vault, actor) as uc:
        uc.require(Action.SHOP_SETTINGS)
        before = language_for(None, uc.uow.installation.get(SHOP_DEFAULT_KEY))
        uc.uow.installation.put(SHOP_DEFAULT_KEY, chosen)
        reason = f"customers' default language {chosen} (was {before})"
        uc.record(Action.SHOP_SETTINGS, reason=reason)
        uc.commit()
        return chosen

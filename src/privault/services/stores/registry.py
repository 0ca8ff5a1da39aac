"""The store registry: listed, added, renamed and deactivated by the owner or the privacy
officer, each change audited; forms offer the active stores (no personal data)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from zoneinfo import ZoneInfo

from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.policy import Action, Actor
from privault.domain.stores import Store, StoreDetails, parse_code, parse_details
from privault.services.use_case import ANONYMOUS, UseCase, use_case
from privault.services.vault import Vault


def list_stores(vault: Vault, actor: Actor) -> list[Store]:
    """Every store, active or not, for the settings page and the CLI."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STORES_MANAGE)
        return uc.uow.stores.list()


def get_store(vault: Vault, actor: Actor, code: str) -> Store:
    with use_case(vault, actor) as uc:
        uc.require(Action.STORES_MANAGE)
        return _existing(uc, code)


def active_stores(vault: Vault) -> list[Store]:
    """The stores a form offers: the shop's own details, readable without a role."""
    with use_case(vault, ANONYMOUS, read_only=True) as uc:
        return uc.uow.stores.list(active_only=True)


def add_store(vault: Vault, actor: Actor, code: str, typed: Mapping[str, str]) -> Store:
    """A code already registered (active or not) is refused: codes name stores for good."""
    code, details = parse_code(code), _details(typed)
    with use_case(vault, actor) as uc:
        uc.require(Action.STORES_MANAGE)
        if uc.uow.stores.get(code) is not None:
            raise InvalidInputError(
                "store {code} exists already; choose another code", field="code",
                params={"code": code},
            )  # fmt: skip
        store = Store(code, details, True, uc.now)
        uc.uow.stores.add(store)
        uc.record(Action.STORES_MANAGE, reason=f"store {code} added")
        uc.commit()
        return store


def rename_store(vault: Vault, actor: Actor, code: str, typed: Mapping[str, str]) -> Store:
    """New names, address, phone or zone; the code stays, as every record names it."""
    details = _details(typed)
    with use_case(vault, actor) as uc:
        uc.require(Action.STORES_MANAGE)
        store = _existing(uc, code)
        uc.uow.stores.change(store.code, details)
        uc.record(Action.STORES_MANAGE, reason=f"store {store.code} changed")
        uc.commit()
        return Store(store.code, details, store.is_active, store.created_at)


def deactivate_store(vault: Vault, actor: Actor, code: str) -> Store:
    """Refused while the store has bookings still to come: they would belong nowhere."""
    with use_case(vault, actor) as uc:
        uc.require(Action.STORES_MANAGE)
        store = _existing(uc, code)
        ahead = uc.uow.stores.bookings_from(store.code, _today_at(uc, store))
        if ahead:
            raise InvalidInputError(
                "store {code} has {count} bookings still to come; move or cancel them first",
                field="active", params={"code": store.code, "count": ahead},
            )  # fmt: skip
        uc.uow.stores.set_active(store.code, False)
        uc.record(Action.STORES_MANAGE, reason=f"store {store.code} deactivated")
        uc.commit()
        return Store(store.code, store.details, False, store.created_at)


def reactivate_store(vault: Vault, actor: Actor, code: str) -> Store:
    with use_case(vault, actor) as uc:
        uc.require(Action.STORES_MANAGE)
        store = _existing(uc, code)
        uc.uow.stores.set_active(store.code, True)
        uc.record(Action.STORES_MANAGE, reason=f"store {store.code} reactivated")
        uc.commit()
        return Store(store.code, store.details, True, store.created_at)


def _details(typed: Mapping[str, str]) -> StoreDetails:
    fields = ("name", "name_en", "address", "phone", "zone", "idle_seconds")
    return parse_details(*(str(typed.get(f) or "") for f in fields))


def _existing(uc: UseCase, code: str) -> Store:
    store = uc.uow.stores.get(code.strip())
    if store is None:
        raise NotFoundError("no store with code {code}", params={"code": code.strip()[:64]})
    return store


def _today_at(uc: UseCase, store: Store) -> date:
    zone = store.details.zone or uc.vault.opening_hours(uc.uow).zone
    return uc.now.astimezone(ZoneInfo(zone)).date()

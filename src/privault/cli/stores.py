"""`privault stores ...`: the registry of the shop's stores (owner or privacy officer)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.policy import Actor
from privault.domain.stores import Store
from privault.services.stores.registry import (
    add_store,
    deactivate_store,
    list_stores,
    rename_store,
)
from privault.services.vault import Vault

app = typer.Typer(help="The shop's stores: code, names, address, phone, time zone, active.")
Name = Annotated[str, typer.Option("--name", help="The store's name (Chinese, or the one name).")]
NameEn = Annotated[str, typer.Option("--name-en", help="Its English name, if any.")]
Address = Annotated[str, typer.Option("--address", help="The store's address.")]
Phone = Annotated[str, typer.Option("--phone", help="The store's phone number.")]
Zone = Annotated[str, typer.Option("--zone", help="A time zone; empty: the installation's.")]
Idle = Annotated[
    str, typer.Option("--idle-seconds", help="A shared tablet's idle lock; empty: 300.")
]
Code = Annotated[str, typer.Argument(help="The store's code, as records name it (main, east).")]


def _plain(store: Store) -> dict[str, Any]:
    d = store.details
    return {
        "code": store.code,
        "name": d.name,
        "name_en": d.name_en,
        "address": d.address,
        "phone": d.phone,
        "zone": d.zone,
        "idle_seconds": d.idle_seconds,
        "is_active": store.is_active,
        "created_at": store.created_at,
    }


def _show(store: Store, as_json: bool, verb: str) -> None:
    if as_json:
        emit_json(_plain(store))
    else:
        console.print(f"store {store.code} {verb}")


@app.command("list")
def list_(as_json: Json = False) -> None:
    with context.vault() as vault:
        found = list_stores(vault, context.actor())
    if as_json:
        emit_json([_plain(s) for s in found])
        return
    table(
        "stores",
        ["code", "name", "English name", "zone", "active"],
        [(s.code, s.details.name, s.details.name_en, s.details.zone, s.is_active) for s in found],
    )


Save = Callable[[Vault, Actor, str, Mapping[str, str]], Store]


def _details_command(save: Save, verb: str, doc: str) -> Callable[..., None]:
    """`add` and `rename` take the same details: one signature, two services."""

    def command(
        code: Code,
        name: Name,
        name_en: NameEn = "",
        address: Address = "",
        phone: Phone = "",
        zone: Zone = "",
        idle_seconds: Idle = "",
        as_json: Json = False,
    ) -> None:
        typed = {"name": name, "name_en": name_en, "address": address, "phone": phone}
        typed |= {"zone": zone, "idle_seconds": idle_seconds}
        with context.vault() as vault:
            store = save(vault, context.actor(), code, typed)
        _show(store, as_json, verb)

    command.__doc__ = doc
    return command


app.command("add")(_details_command(add_store, "added", "A new store; its code names it for good."))
app.command("rename")(
    _details_command(
        rename_store,
        "changed",
        "New details for a store; what is left out is cleared (the code stays).",
    )
)


@app.command("deactivate")
def deactivate(code: Code, as_json: Json = False) -> None:
    """Refused while the store has bookings still to come."""
    with context.vault() as vault:
        store = deactivate_store(vault, context.actor(), code)
    _show(store, as_json, "deactivated")

"""`privault sections ...`: a store's serving sections (区域), their rooms and serving staff."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.services.service_day.sections import list_sections, set_section

app = typer.Typer(help="Serving sections (区域): which staff serve which rooms of a store.")
Store = Annotated[str, typer.Argument(help="The store, e.g. main.")]


@app.command("set")
def set_(
    store: Store,
    section: Annotated[str, typer.Argument(help="The section's name, e.g. A区.")],
    rooms: Annotated[
        list[str] | None, typer.Option(help="Rooms or tables, comma-separated or repeated.")
    ] = None,
    staff: Annotated[
        list[str] | None, typer.Option(help="Service staff account names (the 部长 first).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Set a section whole; no rooms and no staff removes it."""
    with context.vault() as vault:
        stored = set_section(vault, context.actor(), store, section, rooms or (), staff or ())
    if as_json:
        emit_json(
            {"store": store, "section": section, "removed": stored is None}
            | (asdict(stored) if stored else {})
        )
        return
    console.print(f"section {section} of {store}: " + ("removed" if stored is None else "set"))


@app.command("list")
def list_(store: Store, as_json: Json = False) -> None:
    """A store's sections, their rooms and staff."""
    with context.vault() as vault:
        found = list_sections(vault, context.actor(), store)
    if as_json:
        emit_json([asdict(s) for s in found])
        return
    rows = [(s.name, ", ".join(s.rooms), ", ".join(s.staff)) for s in found]
    table(f"sections of {store}", ["section", "rooms", "staff"], rows)

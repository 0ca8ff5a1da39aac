"""`privault policy ...`: the role matrix of this installation (DESIGN §7 by default)."""

from __future__ import annotations

from pathlib import Path

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json
from privault.services.staff.role_matrix import set_opening_hours, set_roles_document, show_roles

app = typer.Typer(help="The role matrix: which role may do what, on which fields.")


@app.command("show")
def show(as_json: Json = False) -> None:
    """Print the matrix as TOML (save it, edit it, then `policy set FILE`)."""
    with context.vault() as vault:
        text = show_roles(vault, context.actor())
    if as_json:
        emit_json({"roles_toml": text})
    else:
        print(text, end="")  # noqa: T201 -- the TOML itself, to redirect into a file


@app.command("set")
def set_(file: Path, as_json: Json = False) -> None:
    """Replace the matrix (admin); it is checked whole before it takes effect."""
    with context.vault() as vault:
        set_roles_document(vault, context.actor(), file.read_text(encoding="utf-8"))
    if as_json:
        emit_json({"updated": True})
    else:
        console.print("role matrix updated")


@app.command("hours")
def hours(text: str, as_json: Json = False) -> None:
    """Opening hours, e.g. "09:30-22:00 Asia/Shanghai"; access outside them is alerted."""
    with context.vault() as vault:
        set_opening_hours(vault, context.actor(), text)
    if as_json:
        emit_json({"opening_hours": text})
    else:
        console.print(f"opening hours: {text}")

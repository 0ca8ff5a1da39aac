"""`privault tokens ...`: API tokens for integrated systems (POS, booking), shown once; a token
whose role sees personal data works once another privacy officer countersigns it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.api_tokens import TokenStatus
from privault.services.staff import tokens as service

app = typer.Typer(
    help="API tokens: one per integrated system and role, revocable; one that sees personal "
    "data works once a privacy officer countersigns it."
)
AWAITING = TokenStatus.AWAITING.value
Name = Annotated[str, typer.Argument(help="The token's name, e.g. pos.main")]


@app.command("create")
def create(
    name: Annotated[str, typer.Option("--name", help="Which system uses it, e.g. pos.main")],
    role: Annotated[str, typer.Option("--role", help="The role it acts with, e.g. front_desk")],
    store: Annotated[str | None, typer.Option("--store", help="Limit it to one store.")] = None,
    as_json: Json = False,
) -> None:
    """Create a token (admin); it is printed once: privault keeps only its hash."""
    with context.vault() as vault:
        made = service.create_token(vault, context.actor(), name, role, store)
    if as_json:
        emit_json(made)
        return
    console.print(
        f"API token [bold]{escape(made.name)}[/] (role {escape(made.role)}"
        + (f", store {escape(made.store)}" if made.store else "")
        + f"):\n  [bold]{escape(made.token)}[/]\n"
        "  [yellow]shown once: put it in the system's settings now; privault cannot show it "
        "again[/]",
        highlight=False,
        soft_wrap=True,
    )
    if made.status == AWAITING:
        console.print(
            f"[yellow]awaiting countersignature: role {escape(made.role)} sees personal data; "
            f"the token works once a privacy officer other than you runs "
            f"`privault tokens countersign {escape(made.name)}`[/]",
            highlight=False,
            soft_wrap=True,
        )


@app.command("list")
def list_(as_json: Json = False) -> None:
    """Every token, revoked ones included; never the tokens themselves."""
    with context.vault() as vault:
        found = service.list_tokens(vault, context.actor())
    if as_json:
        emit_json(found)
        return
    table(
        "API tokens",
        [
            "name",
            "role",
            "store",
            "status",
            "created",
            "by",
            "countersigned",
            "last used",
            "revoked",
        ],
        [
            (
                t.name,
                t.role,
                t.store or "all",
                t.status,
                t.created_at,
                t.created_by,
                f"{t.countersigned_at:%Y-%m-%d %H:%M} by {t.countersigned_by}"
                if t.countersigned_at
                else "",
                t.last_used_at,
                f"{t.revoked_at:%Y-%m-%d %H:%M} by {t.revoked_by}" if t.revoked_at else "",
            )
            for t in found
        ],
    )


@app.command("countersign")
def countersign(name: Name, as_json: Json = False) -> None:
    """Countersign a token whose role sees personal data (a privacy officer other than its
    creator); it works from then on."""
    with context.vault() as vault:
        signed = service.countersign_token(vault, context.actor(), name)
    if as_json:
        emit_json(signed)
    else:
        console.print(
            f"countersigned API token {escape(signed.name)}: it works now", highlight=False
        )


@app.command("revoke")
def revoke(name: Name, as_json: Json = False) -> None:
    """Revoke a token at once; it stays listed as revoked."""
    with context.vault() as vault:
        revoked = service.revoke_token(vault, context.actor(), name)
    if as_json:
        emit_json(revoked)
    else:
        console.print(f"revoked API token {escape(revoked.name)}", highlight=False)

"""`privault paper-destruction ...`: the log of destroyed paper forms."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.errors import InvalidInputError
from privault.services.retention.paper import list_paper_destructions, record_paper_destruction

app = typer.Typer(help="Paper forms destroyed: what, how, who did it and who witnessed it.")


@app.command("add")
def add(
    on: Annotated[str, typer.Option("--on", help="The day, YYYY-MM-DD.")],
    what: Annotated[str, typer.Option("--what", help="E.g. 2023年会员登记表 第3盒.")],
    quantity: Annotated[str, typer.Option(help="E.g. 1 box, about 200 sheets.")],
    method: Annotated[
        str, typer.Option(help="shredding, pulping, incineration or returned_to_customer")
    ],
    destroyed_by: Annotated[str, typer.Option("--destroyed-by", help="Who destroyed them.")],
    witness: Annotated[str, typer.Option("--witness", help="Who watched; not the same person.")],
    as_json: Json = False,
) -> None:
    try:
        day = date.fromisoformat(on)
    except ValueError:
        raise InvalidInputError("write the date as YYYY-MM-DD", field="on") from None
    with context.vault() as vault:
        recorded = record_paper_destruction(
            vault, context.actor(), day, what, quantity, method, destroyed_by, witness
        )
    if as_json:
        emit_json(recorded)
    else:
        console.print(f"recorded paper destruction {recorded.id}")


@app.command("list")
def list_(as_json: Json = False) -> None:
    with context.vault() as vault:
        found = list_paper_destructions(vault, context.actor())
    if as_json:
        emit_json(found)
        return
    table(
        "paper destruction",
        ["#", "on", "what", "quantity", "method", "destroyed by", "witness", "recorded by"],
        [
            (
                p.id,
                p.destroyed_on,
                p.description,
                p.quantity,
                p.method,
                p.destroyed_by,
                p.witnessed_by,
                p.recorded_by,
            )
            for p in found
        ],
    )

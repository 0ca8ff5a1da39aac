"""`privault complaints ...`: privacy questions and complaints taken at the desk or on the
phone, the privacy officer's queue, one complaint, its answer, the requests it led to."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, record, table
from privault.services.complaints.answers import answer_complaint, link_requests
from privault.services.complaints.intake import record_complaint
from privault.services.complaints.records import ComplaintView, get_complaint, list_complaints

app = typer.Typer(help="Privacy questions and complaints (the privacy officer answers them).")


@app.command("record")
def record_(
    customer: Annotated[str, typer.Argument(help="The customer's id, as the profile shows it.")],
    text: Annotated[str, typer.Argument(help="What the customer asks or complains of.")],
    kind: Annotated[str, typer.Option(help="question or complaint.")] = "complaint",
    channel: Annotated[str, typer.Option(help="desk or phone.")] = "desk",
    language: Annotated[str, typer.Option(help="The answer's language: zh or en.")] = "zh",
    as_json: Json = False,
) -> None:
    """Take down a question or complaint for a customer; its answer is due in 15 days."""
    with context.vault() as vault:
        taken = record_complaint(vault, context.actor(), customer, kind, channel, text, language)
    _show(taken, as_json)


@app.command("list")
def list_(
    status: Annotated[str | None, typer.Option(help="open or answered.")] = None,
    as_json: Json = False,
) -> None:
    """The queue, oldest due first; no text is opened."""
    with context.vault() as vault:
        found = list_complaints(vault, context.actor(), status)
    if as_json:
        emit_json(found)
        return
    rows = [
        (c.id, c.kind, c.channel, c.status, c.due_on, "overdue" if c.is_overdue else "")
        for c in found
    ]
    table("complaints", ["id", "kind", "channel", "status", "due", ""], rows)


@app.command("show")
def show(complaint: str, as_json: Json = False) -> None:
    """One complaint with its text and answer (the opening is audited)."""
    with context.vault() as vault:
        _show(get_complaint(vault, context.actor(), complaint), as_json)


@app.command("answer")
def answer(
    complaint: str,
    text: Annotated[str, typer.Argument(help="The answer, in the customer's language.")],
    as_json: Json = False,
) -> None:
    """Answer once; it goes to the customer by SMS (or email) and is recorded."""
    with context.vault() as vault:
        _show(answer_complaint(vault, context.actor(), complaint, text), as_json)


@app.command("link")
def link(
    complaint: str,
    requests: Annotated[list[str], typer.Argument(help="The ids of the requests it led to.")],
    as_json: Json = False,
) -> None:
    """The rights requests a complaint led to (the list is replaced)."""
    with context.vault() as vault:
        _show(link_requests(vault, context.actor(), complaint, requests), as_json)


def _show(found: ComplaintView, as_json: bool) -> None:
    if as_json:
        emit_json(found)
        return
    pairs = [
        ("id", found.id), ("customer", found.customer_id), ("kind", found.kind),
        ("channel", found.channel), ("status", found.status), ("due", found.due_on),
        ("requests", " ".join(found.request_ids) or "-"),
    ]  # fmt: skip
    if found.text is not None:
        pairs.append(("text", found.text))
    if found.answer is not None:
        pairs.append(("answer", found.answer))
    record("complaint", pairs)
    if found.is_overdue:
        console.print("overdue: answer it now")

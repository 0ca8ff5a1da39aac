"""`privault forms ...`: a booking's collection form (收集表), its review (评审), what awaits review
or entry, and the desk's confirmation that the card is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.domain.collection import CollectionForm
from privault.domain.policy import Actor
from privault.services.service_day.collection import (
    add_items,
    confirm_entry,
    link_paper_destruction,
    set_collection_rules,
    submit_form,
)
from privault.services.service_day.review import parse_decisions, review_form
from privault.services.service_day.review_queue import ReviewQueue, list_pending_forms
from privault.services.vault import Vault

app = typer.Typer(help="Collection forms (客户信息收集表): collect, submit, review, enter.")
FormId = Annotated[str, typer.Argument(help="The collection form's id.")]
Keys = Annotated[list[str] | None, typer.Option(help="An item's key; repeat for more.")]


@app.command("add")
def add(
    booking: Annotated[str, typer.Argument(help="The booking's id.")],
    item: Annotated[
        list[str], typer.Option(help="KEY=VALUE:told or KEY=VALUE:observed; repeat for more.")
    ],
    paper: Annotated[bool, typer.Option(help="Entered from the paper form.")] = False,
    as_json: Json = False,
) -> None:
    """Add items to the booking's form (started on its first item)."""
    with context.vault() as vault:
        form = add_items(
            vault, context.actor(), booking, item, entry="paper" if paper else "device"
        )
    _show(form, as_json)


@app.command("review")
def review(
    form_id: FormId,
    with_: Annotated[
        str, typer.Option("--with", help="The server or section head reviewing with you.")
    ],
    accept: Keys = None,
    reject: Keys = None,
    correct: Annotated[
        list[str] | None, typer.Option(help="KEY=VALUE: accept the corrected value.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Accept, correct or reject items; accepted ones enter the customer's record."""
    decided = {k: "accept" for k in accept or ()} | {k: "reject" for k in reject or ()}
    corrections = dict(c.partition("=")[::2] for c in correct or ())
    decisions = parse_decisions(decided, corrections)
    with context.vault() as vault:
        form = review_form(vault, context.actor(), form_id, decisions, with_)
    _show(form, as_json)


@app.command("paper")
def paper(
    form_id: FormId,
    destruction: Annotated[int, typer.Option(help="The line of `privault paper-destruction add`.")],
    as_json: Json = False,
) -> None:
    """Name the paper destruction log's line for an entered paper form."""
    with context.vault() as vault:
        form = link_paper_destruction(vault, context.actor(), form_id, destruction)
    _show(form, as_json)


def _move(
    step: Callable[[Vault, Actor, str], CollectionForm], summary: str
) -> Callable[[str, bool], None]:
    def command(form_id: FormId, as_json: Json = False) -> None:
        with context.vault() as vault:
            moved = step(vault, context.actor(), form_id)
        _show(moved, as_json)

    command.__doc__ = summary
    return command


app.command("submit")(_move(submit_form, "Submit the form to the booking desk for review."))
app.command("enter")(
    _move(confirm_entry, "The reviewed items are on the card (due within 24 hours).")
)


@app.command("pending")
def pending(store: Annotated[str | None, typer.Option()] = None, as_json: Json = False) -> None:
    """What awaits review, entry or paper destruction, and for how long."""
    with context.vault() as vault:
        queue = list_pending_forms(vault, context.actor(), store)
    if as_json:
        emit_json(queue_json(queue))
        return
    rows = [
        (e.form.id, e.form.store, e.stage, e.hours_waiting, e.is_overdue, _guest(e.identity))
        for e in queue.entries
    ]
    title = f"collection forms waiting (review due within {queue.review_hours} h)"
    table(title, ["form", "store", "stage", "hours", "overdue", "guest"], rows)


@app.command("rules")
def rules(
    required: Keys = None,
    review_hours: Annotated[str | None, typer.Option(help="84 = twice a week.")] = None,
    as_json: Json = False,
) -> None:
    """Set the required items (※) and how long a form may wait for review."""
    with context.vault() as vault:
        set_rules = set_collection_rules(
            vault, context.actor(), required=required, review_hours=review_hours
        )
    if as_json:
        emit_json({"required": list(set_rules.required), "review_hours": set_rules.review_hours})
        return
    console.print(
        f"required: {', '.join(set_rules.required)}; review within {set_rules.review_hours} h"
    )


def form_json(form: CollectionForm) -> dict[str, Any]:
    """Item keys, sources and decisions; never a value."""
    return {
        "id": form.id,
        "booking_id": form.booking_id,
        "store": form.store,
        "status": form.status.value,
        "entry": form.entry.value,
        "collector": form.collector,
        "submitted_at": form.submitted_at,
        "reviewed_at": form.reviewed_at,
        "reviewed_by": form.reviewed_by,
        "review_with": form.review_with,
        "entered_at": form.entered_at,
        "paper_destruction_id": form.paper_destruction_id,
        "items": [
            {"key": i.key, "source": i.source.value, "status": i.status.value} for i in form.items
        ],
    }


def queue_json(queue: ReviewQueue) -> dict[str, Any]:
    return {
        "review_hours": queue.review_hours,
        "zone": queue.zone,
        "forms": [
            {
                "id": e.form.id,
                "booking_id": e.form.booking_id,
                "store": e.form.store,
                "stage": e.stage,
                "waiting_since": e.waiting_since,
                "hours_waiting": e.hours_waiting,
                "overdue": e.is_overdue,
                "identity": e.identity,
            }
            for e in queue.entries
        ],
    }


def _guest(identity: dict[str, str]) -> str:
    return ", ".join(identity.values()) or "-"


def _show(form: CollectionForm, as_json: bool) -> None:
    if as_json:
        emit_json(form_json(form))
        return
    items = ", ".join(f"{i.key} ({i.source.value}, {i.status.value})" for i in form.items)
    console.print(f"form {form.id}: {form.status.value}; {items}")

"""`privault classes ...`: customer classes A/B/C/D and churned (seed 003 制定客户分类标准):
compute a quarter, list it (masked names, class, change), the rule, important guests."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, table
from privault.services.classes.computing import compute_classes
from privault.services.classes.important import mark_important_guest, unmark_important_guest
from privault.services.classes.listing import ClassCounts, count_classes, list_classes
from privault.services.classes.rule import set_class_rule, show_class_rule

app = typer.Typer(help="Customer classes A/B/C/D and churned, computed per quarter.")
Quarter = Annotated[
    str | None, typer.Option(help="The quarter, e.g. 2026Q4. Default: the last that ended.")
]


@app.command("compute")
def compute(quarter: Quarter = None, as_json: Json = False) -> None:
    """Compute a quarter's classes now (the scheduler does it at each quarter's end)."""
    with context.vault() as vault:
        report = compute_classes(vault, context.actor(), quarter)
    if as_json:
        emit_json(report)
        return
    partial = " (quarter under way: figures up to now)" if report.is_partial else ""
    console.print(f"classes of {report.quarter}{partial}: {_counts(report.counts)}")


@app.command("list")
def list_(
    quarter: Annotated[
        str | None, typer.Option(help="e.g. 2026Q4. Default: the latest computed.")
    ] = None,
    counts: Annotated[bool, typer.Option(help="Counts per class only.")] = False,
    after: Annotated[str, typer.Option(help="The cursor a previous page gave.")] = "",
    limit: Annotated[int, typer.Option(help="At most 100 a page.")] = 100,
    as_json: Json = False,
) -> None:
    """The quarterly list with masked names, class and change; or, with --counts, counts."""
    with context.vault() as vault:
        if counts:
            summary = count_classes(vault, context.actor(), quarter)
            return _show_counts(summary, as_json)
        found = list_classes(vault, context.actor(), quarter, after=after, limit=limit)
    if as_json:
        emit_json(found)
        return
    rows = [
        (c.customer_id, c.masked_name, c.customer_class, c.basis, c.before or "-", c.change)
        for c in found.customers
    ]
    _show_counts(found.summary, False)
    table("customers", ["id", "name", "class", "basis", "last quarter", "change"], rows)
    if found.next_after:
        console.print(f"more: --after {found.next_after}")


@app.command("config")
def config(
    rule: Annotated[
        str | None,
        typer.Argument(help="key=value pairs, e.g. 'a_spend=10% churn_days=90'; none: show."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Show or change the class rule (counts or percentages, minimum spend, churn window)."""
    with context.vault() as vault:
        actor = context.actor()
        found = (
            show_class_rule(vault, actor) if rule is None else set_class_rule(vault, actor, rule)
        )
    if as_json:
        emit_json({"rule": found.as_text()} | {"parts": found})
        return
    console.print(found.as_text())


@app.command("important")
def important(
    customer_id: Annotated[str, typer.Argument(help="The customer's id.")],
    reason: Annotated[str, typer.Option(help="Why (a role or occasion, never a name).")],
    remove: Annotated[bool, typer.Option("--remove", help="Unmark instead.")] = False,
    as_json: Json = False,
) -> None:
    """Mark (or unmark) an important guest: class A from the next computation; audited."""
    with context.vault() as vault:
        actor = context.actor()
        if remove:
            was = unmark_important_guest(vault, actor, customer_id, reason)
            result = {"customer_id": customer_id, "important": False, "was_marked": was}
        else:
            guest = mark_important_guest(vault, actor, customer_id, reason)
            result = {"customer_id": customer_id, "important": True, "reason": guest.reason}
    if as_json:
        emit_json(result)
        return
    console.print(f"{customer_id}: " + ("important guest" if result["important"] else "unmarked"))


def _show_counts(summary: ClassCounts, as_json: bool) -> None:
    if as_json:
        emit_json(summary)
        return
    if summary.quarter is None:
        console.print("no classes computed yet: privault classes compute")
        return
    partial = " (computed while under way)" if summary.is_partial else ""
    console.print(f"classes of {summary.quarter}{partial}: {_counts(summary.counts)}")


def _counts(counts: dict[str, int]) -> str:
    return "  ".join(f"{k}={n}" for k, n in counts.items())

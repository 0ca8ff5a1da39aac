"""`privault duplicates ...`: scan for likely duplicates, list the pairs masked, merge, unmerge."""

from __future__ import annotations

from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import emit_json, record, table
from privault.services.duplicates.merging import (
    MergeResult,
    merge_customers,
    unmerge_customers,
)
from privault.services.duplicates.review import CandidatePair, list_candidates
from privault.services.duplicates.scan import scan_duplicates

app = typer.Typer(help="Likely duplicates (去除重复): scan, review list; no value is decrypted.")
PAGE = 50


@app.command("scan")
def scan(as_json: Json = False) -> None:
    """Compare every customer's variant digests; new pairs join the review list."""
    with context.vault() as vault:
        report = scan_duplicates(vault, context.actor())
    if as_json:
        emit_json(report)
        return
    record(
        "duplicate scan",
        [("pairs sharing a digest", report.pairs), ("new", report.added), ("open", report.open)],
    )


@app.command("list")
def list_(
    page: Annotated[int, typer.Option(help=f"{PAGE} pairs a page.")] = 1,
    as_json: Json = False,
) -> None:
    """Open pairs, newest first, the two customers side by side and masked; audited."""
    if page < 1:
        raise typer.BadParameter("page must be 1 or more", param_hint="--page")
    with context.vault() as vault:
        found = list_candidates(vault, context.actor(), limit=PAGE, offset=(page - 1) * PAGE)
    if as_json:
        emit_json({"total": found.total, "page": page, "pairs": found.pairs})
        return
    columns = ["first", "second", "why", "found"]
    table(f"likely duplicates ({found.total} open)", columns, [_row(p) for p in found.pairs])


@app.command("merge")
def merge(
    survivor: Annotated[str, typer.Argument(help="The customer who stays.")],
    merged: Annotated[str, typer.Argument(help="The customer merged into them.")],
    choose: Annotated[
        list[str] | None,
        typer.Option(help="FIELD=survivor|merged for each field the two hold differently."),
    ] = None,
    as_json: Json = False,
) -> None:
    """Merge two records of one person; undo with `unmerge` within 30 days."""
    choices = dict(_choice(c) for c in choose or [])
    with context.vault() as vault:
        result = merge_customers(vault, context.actor(), survivor, merged, choices)
    _show(result, as_json, "merged")


@app.command("unmerge")
def unmerge(
    merged: Annotated[str, typer.Argument(help="The merged-away customer's id.")],
    as_json: Json = False,
) -> None:
    """Restore both records as they were before the merge (within 30 days)."""
    with context.vault() as vault:
        result = unmerge_customers(vault, context.actor(), merged)
    _show(result, as_json, "unmerged")


def _choice(text: str) -> tuple[str, str]:
    field, sep, side = text.partition("=")
    if not sep or not field.strip():
        raise typer.BadParameter("write FIELD=survivor or FIELD=merged", param_hint="--choose")
    return field.strip(), side.strip()


def _show(result: MergeResult, as_json: bool, what: str) -> None:
    if as_json:
        emit_json(result)
        return
    moved = ", ".join(f"{t} {n}" for t, n in sorted(result.moved.items())) or "-"
    record(
        what,
        [
            ("survivor", result.survivor_id),
            ("merged", result.merged_id),
            ("fields changed", ", ".join(result.fields) or "-"),
            ("rows moved", moved),
        ],
    )


def _row(pair: CandidatePair) -> tuple[object, ...]:
    return (
        _side(pair.first.id, pair.first.fields),
        _side(pair.second.id, pair.second.fields),
        " ".join(pair.kinds),
        f"{pair.found_by} {pair.found_at:%Y-%m-%d %H:%M} UTC",
    )


def _side(customer_id: str, fields: dict[str, str]) -> str:
    shown = " ".join(fields[k] for k in ("name", "mobile", "email", "birth_date") if k in fields)
    return f"{customer_id[:8]} {shown}"

"""`privault exports ...`: request, approve or reject, and download customer exports."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json, PageOpt
from privault.cli.output import console, emit_json, paged, table
from privault.domain.exports import ExportRequest, left_out_text
from privault.services.exports.listing import export_filter, page_exports
from privault.services.exports.workflow import (
    decide_export,
    download_export,
    list_exports,
    request_export,
)

app = typer.Typer(help="Exports of customer data: requested, approved by another officer, audited.")
ExportId = Annotated[str, typer.Argument(help="The export id from `exports request`.")]


def _show(request: ExportRequest, as_json: bool) -> None:
    if as_json:
        emit_json(request)
        return
    console.print(
        f"export {request.id}: {request.row_count} customers, {request.status.value}"
        + (f" (by {request.decided_by})" if request.decided_by else "")
    )


@app.command("request")
def request(
    field: Annotated[list[str], typer.Option("--field", help="A field to export; repeat.")],
    purpose: Annotated[
        str, typer.Option(help="A purpose of the catalog every field serves (`consents catalog`).")
    ],
    note: Annotated[str | None, typer.Option(help="Your words beside it (audited).")] = None,
    format: Annotated[str, typer.Option("--format", help="csv, xlsx or json")] = "csv",
    store: Annotated[list[str] | None, typer.Option("--store", help="Only these stores.")] = None,
    masked: Annotated[
        bool, typer.Option("--masked", help="Values masked, as the console shows them.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Ask for an export. Contact, identity or sensitive fields in clear, or more than a few
    rows, wait for a second person's approval; customers without a basis are left out."""
    with context.vault() as vault:
        made = request_export(
            vault,
            context.actor(),
            field,
            purpose=purpose,
            note=note,
            format=format,
            stores=store or (),
            masked=masked,
        )
    _show(made, as_json)


@app.command("approve")
def approve(
    export_id: ExportId,
    note: Annotated[str | None, typer.Option(help="A note for the record.")] = None,
    as_json: Json = False,
) -> None:
    """Approve someone else's export (privacy officer)."""
    with context.vault() as vault:
        decided = decide_export(vault, context.actor(), export_id, approve=True, note=note)
    _show(decided, as_json)


@app.command("reject")
def reject(
    export_id: ExportId,
    note: Annotated[str, typer.Option(help="Why it is rejected.")],
    as_json: Json = False,
) -> None:
    with context.vault() as vault:
        decided = decide_export(vault, context.actor(), export_id, approve=False, note=note)
    _show(decided, as_json)


@app.command("download")
def download(
    export_id: ExportId,
    out: Annotated[
        Path | None, typer.Option(help="File to write (default export-ID.FORMAT).")
    ] = None,
    as_json: Json = False,
) -> None:
    """Write the approved export once; the file is readable by you only."""
    with context.vault() as vault:
        target = out
        if target is None:
            found = [e for e in list_exports(vault, context.actor()) if e.id == export_id]
            suffix = found[0].format.value if found else "csv"
            target = Path(f"export-{export_id}.{suffix}")
        done = download_export(vault, context.actor(), export_id, target)
    if as_json:
        emit_json({**{"file": str(target.resolve())}, "export": done})
    else:
        console.print(f"wrote {target}: {left_out_text(done)}")


@app.command("list")
def list_(
    status: Annotated[
        str | None, typer.Option(help="pending, approved, rejected or downloaded.")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Only this staff member's requests.")] = None,
    oldest: Annotated[bool, typer.Option("--oldest", help="Oldest first.")] = False,
    page: PageOpt = None,
    as_json: Json = False,
) -> None:
    """Exports, newest first; a requester sees their own, an approver all."""
    typed = {"status": status or "", "requested_by": by or "", "page": str(page or 1)}
    typed["order"] = "oldest" if oldest else "newest"
    with context.vault() as vault:
        found = page_exports(vault, context.actor(), export_filter(typed))
    if page is None and as_json:
        emit_json(found.items)
        return
    paged(found, as_json, _exports_table)


def _exports_table(found: list[ExportRequest]) -> None:
    table(
        "exports",
        ["id", "requested", "by", "rows", "fields", "status", "decided by"],
        [
            (
                e.id,
                e.requested_at,
                e.requested_by,
                e.row_count,
                list(e.fields),
                e.status,
                e.decided_by,
            )
            for e in found
        ],
    )

"""`privault ropa export`: the records of processing (个人信息处理活动记录, GDPR Art. 30),
computed now from the catalog, purposes, assessments and recipients."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import emit_json
from privault.infra.private_files import write_private_bytes
from privault.services.assessments.ropa import export_records, list_records

app = typer.Typer(help="Records of processing (个人信息处理活动记录, GDPR Art. 30).")


@app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help="xlsx or pdf.")] = "xlsx",
    lang: Annotated[str, typer.Option(help="zh or en.")] = "zh",
    out: Annotated[Path | None, typer.Option(help="Default: ropa-<lang>.<format>.")] = None,
    as_json: Json = False,
) -> None:
    """Write the records as a file; `--json` prints them instead."""
    with context.vault() as vault:
        if as_json:
            records = list_records(vault, context.actor(), lang)
            rows = [dict(zip(records.headings, r.cells, strict=True)) for r in records.rows]
            emit_json({"generated": records.local_time, "records": rows})
            return
        data = export_records(vault, context.actor(), fmt, lang)
    target = out or Path(f"ropa-{lang}.{fmt}")
    write_private_bytes(target, data)
    typer.echo(f"wrote {target}")

"""`privault compliance report|verify`: the compliance audit report with its signed evidence
pack, and the check of a pack (no sign-in needed: an outside auditor runs it)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from privault.cli import context
from privault.cli.options import Json
from privault.cli.output import console, emit_json, record
from privault.infra.private_files import write_private_bytes
from privault.services.compliance.evidence import report_pdf, verify_evidence_file
from privault.services.compliance.report import issue_compliance_report

app = typer.Typer(help="The compliance audit report (PIPL Art. 54) and its evidence pack.")


@app.command("report")
def report(
    year: Annotated[
        int | None, typer.Option(help="A calendar year; default: this one so far.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Write the signed evidence pack here.")] = None,
    pdf: Annotated[
        Path | None, typer.Option(help="Write the report for people here (PDF).")
    ] = None,
    lang: Annotated[str, typer.Option(help="The PDF's language: zh or en.")] = "zh",
    as_json: Json = False,
) -> None:
    """Verify the audit trail, gather the year's figures and sign them (Ed25519)."""
    with context.vault() as vault:
        issued = issue_compliance_report(vault, context.actor(), year)
    if out is not None:
        write_private_bytes(out, _pack_text(issued.pack).encode())
    if pdf is not None:
        write_private_bytes(pdf, report_pdf(issued, lang))
    if as_json:
        emit_json(issued.pack)
        return
    figures = issued.report
    record(
        "compliance report",
        [
            ("period", figures.period.label),
            ("data subjects", figures.data_subjects),
            ("protection officer required", figures.needs_protection_officer),
            ("audit trail", "intact" if figures.trail.is_intact else "PROBLEMS FOUND"),
            ("sha256", issued.pack["sha256"]),
            ("public key", issued.public_key),
        ],
    )


@app.command("verify")
def verify(
    file: Path,
    key: Annotated[
        str | None, typer.Option(help="The public key published with the report.")
    ] = None,
    as_json: Json = False,
) -> None:
    """Check a pack's signature; a changed pack fails with the reason."""
    report = verify_evidence_file(file, key)
    if as_json:
        emit_json({"valid": True, "period": report.get("period"), "shop": report.get("shop")})
        return
    console.print(f"valid: the evidence pack of {report.get('shop')} is as it was signed")


def _pack_text(pack: dict[str, object]) -> str:
    return json.dumps(pack, ensure_ascii=False, indent=2, sort_keys=True)

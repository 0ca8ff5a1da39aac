"""The yearly compliance report (PIPL Art. 54: audits at regular intervals): once a year ended,
the scheduler issues its report and keeps the evidence pack and the PDF under the installation's
reports folder, where the privacy officer downloads them. A year already kept is not issued
again, so the daily job costs one look at a file."""

from __future__ import annotations

import json
from pathlib import Path

from privault.domain.policy import Actor
from privault.infra.private_files import private_folder, write_private_bytes
from privault.services.compliance.evidence import report_pdf
from privault.services.compliance.report import IssuedReport, issue_compliance_report
from privault.services.vault import Vault

FOLDER = "reports"


def report_paths(vault: Vault, year: int) -> tuple[Path, Path]:
    """The evidence pack and the PDF of a year, as the job keeps them."""
    folder = vault.settings.home / FOLDER
    return folder / f"compliance-{year}.json", folder / f"compliance-{year}.pdf"


def keep_report(vault: Vault, issued: IssuedReport, year: int) -> tuple[Path, Path]:
    """Written once: a year's kept pack is never overwritten."""
    private_folder(vault.settings.home / FOLDER)
    pack_path, pdf_path = report_paths(vault, year)
    text = json.dumps(issued.pack, ensure_ascii=False, indent=2, sort_keys=True)
    write_private_bytes(pack_path, text.encode())
    write_private_bytes(pdf_path, report_pdf(issued))
    return pack_path, pdf_path


def issue_yearly_report(vault: Vault, actor: Actor) -> dict[str, int]:
    year = vault.clock().year - 1
    pack_path, _ = report_paths(vault, year)
    if pack_path.exists():
        return {"issued": 0}
    issued = issue_compliance_report(vault, actor, year)
    keep_report(vault, issued, year)
    return {"issued": 1, "data_subjects": issued.report.data_subjects}

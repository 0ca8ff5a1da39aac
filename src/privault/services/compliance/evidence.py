"""Reading and checking an evidence pack and printing its report: no installation needed to
verify, so an outside auditor can check a pack with the published key alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from privault.crypto.evidence import verify_pack
from privault.domain.compliance import EvidenceRejectedError
from privault.infra.printing.compliance_report import compliance_report_pdf
from privault.infra.printing.watermark import PrintedFor
from privault.services.compliance.report import IssuedReport


def verify_evidence_file(path: Path, published_key: str | None = None) -> dict[str, Any]:
    """The pack's report when it verifies (under the published key, when given)."""
    try:
        pack = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise EvidenceRejectedError(
            "{path} is not a readable JSON evidence pack", params={"path": str(path)}
        ) from None
    if not isinstance(pack, dict):
        raise EvidenceRejectedError("not an evidence pack: it needs a report and a signature")
    verify_pack(pack, published_key)
    report: dict[str, Any] = pack["report"]
    return report


def report_pdf(issued: IssuedReport, lang: str = "zh") -> bytes:
    zone = ZoneInfo(issued.zone)
    printed = PrintedFor(issued.report.generated_by, issued.report.generated_at, zone)
    return compliance_report_pdf(issued.pack, printed, lang)

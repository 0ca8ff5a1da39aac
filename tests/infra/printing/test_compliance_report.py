"""The compliance report on paper: Chinese and English, with the Art. 52 flag, the digest and
the public key a reader needs to check the signed pack."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from privault.crypto.evidence import sign_pack
from privault.domain.compliance import report_document
from privault.infra.printing.compliance_report import compliance_report_pdf
from privault.infra.printing.watermark import PrintedFor
from tests.domain.test_compliance import sample_report
from tests.infra.printing.poppler import text

PRINTED = PrintedFor("system", datetime(2026, 1, 1, tzinfo=UTC), ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("lang", "title", "flag"),
    [
        ("zh", "个人信息保护合规审计报告", "第52条）：是"),
        ("en", "Personalinformationcomplianceauditreport", "(PIPLArt.52):yes"),
    ],
)
def test_the_report_prints_with_the_flag_its_digest_and_key(
    tmp_path: Path, lang: str, title: str, flag: str
) -> None:
    pack = sign_pack(b"\x02" * 32, report_document(sample_report(1_000_000)))

    printed = text(compliance_report_pdf(pack, PRINTED, lang), tmp_path)

    assert title in printed
    assert flag in printed
    assert str(pack["sha256"]) in printed

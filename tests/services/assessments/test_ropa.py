"""Records of processing are computed from the catalog, the assessments and the recipients on
each request, in Chinese or English, as XLSX or PDF; reading them is recorded (GDPR Art. 30)."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError
from privault.domain.partners import TransferRoute
from privault.domain.policy import Action, Actor
from privault.services.assessments.ropa import export_records, list_records
from privault.services.partners.registry import terminate_agreement
from privault.services.vault import Vault
from tests.services.assessments.conftest import events
from tests.services.partners.conftest import OFFICER as PARTNER_OFFICER
from tests.services.partners.conftest import partner_with_agreement, terms, with_partner_purposes

AUDITOR = Actor("auditor.wu", frozenset({"auditor"}))
ROPA = Action.ROPA_EXPORT.value


@pytest.mark.legal("GDPR Art. 30")
def test_each_purpose_has_a_record_with_its_data_basis_retention_and_assessment(
    vault: Vault,
) -> None:
    records = list_records(vault, AUDITOR, "en")
    rows = {
        row.purpose: dict(zip(records.headings, row.cells, strict=True)) for row in records.rows
    }
    assert set(rows) == {
        "service",
        "membership",
        "marketing_sms",
        "marketing_email",
        "birthday_offers",
        "personalisation",
        "sensitive_care",
        "photo_publication",
        "partner_sharing",
        "cross_border_transfer",
    }
    care = rows["sensitive_care"]
    assert care["Lawful basis"] == "separate consent"
    assert "health" in care["Categories of data"]
    assert care["Retention"] == "730 days"
    assert care["Impact assessment"].startswith("approved 2026-11-23 by setup")
    assert "AES-256-GCM" in care["Security measures"]
    assert rows["marketing_sms"]["Impact assessment"] == "not needed"
    assert rows["service"]["Recipients"] == "none"
    assert records.local_time == "2026-11-23 17:30 Asia/Shanghai"
    assert events(vault, ROPA)[-1] == (ROPA, "allowed", None, "records of processing (en)")


def test_the_chinese_records_speak_chinese(vault: Vault) -> None:
    records = list_records(vault, AUDITOR, "zh")
    assert records.headings[0] == "处理目的"
    care = next(r for r in records.rows if r.purpose == "sensitive_care")
    assert care.cells[0] == "过敏关怀 (sensitive_care)"
    assert care.cells[1] == "单独同意"


@pytest.mark.legal("GDPR Art. 30")
def test_the_xlsx_holds_a_heading_row_and_one_row_per_purpose(vault: Vault) -> None:
    data = export_records(vault, AUDITOR, "xlsx", "zh")
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    assert sheet is not None
    rows = [tuple(c for c in row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "个人信息处理活动记录"
    assert rows[1][:2] == ("处理目的", "合法性基础")
    assert len(rows) == 2 + len(list_records(vault, AUDITOR).rows)


def test_the_pdf_is_a_pdf(vault: Vault) -> None:
    assert export_records(vault, AUDITOR, "pdf", "en").startswith(b"%PDF")


def test_an_unknown_format_or_language_is_refused_and_nothing_recorded(vault: Vault) -> None:
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="use one of xlsx, pdf") as raised:
        export_records(vault, AUDITOR, "docx")
    assert raised.value.field == "format"
    with pytest.raises(InvalidInputError) as raised:
        list_records(vault, AUDITOR, "fr")
    assert raised.value.field == "lang"
    assert table_counts(vault.database) == before


@pytest.mark.legal("GDPR Art. 30", "PIPL Art. 39")
def test_recipients_and_transfers_come_from_the_agreements_in_force(vault: Vault) -> None:
    with_partner_purposes(vault)
    assert _cell(vault, "en", "partner_sharing", "Recipients") == "none"  # no agreement yet
    partner_with_agreement(vault, "controller")
    partner_with_agreement(vault, "processor", agreement=terms("service"))
    abroad = terms(
        route=TransferRoute.STANDARD_CONTRACT,
        assessment_ref="PIA-2026-07",
        assessment_approved_on=date(2026, 11, 1),
    )
    partner_with_agreement(vault, "controller", "HK", abroad)
    ended = partner_with_agreement(vault, "processor", "SG", terms("service", **_abroad_terms()))
    terminate_agreement(vault, PARTNER_OFFICER, ended)

    assert _cell(vault, "en", "partner_sharing", "Recipients") == (
        "Acme Spa Ltd (another controller, CN); Acme Spa Ltd (another controller, HK)"
    )
    assert _cell(vault, "en", "partner_sharing", "Transfers abroad") == (
        "Acme Spa Ltd (HK; standard contract)"
    )
    assert _cell(vault, "en", "service", "Recipients") == "Acme Spa Ltd (entrusted processor, CN)"
    assert _cell(vault, "en", "service", "Transfers abroad") == "none"  # the SG one has ended
    assert _cell(vault, "zh", "partner_sharing", "跨境传输") == "Acme Spa Ltd (HK; 标准合同)"
    assert _cell(vault, "zh", "service", "接收方") == "Acme Spa Ltd (受托处理者, CN)"


def _abroad_terms() -> dict[str, object]:
    return {
        "route": TransferRoute.SECURITY_ASSESSMENT,
        "assessment_ref": "PIA-2026-08",
        "assessment_approved_on": date(2026, 11, 1),
    }


def _cell(vault: Vault, lang: str, purpose: str, heading: str) -> str:
    records = list_records(vault, AUDITOR, lang)
    row = next(r for r in records.rows if r.purpose == purpose)
    return dict(zip(records.headings, row.cells, strict=True))[heading]

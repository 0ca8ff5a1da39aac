"""The officer's assessment pages: the list with the records of processing to download, a
draft started, answered, approved, refused deletion in the reader's language; the auditor reads
without the buttons."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from privault.domain.assessments import AssessmentStatus
from privault.domain.policy import Actor
from privault.services.assessments.register import get_assessment
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.web.conftest import form_token, sign_in, staff_account

OFFICER = Actor("privacy.officer", frozenset({"privacy_officer"}))


@pytest.fixture
def officer(vault: Vault, client: TestClient, clock: FrozenClock) -> TestClient:
    sign_in(client, staff_account(vault, "privacy.officer", ["privacy_officer"]), clock)
    return client


def test_the_officer_starts_answers_and_approves_an_assessment(
    vault: Vault, officer: TestClient
) -> None:
    page = officer.get("/assessments")
    assert page.status_code == 200
    assert "/ropa/records.xlsx?lang=zh" in page.text
    token = form_token(officer, "/assessments")
    data = {"csrf_token": token, "purpose": "sensitive_care", "subject": "第二家门店"}
    started = officer.post("/assessments", data=data, follow_redirects=False)
    assert started.status_code == 303
    assessment_id = started.headers["location"].split("?")[0].rsplit("/", 1)[1]

    refused = officer.post(f"/assessments/{assessment_id}/approve", data={"csrf_token": token})
    assert refused.status_code == 422
    assert "answer question(s) 1, 2, 3, 4" in refused.text or "批准前请先回答" in refused.text

    answers = {f"answer_{i}": "是" for i in range(1, 5)}
    form = {"csrf_token": token, "title": "过敏评估", "risks": "泄露", "measures": "加密\n培训"}
    saved = officer.post(f"/assessments/{assessment_id}", data=form | answers)
    assert saved.status_code == 200
    approved = officer.post(f"/assessments/{assessment_id}/approve", data={"csrf_token": token})
    assert approved.status_code == 200
    kept = get_assessment(vault, OFFICER, assessment_id)
    assert (kept.status, kept.approved_by, kept.measures) == (
        AssessmentStatus.APPROVED,
        "privacy.officer",
        ("加密", "培训"),
    )
    deleted = officer.post(f"/assessments/{assessment_id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 409
    assert re.search(r"须保存至 2029-11-23|must be kept until 2029-11-23", deleted.text)


def test_the_records_of_processing_download_as_xlsx_and_pdf(officer: TestClient) -> None:
    xlsx = officer.get("/ropa/records.xlsx?lang=en")
    assert xlsx.status_code == 200
    assert xlsx.headers["content-disposition"] == 'attachment; filename="ropa-en.xlsx"'
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True).active
    assert sheet is not None
    assert next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[0] == "Purpose"
    assert officer.get("/ropa/records.pdf?lang=zh").content.startswith(b"%PDF")
    assert officer.get("/ropa/records.docx").status_code == 422


def test_the_auditor_reads_without_the_buttons(
    vault: Vault, client: TestClient, clock: FrozenClock
) -> None:
    sign_in(client, staff_account(vault, "audit.sun", ["auditor"]), clock)
    page = client.get("/assessments")
    assert page.status_code == 200
    assert "Start from the template" not in page.text
    assert "从模板开始" not in page.text
    assert client.get("/ropa/records.xlsx").status_code == 200

"""`privault assessments` and `privault ropa export`: a purpose's assessment started, answered,
approved, kept; the records of processing written as XLSX and PDF, or printed as JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Cli


@pytest.mark.legal("PIPL Art. 56")
def test_an_assessment_is_started_answered_approved_and_kept(cli: Cli) -> None:
    started = cli.json("assessments", "start", "sensitive_care", "--subject", "第二家门店")
    assert (started["status"], started["subject"]) == ("draft", "第二家门店")
    assert "answer question(s) 1, 2, 3, 4" in cli.refused("assessments", "approve", started["id"])
    assert "give N=TEXT" in cli.refused("assessments", "edit", started["id"], "--answer", "x")

    answers = [f"--answer={i}=是" for i in range(1, 5)]
    edited = cli.json("assessments", "edit", started["id"], *answers, "--risk", "泄露")
    assert edited["risks"] == ["泄露"]
    approved = cli.json("assessments", "approve", started["id"])
    assert (approved["status"], approved["approved_by"]) == ("approved", "owner")
    assert "must be kept until" in cli.refused("assessments", "delete", started["id"])
    listed = {a["id"]: a["status"] for a in cli.json("assessments", "list")}
    assert listed[started["id"]] == "approved"
    assert "sensitive_care" in cli.run("assessments", "show", started["id"]).stdout


def test_the_records_of_processing_are_exported_in_each_format_and_language(
    cli: Cli,
    tmp_path: Path,
) -> None:
    xlsx, pdf = tmp_path / "ropa.xlsx", tmp_path / "ropa.pdf"
    assert cli.run("ropa", "export", "--format", "xlsx", "--lang", "zh", "--out", str(xlsx))
    assert xlsx.read_bytes()[:2] == b"PK"
    cli.run("ropa", "export", "--format", "pdf", "--lang", "en", "--out", str(pdf))
    assert pdf.read_bytes()[:4] == b"%PDF"
    printed = cli.json("ropa", "export", "--lang", "en")
    care = next(r for r in printed["records"] if r["Purpose"].endswith("(sensitive_care)"))
    assert care["Impact assessment"].startswith("approved")
    assert "use one of xlsx, pdf" in cli.refused("ropa", "export", "--format", "docx")

"""`privault partners|agreements|disclosures`: a partner and its agreement added, a disclosure
sent with one customer skipped and why, the history listed, termination and the deletion
certificate, bad input refused naming the field, all as JSON."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import Cli, _add


def _agreement(cli: Cli, partner_id: str, *extra: str) -> dict[str, object]:
    return dict(
        cli.json(
            "agreements", "add", partner_id,
            "--purpose", "marketing_sms", "--fields", "name,mobile",
            "--scope", "loyalty offers", "--confidentiality", "clause 7",
            "--security", "clause 8", "--starts", "2026-01-01", "--expires", "2099-12-31",
            *extra,
        )
    )  # fmt: skip


def test_a_partner_agreement_and_disclosure_through_the_cli(
    cli: Cli,
    tmp_path: Path,
) -> None:
    partner = cli.json(
        "partners", "add", "--name", "Acme SMS", "--role", "processor", "--country", "cn",
        "--contact", "dpo@acme",
    )[0]  # fmt: skip
    assert (partner["role"], partner["country"]) == ("processor", "CN")
    agreement = _agreement(cli, partner["id"])
    assert agreement["status"] == "active"
    consented = _add(
        cli, "name=林晓梅", "mobile=13812345678", consents=("service", "marketing_sms")
    )
    not_asked = _add(cli, "name=周杰", "mobile=13812345679")
    ids = tmp_path / "ids.txt"
    ids.write_text(f"{consented}\n{not_asked}\n", encoding="utf-8")
    out = tmp_path / "acme.csv"

    sent = cli.json(
        "disclosures", "send", str(agreement["id"]), "--purpose", "marketing_sms",
        "--fields", "name", "--customers", str(ids), "--out", str(out),
    )  # fmt: skip

    assert (sent["sent"], sent["skipped"]) == (
        1,
        {not_asked: "no consent to marketing_sms"},
    )
    assert "林晓梅" in out.read_text(encoding="utf-8-sig")
    assert [d["id"] for d in cli.json("disclosures", "list")] == [sent["id"]]
    assert cli.json("disclosures", "customers", sent["id"]) == [consented]
    assert "fields: birth_date not covered" in cli.refused(
        "disclosures", "send", str(agreement["id"]), "--purpose", "marketing_sms",
        "--fields", "birth_date", "--customers", str(ids),
    )  # fmt: skip

    ended = cli.json("agreements", "terminate", str(agreement["id"]))
    assert ended["status"] == "terminated"
    done = cli.json(
        "agreements", "certificate", str(agreement["id"]), "--reference", "CERT-1",
        "--received", "2026-12-01",
    )  # fmt: skip
    assert done["certificate_ref"] == "CERT-1"
    assert [a["status"] for a in cli.json("agreements", "list")] == ["terminated"]


def test_bad_input_is_refused_naming_the_field(cli: Cli) -> None:
    assert "country:" in cli.refused(
        "partners", "add", "--name", "Acme", "--role", "processor", "--country", "China",
        "--contact", "x",
    )  # fmt: skip
    partner = cli.json(
        "partners", "add", "--name", "Acme HK", "--role", "controller", "--country", "HK",
        "--contact", "x",
    )[0]  # fmt: skip
    assert "expires: must be a date" in cli.refused(
        "agreements", "add", partner["id"], "--purpose", "partner_sharing", "--fields", "name",
        "--scope", "s", "--confidentiality", "c", "--security", "s", "--starts", "2026-01-01",
        "--expires", "2026-13-01",
    )  # fmt: skip

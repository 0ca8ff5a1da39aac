"""`privault cards` and `privault kitchen`: a salon appointment's sheet and card issued to the
technician with their PDFs, returned once (twice refused), the register listed and exported,
and a restriction for this meal only printed on a kitchen ticket, all as JSON for scripts."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from tests.cli.staff_enrolment import add_enrolled
from tests.cli.test_cli import Cli, _add


def _tomorrow() -> str:
    return (datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)).isoformat()


def test_a_sheet_is_issued_returned_once_registered_and_the_kitchen_gets_no_name(
    cli: Cli,
    tmp_path: Path,
) -> None:
    day = _tomorrow()
    customer = _add(cli, "name=欧阳娜娜", "mobile=13812345678", "hair_type=dry")
    add_enrolled(cli, "tech.zhou", "service_staff", store="main")
    slot = ("--date", day, "--starts", "10:00", "--ends", "11:00", "--technician", "tech.zhou")
    booking = cli.json("bookings", "add", *slot, "--customer", customer)["id"]

    sheet_pdf = tmp_path / "sheet.pdf"
    sheet = cli.json("cards", "sheet", booking, "--to", "tech.zhou", "--pdf", str(sheet_pdf))
    assert (sheet["kind"], sheet["late"], sheet["items"]) == ("sheet", False, {"hair_type": "dry"})
    assert sheet_pdf.read_bytes().startswith(b"%PDF")
    card = cli.json("cards", "issue", booking, "--to", "tech.zhou")
    assert card["salutation"] == "欧阳**"
    returned = cli.json("cards", "return", sheet["card_no"], "--quantity", "1")
    assert (returned["state"], returned["returned_quantity"]) == ("returned", 1)
    again = cli.refused("cards", "return", sheet["card_no"], "--quantity", "1")
    assert "was returned already; nothing was changed" in again

    out = tmp_path / "register.xlsx"
    listed = cli.json("cards", "register", "--date", day, "--xlsx", str(out))
    assert [(line["card_no"], line["state"]) for line in listed["lines"]] == [
        (sheet["card_no"], "returned"),
        (card["card_no"], "out"),
    ]
    assert "13812345678" not in str(listed)
    assert len(list(load_workbook(out).active.iter_rows())) == 3  # type: ignore[union-attr]

    cli.json("kitchen", "restriction", booking, "--text", "不吃花生")
    ticket = cli.json("kitchen", "ticket", booking, "--pdf", str(tmp_path / "ticket.pdf"))
    assert (ticket["room"], ticket["restriction"]) == ("tech.zhou", "不吃花生")
    assert "欧阳" not in str(ticket)

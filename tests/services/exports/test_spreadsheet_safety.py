"""What privault writes as a table is never evaluated by a spreadsheet (issue 13.1), and a
control character stored before validation refused it does not break a file (issue 13.6)."""

from __future__ import annotations

import ast
import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from privault.domain.exports import ExportFormat, ExportRequest, ExportStatus
from privault.domain.policy import Actor
from privault.domain.portal import customer_actor
from privault.services.exports.files import writer_for
from privault.services.exports.workflow import decide_export, download_export, request_export
from privault.services.portal.own_record import correct_own
from privault.services.vault import Vault
from tests.conftest import OPERATOR
from tests.factories import MEMBER, register, unique_mobile

MANAGER = Actor("mgr.wang", frozenset({"store_manager"}), frozenset({"main"}))
HOSTILE_NAME = '=HYPERLINK("http://x","y")'  # has no digit: a valid name
HOSTILE_ADDRESS = "+cmd|' /C calc'!A0"  # OWASP's example of a DDE payload
# OWASP's leading characters; TAB and CR count on their own.
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
SRC = Path(__file__).parents[3] / "src" / "privault"


def hostile_customer(vault: Vault, operator: Actor) -> str:
    """The name given at registration, the address typed by the customer in the portal."""
    values = {"name": HOSTILE_NAME, "mobile": unique_mobile()}
    customer_id = register(vault, operator, values, MEMBER)
    correct_own(vault, customer_actor(customer_id), customer_id, {"address": HOSTILE_ADDRESS})
    return customer_id


def exported(vault: Vault, fmt: str, out: Path) -> str:
    made = request_export(vault, MANAGER, ("name", "address"), purpose="membership", format=fmt)
    decide_export(vault, OPERATOR, made.id, approve=True)  # contact fields in clear: four eyes
    download_export(vault, MANAGER, made.id, out)
    return made.id


def is_evaluated(cell: str) -> bool:
    return cell.startswith(TRIGGERS) and not cell.lstrip("+-").replace(".", "", 1).isdigit()


def test_a_csv_export_quotes_every_cell_a_spreadsheet_would_evaluate(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer_id = hostile_customer(vault, operator)
    out = tmp_path / "callbacks.csv"
    exported(vault, "csv", out)

    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    [row] = [r for r in rows if r[1:2] == [customer_id]]
    assert row[2:] == ["'" + HOSTILE_NAME, "'" + HOSTILE_ADDRESS]
    assert [cell for r in rows for cell in r if is_evaluated(cell)] == []


def test_an_xlsx_export_writes_every_cell_as_text_never_as_a_formula(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    customer_id = hostile_customer(vault, operator)
    out = tmp_path / "callbacks.xlsx"
    exported(vault, "xlsx", out)

    sheet = load_workbook(out).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert {c.data_type for c in cells} == {"s"}
    [row] = [r for r in sheet.iter_rows(values_only=True) if r[1] == customer_id]
    assert row[2:] == (HOSTILE_NAME, HOSTILE_ADDRESS)  # the value as given, shown as text
    hostile = [c for c in cells if c.value in (HOSTILE_NAME, HOSTILE_ADDRESS)]
    assert len(hostile) == 2
    # Excel keeps a quote-prefixed cell text even when someone edits it and presses Enter.
    assert all(c.quotePrefix and c.number_format == "@" for c in hostile)


def test_every_tabular_file_is_written_through_the_one_neutralising_writer() -> None:
    """The class is closed: an export, an access request's data.csv and an import's reject
    report all go through infra/tabular_writer.py; a new writer elsewhere fails here."""
    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _writes_a_table(node.func):
                found.add(path.relative_to(SRC).as_posix())
    assert found == {"infra/tabular_writer.py"}


def _writes_a_table(called: ast.expr) -> bool:
    """csv.writer(...), csv.DictWriter(...), Workbook(...), WriteOnlyCell(...)."""
    if isinstance(called, ast.Attribute):
        module = called.value.id if isinstance(called.value, ast.Name) else ""
        return (module, called.attr) in {
            ("csv", "writer"),
            ("csv", "DictWriter"),
            ("openpyxl", "Workbook"),
        }
    return isinstance(called, ast.Name) and called.id in {"Workbook", "WriteOnlyCell"}


def stored_anyway(fmt: ExportFormat) -> ExportRequest:
    """An export of a value stored before validation refused control characters."""
    now = datetime(2026, 11, 23, tzinfo=UTC)
    return ExportRequest(
        "e" * 32, "mgr.wang", now, fmt, ("name",), (), "callbacks", 1, ExportStatus.APPROVED
    )


@pytest.mark.parametrize("fmt", [ExportFormat.XLSX, ExportFormat.CSV])
def test_a_stored_control_character_does_not_break_an_export_file(
    tmp_path: Path, fmt: ExportFormat, caplog: pytest.LogCaptureFixture
) -> None:
    stored = "张\x00三\x1b丰\x7f"
    path = tmp_path / f"out.{fmt.value}"
    writer = writer_for(path, stored_anyway(fmt), ["姓名"])
    writer.write("c1", {"name": stored})
    writer.close()

    if fmt is ExportFormat.XLSX:
        rows = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    else:
        rows = [tuple(r) for r in csv.reader(path.read_text(encoding="utf-8-sig").splitlines())]
    [cell] = [r[2] for r in rows if r[1] == "c1"]
    assert cell == "张\ufffd三\ufffd丰\ufffd"  # marked where a character was, not silently joined
    assert "三" not in caplog.text

"""Hostile files: an XLSX whose shared strings expand enormously, a CSV with a giant line or a
huge field count, more rows than an import takes, an import that runs out of time. Each is
refused (or stopped) cleanly, with a message naming the problem, and stores nothing it should
not; an import that fails after committing batches says how many rows stay and how to resume."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError, PrivaultError
from privault.domain.policy import Actor
from privault.infra import tabular
from privault.services.imports import batches
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.vault import Vault
from tests.factories import NOTICE

OPTIONS = ImportOptions(NOTICE, ("service",))
SHARED = "xl/sharedStrings.xml"


def shared_strings_bomb(path: Path, megabytes: int) -> Path:
    """A valid workbook whose shared strings hold one string of `megabytes` MB of one letter:
    a few hundred KB on disk, deflated at about 1000:1."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["name", "mobile"])
    sheet.append(["张三", "13800001001"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            if item.filename == SHARED:
                continue
            out.writestr(item, source.read(item.filename))
        with out.open(SHARED, "w", force_zip64=True) as member:
            member.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b"<si><t>\xe5\xbc\xa0\xe4\xb8\x89</t></si><si><t>"
            )
            block = b"A" * (1 << 20)
            for _ in range(megabytes):
                member.write(block)
            member.write(b"</t></si></sst>")
    plain.unlink()
    return path


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _rows(count: int, start: int = 1) -> list[str]:
    return [f"客户{chr(0x4E00 + n)},138{n:08d}" for n in range(start, start + count)]


def test_an_xlsx_whose_shared_strings_expand_hugely_is_refused_before_parsing(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    bomb = shared_strings_bomb(tmp_path / "bomb.xlsx", 64)
    assert bomb.stat().st_size < 1024 * 1024
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        import_customers(vault, operator, bomb, OPTIONS)
    assert raised.value.field == "file"
    assert "expands" in raised.value.reason
    assert table_counts(vault.database)["customers"] == before["customers"]


def test_a_csv_with_one_giant_line_is_refused_naming_the_row_before_any_row_is_stored(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    giant = ",".join(["x"] * 2_000_000)  # four million characters, two million fields
    path = _csv(tmp_path / "giant.csv", ["name,mobile", *_rows(3), giant, *_rows(2, 10)])
    with pytest.raises(InvalidInputError) as raised:
        import_customers(vault, operator, path, OPTIONS)
    assert (raised.value.field, raised.value.params.get("row")) == ("file", 5)
    assert "longer than" in raised.value.reason
    assert table_counts(vault.database)["customers"] == 0


def test_a_csv_with_a_huge_field_count_is_refused(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    wide = ",".join(["name", "mobile", *[""] * 5000])
    path = _csv(tmp_path / "wide.csv", [wide, *_rows(2)])
    with pytest.raises(InvalidInputError) as raised:
        import_customers(vault, operator, path, OPTIONS)
    assert raised.value.params.get("row") == 1
    assert "columns" in raised.value.reason
    assert table_counts(vault.database)["customers"] == 0


def test_a_file_with_more_rows_than_an_import_takes_is_refused_before_any_row_is_stored(
    vault: Vault, operator: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 4, raising=False)
    path = _csv(tmp_path / "long.csv", ["name,mobile", *_rows(5)])
    with pytest.raises(InvalidInputError) as raised:
        import_customers(vault, operator, path, OPTIONS)
    assert "more than 4 rows" in raised.value.reason
    assert table_counts(vault.database)["customers"] == 0


def test_an_import_past_its_time_limit_stops_cleanly_and_a_rerun_completes_it(
    vault: Vault, operator: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault.settings.import_batch_rows = 2
    monkeypatch.setattr(batches, "TIME_LIMIT_SECONDS", 0, raising=False)
    path = _csv(tmp_path / "slow.csv", ["name,mobile", *_rows(5)])
    first = import_customers(vault, operator, path, OPTIONS)
    assert table_counts(vault.database)["customers"] == 2  # one batch, then time was up
    assert (first.imported, first.is_complete, first.next_row) == (2, False, 4)
    assert "run the same import again" in first.message
    assert "2 rows" in first.message

    monkeypatch.setattr(batches, "TIME_LIMIT_SECONDS", 600)
    second = import_customers(vault, operator, path, OPTIONS)
    assert (second.imported, second.rejected, second.is_complete) == (5, 0, True)
    assert second.resumed_from_row == 2
    assert table_counts(vault.database)["customers"] == 5


class _FailAtBatch:
    """A failure after some batches were committed (a lost connection, a full disk)."""

    def __init__(self, batch: int) -> None:
        self.batch = batch
        self.calls = 0

    def __call__(self, done: int, total: int | None) -> None:
        self.calls += 1
        if self.calls == self.batch:
            raise OSError("disk full")


def test_an_import_failing_after_committed_batches_says_what_stays_and_how_to_resume(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    vault.settings.import_batch_rows = 2
    path = _csv(tmp_path / "customers.csv", ["name,mobile", *_rows(7)])
    with pytest.raises(PrivaultError) as raised:
        import_customers(vault, operator, path, OPTIONS, _FailAtBatch(2))
    message = raised.value.message
    assert "4 rows were committed" in message
    assert "run the same import again" in message
    assert "row 6" in message
    assert "disk full" not in message  # the cause is named by its kind, never its text
    assert table_counts(vault.database)["customers"] == 4

    resumed = import_customers(vault, operator, path, OPTIONS)
    assert (resumed.resumed_from_row, resumed.imported, resumed.rejected) == (4, 7, 0)
    assert table_counts(vault.database)["customers"] == 7

"""An import row holding a control character is rejected naming its column, and the reject
report never carries the value (issue 13.6)."""

from __future__ import annotations

import csv
from pathlib import Path

from privault.domain.policy import Actor
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.vault import Vault
from tests.factories import NOTICE

REFUSED = "contains a control character; remove it and try again"


def test_an_import_rejects_a_name_with_a_nul_naming_the_column(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["姓名", "手机号"], ["林晓\x00梅", "13812345601"], ["周杰", "13812345602"]]
        )

    report = import_customers(vault, operator, path, ImportOptions(NOTICE, ("service",)))

    assert (report.imported, report.rejected) == (1, 1)
    text = Path(report.reject_file).read_text(encoding="utf-8-sig")
    assert list(csv.reader(text.splitlines())) == [
        ["row", "column", "reason"],
        ["2", "姓名", REFUSED],
    ]
    assert "\x00" not in text
    assert "晓" not in text


def test_an_import_rejects_a_guardian_name_with_a_control_character(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    """The guardian's name is a personal value too, though it is no catalog field."""
    path = tmp_path / "children.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["姓名", "手机号", "出生日期", "监护人姓名", "监护人关系"],
                ["林小梅", "13812345603", "2020-03-15", "林\x1b大海", "father"],
            ]
        )

    report = import_customers(vault, operator, path, ImportOptions(NOTICE, ("membership",)))

    assert (report.imported, report.rejected) == (0, 1)
    text = Path(report.reject_file).read_text(encoding="utf-8-sig")
    assert list(csv.reader(text.splitlines()))[1:] == [["2", "guardian_name", REFUSED]]

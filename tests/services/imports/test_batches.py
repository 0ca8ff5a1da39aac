"""Bulk import from CSV and XLSX: column mapping, consent, rejects, refusals, resume and audit."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from privault.db.inspection import table_counts
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.presets import load_preset
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import list_consents
from privault.services.consents.notices import publish_notice
from privault.services.customers.records import (
    CustomerView,
    find_customers,
    get_customer,
    reveal_field,
)
from privault.services.imports.batches import ImportOptions, ImportReport, import_customers
from privault.services.vault import Vault
from tests.factories import NOTICE, register

SERVICE = ImportOptions(NOTICE, ("service",))
MEMBER = ImportOptions(NOTICE, ("service", "membership"))


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _rejects(report: ImportReport) -> list[tuple[int, str, str]]:
    with Path(report.reject_file).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["row", "column", "reason"]
    return [(int(number), column, reason) for number, column, reason in rows[1:]]


def _by_mobile(vault: Vault, actor: Actor, mobile: str) -> list[CustomerView]:
    return find_customers(vault, actor, "mobile", mobile).customers


def _one(vault: Vault, actor: Actor, mobile: str) -> CustomerView:
    [found] = _by_mobile(vault, actor, mobile)
    return found


# --- columns and file formats -------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        ["name", "mobile", "birth_date", "hair_type"],
        ["姓名", "手机号", "出生日期", "发质"],
        ["Name", "Mobile", "Date of birth", "Hair type"],
        [" 姓名 ", "MOBILE", "date of birth", "发质"],
    ],
    ids=["keys", "chinese-labels", "english-labels", "spaces-and-case"],
)
def test_csv_columns_may_be_named_by_field_key_or_label(
    vault: Vault, operator: Actor, tmp_path: Path, header: list[str]
) -> None:
    path = _write_csv(
        tmp_path / "customers.csv",
        [
            header,
            ["林晓梅", "138 1234 5601", "1990-03-15", "干性发质"],
            ["周杰", "13812345602", "", ""],
        ],
    )
    report = import_customers(vault, operator, path, MEMBER)
    assert (report.imported, report.rejected, report.resumed_from_row) == (2, 0, 0)
    assert _rejects(report) == []
    first = _one(vault, operator, "13812345601")
    assert first.fields["mobile"] == "138****5601"
    assert sorted(first.fields) == ["birth_date", "hair_type", "mobile", "name"]
    assert reveal_field(vault, operator, first.id, "birth_date", "membership") == "1990-03-15"
    assert reveal_field(vault, operator, first.id, "hair_type", "service") == "dry"
    assert sorted(_one(vault, operator, "13812345602").fields) == ["mobile", "name"]


def test_xlsx_import_reads_numbers_and_date_cells_as_excel_stores_them(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "手机号", "出生日期", "会员卡号"])
    sheet.append(["王五", 13812340001, date(1988, 7, 9), "vip-1"])
    midnight = datetime(1979, 12, 31)  # noqa: DTZ001 -- Excel cells hold naive datetimes
    sheet.append(["赵六", 13812340002.0, midnight, 20240002])
    sheet.append(["钱七", "13812340003", "1995-01-02", None])
    path = tmp_path / "customers.xlsx"
    book.save(path)
    report = import_customers(vault, operator, path, MEMBER)
    assert (report.imported, report.rejected) == (3, 0)
    expected = {
        "13812340001": ("1988-07-09", "VIP-1"),
        "13812340002": ("1979-12-31", "20240002"),
        "13812340003": ("1995-01-02", None),
    }
    for mobile, (birth, member_no) in expected.items():
        customer = _one(vault, operator, mobile)
        assert reveal_field(vault, operator, customer.id, "mobile", "service") == mobile
        assert reveal_field(vault, operator, customer.id, "birth_date", "membership") == birth
        if member_no is None:
            assert "member_no" not in customer.fields
        else:
            assert (
                reveal_field(vault, operator, customer.id, "member_no", "membership") == member_no
            )


def test_blank_lines_are_skipped_and_rows_keep_their_file_line_numbers(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "customers.csv"
    path.write_text(
        "姓名,手机号\n林一,13812345611\n\n林二,1381234\n,\n\n林三,13812345613\n\n",
        encoding="utf-8",
    )
    report = import_customers(vault, operator, path, SERVICE)
    assert (report.imported, report.rejected) == (2, 1)
    assert [(number, column) for number, column, _ in _rejects(report)] == [(4, "手机号")]
    assert _one(vault, operator, "13812345611").fields["name"] == "林*"
    assert _one(vault, operator, "13812345613").fields["name"] == "林*"


def test_gb18030_csv_saved_by_excel_on_chinese_windows_is_read(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _write_csv(
        tmp_path / "customers.csv",
        [["姓名", "手机号", "地址"], ["欧阳娜娜", "13812345621", "北京市朝阳区建国路甲1号"]],
        encoding="gb18030",
    )
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    report = import_customers(vault, operator, path, MEMBER)
    assert (report.imported, report.rejected) == (1, 0)
    customer = _one(vault, operator, "13812345621")
    assert reveal_field(vault, operator, customer.id, "name", "service") == "欧阳娜娜"
    assert (
        reveal_field(vault, operator, customer.id, "address", "membership")
        == "北京市朝阳区建国路甲1号"
    )


# --- consent ------------------------------------------------------------------------------------


def test_batch_consent_from_the_options_is_recorded_for_every_row(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _write_csv(
        tmp_path / "customers.csv",
        [["name", "mobile"], ["甲", "13812345631"], ["乙", "13812345632"]],
    )
    options = ImportOptions(NOTICE, ("service", "marketing_sms"), "signed forms, box 7")
    import_customers(vault, operator, path, options)
    for mobile in ("13812345631", "13812345632"):
        customer = _one(vault, operator, mobile)
        assert customer.purposes == ["marketing_sms", "service"]
        records = list_consents(vault, operator, customer.id)
        assert [
            (r.purpose, r.action, r.notice_version, r.channel, r.given_by, r.evidence)
            for r in records
        ] == [
            ("marketing_sms", "grant", NOTICE, "import", "self", "signed forms, box 7"),
            ("service", "grant", NOTICE, "import", "self", "signed forms, box 7"),
        ]
        assert all(r.collected_by == operator.name for r in records)


def _publish_next_notice(vault: Vault, operator: Actor, version: str) -> None:
    document = dict(load_preset("salon")["notice"], version=version)
    publish_notice(vault, operator, document)


def test_per_row_consent_and_notice_columns_add_to_the_batch_consent(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    _publish_next_notice(vault, operator, "2026.2")
    path = _write_csv(
        tmp_path / "customers.csv",
        [
            ["姓名", "手机号", "consent:marketing_sms", "同意:生日礼遇", "notice", "evidence"],
            ["甲", "13812345641", "是", "", "", ""],
            ["乙", "13812345642", "1", "同意", "2026.2", "web form 42"],
            ["丙", "13812345643", "yes", "", "", ""],
            ["丁", "13812345644", "否", "0", "", ""],
        ],
    )
    report = import_customers(vault, operator, path, SERVICE)
    assert (report.imported, report.rejected) == (4, 0)
    expected = {
        "13812345641": (["marketing_sms", "service"], NOTICE, None),
        "13812345642": (["birthday_offers", "marketing_sms", "service"], "2026.2", "web form 42"),
        "13812345643": (["marketing_sms", "service"], NOTICE, None),
        "13812345644": (["service"], NOTICE, None),
    }
    for mobile, (purposes, version, evidence) in expected.items():
        customer = _one(vault, operator, mobile)
        assert customer.purposes == purposes
        records = list_consents(vault, operator, customer.id)
        assert sorted(r.purpose for r in records) == purposes
        assert {(r.action, r.notice_version, r.channel, r.evidence) for r in records} == {
            ("grant", version, "import", evidence)
        }


def test_a_row_consent_column_justifies_a_field_the_batch_consent_does_not(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _write_csv(
        tmp_path / "customers.csv",
        [
            ["name", "mobile", "allergies", "consent:sensitive_care"],
            ["甲", "13812345651", "对香精过敏", "是"],
            ["乙", "13812345652", "对芒果过敏", ""],
        ],
    )
    report = import_customers(vault, operator, path, SERVICE)
    assert (report.imported, report.rejected) == (1, 1)
    assert _one(vault, operator, "13812345651").fields["allergies"] == "******"
    assert _by_mobile(vault, operator, "13812345652") == []
    assert [(n, c) for n, c, _ in _rejects(report)] == [(3, "allergies")]


# --- rejected rows ------------------------------------------------------------------------------

REJECTED_VALUES = ["李坏号", "1381234", "王过敏", "对染发剂中的对苯二胺过敏", "张重库", "刘重文"]


def test_invalid_unjustified_and_duplicate_rows_go_to_the_reject_file_and_store_nothing(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    existing = register(vault, operator, {"name": "老客户", "mobile": "13812345660"})
    vault.settings.import_batch_rows = 3  # the duplicates span batch boundaries both ways
    path = _write_csv(
        tmp_path / "customers.csv",
        [
            ["姓名", "手机号", "过敏情况", "Email"],
            ["甲一", "13812345661", "", ""],  # 2
            ["甲二", "13812345662", "", "jia2@example.com"],  # 3
            ["刘重文", "13812345662", "", ""],  # 4: same mobile as row 3, same batch
            ["李坏号", "1381234", "", ""],  # 5: invalid mobile
            ["王过敏", "13812345665", "对染发剂中的对苯二胺过敏", ""],  # 6: no sensitive_care
            ["张重库", "13812345660", "", ""],  # 7: mobile already in the database
            ["甲三", "13812345668", "", "JIA2@example.com"],  # 8: same email as row 3
            ["甲四", "13812345669", "", ""],  # 9
        ],
    )
    before = table_counts(vault.database)
    report = import_customers(vault, operator, path, MEMBER)
    assert (report.imported, report.rejected) == (3, 5)
    rejects = _rejects(report)
    assert [(number, column) for number, column, _ in rejects] == [
        (4, "手机号"),
        (5, "手机号"),
        (6, "过敏情况"),
        (7, "手机号"),
        (8, "Email"),
    ]
    reasons = {number: reason for number, _, reason in rejects}
    assert "already registered" in reasons[4]
    assert "mobile" in reasons[5]
    assert "sensitive_care" in reasons[6]
    assert existing in reasons[7]
    assert "already registered" in reasons[8]
    assert table_counts(vault.database)["customers"] == before["customers"] + 3
    assert [c.id for c in _by_mobile(vault, operator, "13812345660")] == [existing]
    assert _by_mobile(vault, operator, "13812345665") == []
    assert len(_by_mobile(vault, operator, "13812345662")) == 1
    assert len(find_customers(vault, operator, "email", "jia2@example.com").customers) == 1
    assert _one(vault, operator, "13812345669").fields["name"] == "甲*"
    text = Path(report.reject_file).read_text(encoding="utf-8-sig")
    for value in [*REJECTED_VALUES, "13812345660", "13812345662", "13812345665", "jia2@"]:
        assert value.casefold() not in text.casefold()


def test_duplicate_reject_names_only_customers_that_exist(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    register(vault, operator, {"name": "老客户", "email": "old@example.com"}, ("membership",))
    path = _write_csv(
        tmp_path / "customers.csv",
        [
            ["name", "mobile", "email"],
            ["甲", "13812345671", "old@example.com"],  # rejected: email taken
            ["乙", "13812345671", "new@example.com"],  # same mobile as a row that is not stored
        ],
    )
    report = import_customers(vault, operator, path, MEMBER)
    assert report.imported + report.rejected == 2
    for _, _, reason in _rejects(report):
        if "already registered to customer" in reason:
            named = reason.split("already registered to customer ")[1].split(";")[0]
            assert get_customer(vault, operator, named).id == named


def test_reject_file_can_be_placed_elsewhere(vault: Vault, operator: Actor, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "customers.csv", [["name", "mobile"], ["甲", "12"]])
    target = tmp_path / "out" / "why.csv"
    target.parent.mkdir()
    report = import_customers(
        vault, operator, path, ImportOptions(NOTICE, ("service",), reject_file=target)
    )
    assert report.reject_file == str(target)
    assert [(n, c) for n, c, _ in _rejects(report)] == [(2, "mobile")]


# --- whole-file refusals ------------------------------------------------------------------------

BROKEN_XLSX = b"PK\x03\x04this is not a workbook"


ROW = "name,mobile\n甲,13812345681\n"


@pytest.mark.parametrize(
    ("name", "content", "options", "field", "words"),
    [
        pytest.param(
            "a.csv",
            "name,mobile,shoe_size\n甲,13812345681,42\n",
            SERVICE,
            "column 3",
            "shoe_size",
            id="unknown-column",
        ),
        pytest.param(
            "a.csv",
            "name,mobile,姓名\n甲,13812345681,甲\n",
            SERVICE,
            "column 3",
            "name",
            id="repeated-column",
        ),
        pytest.param(
            "a.csv",
            "name,consent:spam\n甲,1\n",
            SERVICE,
            "column 2",
            "purpose",
            id="unknown-consent-purpose",
        ),
        pytest.param("a.csv", "", SERVICE, "header", "columns", id="empty-file"),
        pytest.param(
            "a.csv",
            "甲,13812345681\n",
            SERVICE,
            "column 1",
            "not a catalog field",
            id="no-header-row",
        ),
        pytest.param(
            "a.csv",
            ROW,
            ImportOptions(None, ("service",)),
            "notice",
            "notice",
            id="no-notice-version",
        ),
        pytest.param(
            "a.csv",
            ROW,
            ImportOptions("1999.9", ("service",)),
            "notice",
            "2026.1",
            id="unpublished-notice-version",
        ),
        pytest.param("missing.csv", None, SERVICE, "file", "missing.csv", id="missing-file"),
        pytest.param("a.pdf", ROW, SERVICE, "file", ".xlsx", id="not-csv-or-xlsx"),
        pytest.param(
            "a.csv",
            b"name,mobile\n\xff\xfe\x80,1\n",
            SERVICE,
            "file",
            "CSV",
            id="undecodable-csv",
        ),
        pytest.param(
            "a.xlsx",
            BROKEN_XLSX,
            SERVICE,
            "file",
            "Excel",
            id="damaged-xlsx",
        ),
    ],
)
def test_a_file_that_cannot_be_imported_is_refused_whole_and_changes_nothing(
    vault: Vault,
    operator: Actor,
    tmp_path: Path,
    name: str,
    content: str | bytes | None,
    options: ImportOptions,
    field: str,
    words: str,
) -> None:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif content is not None:
        path.write_bytes(content)
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        import_customers(vault, operator, path, options)
    assert raised.value.field == field
    assert words in raised.value.message
    assert table_counts(vault.database) == before


def test_a_directory_and_an_xlsx_with_an_unknown_column_are_refused(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "鞋码"])
    sheet.append(["甲", "42"])
    book.save(tmp_path / "a.xlsx")
    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as raised:
        import_customers(vault, operator, folder, SERVICE)
    assert raised.value.field == "file"
    with pytest.raises(InvalidInputError, match="鞋码") as raised:
        import_customers(vault, operator, tmp_path / "a.xlsx", SERVICE)
    assert raised.value.field == "column 2"
    assert table_counts(vault.database) == before


def test_the_header_error_does_not_quote_personal_values_from_data_rows(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "a.csv", [["name", "shoe_size"], ["林秘密", "13812345699"]])
    with pytest.raises(InvalidInputError) as raised:
        import_customers(vault, operator, path, SERVICE)
    assert "林秘密" not in raised.value.message
    assert "13812345699" not in raised.value.message


# --- interruption and resume --------------------------------------------------------------------


def _resume_rows() -> list[list[str]]:
    rows = [["姓名", "手机号", "电子邮箱", "出生日期"]]
    for n in range(1, 12):
        email = f"kehu{n}@example.com" if n not in (3, 9) else "not-an-email"
        rows.append(
            [f"顾客{'一二三四五六七八九十零'[n - 1]}", f"138000000{n:02d}", email, "1990-01-01"]
        )
    return rows


class _StopAfter:
    """Stands in for Ctrl-C after a number of committed batches."""

    def __init__(self, batches: int) -> None:
        self.batches = batches
        self.calls: list[tuple[int, int | None]] = []

    def __call__(self, done: int, total: int | None) -> None:
        self.calls.append((done, total))
        if len(self.calls) == self.batches:
            raise KeyboardInterrupt


def test_an_interrupted_import_keeps_whole_customers_and_resumes_where_it_stopped(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    vault.settings.import_batch_rows = 3
    path = _write_csv(tmp_path / "customers.csv", _resume_rows())
    before = table_counts(vault.database)["customers"]
    stop = _StopAfter(2)
    with pytest.raises(KeyboardInterrupt):
        import_customers(vault, operator, path, MEMBER, stop)
    assert [done for done, _ in stop.calls] == [3, 6]
    stored = [n for n in range(1, 12) if _by_mobile(vault, operator, f"138000000{n:02d}")]
    assert stored == [1, 2, 4, 5, 6]
    assert table_counts(vault.database)["customers"] == before + 5
    for n in stored:
        customer = _one(vault, operator, f"138000000{n:02d}")
        assert sorted(get_customer(vault, operator, customer.id).fields) == [
            "birth_date",
            "email",
            "mobile",
            "name",
        ]

    report = import_customers(vault, operator, path, MEMBER)
    assert report.resumed_from_row == 6
    assert (report.imported, report.rejected) == (9, 2)
    assert report.imported + report.rejected == 11
    assert table_counts(vault.database)["customers"] == before + 9
    for n in range(1, 12):
        found = _by_mobile(vault, operator, f"138000000{n:02d}")
        assert len(found) == (0 if n in (3, 9) else 1)
    assert [(number, column) for number, column, _ in _rejects(report)] == [
        (4, "电子邮箱"),
        (10, "电子邮箱"),
    ]

    again = import_customers(vault, operator, path, MEMBER)
    assert (again.imported, again.rejected) == (9, 2)
    assert table_counts(vault.database)["customers"] == before + 9
    assert len(_rejects(again)) == 2


def test_the_same_file_with_other_consent_options_is_a_new_import(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "customers.csv", [["name", "mobile"], ["甲", "13812345691"]])
    assert import_customers(vault, operator, path, SERVICE).imported == 1
    second = import_customers(vault, operator, path, MEMBER)
    assert (second.imported, second.rejected, second.resumed_from_row) == (0, 1, 0)
    assert "already registered" in _rejects(second)[0][2]


# --- audit --------------------------------------------------------------------------------------


def test_each_imported_customer_and_the_run_itself_are_audited_without_values(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _write_csv(
        tmp_path / "customers.csv",
        [
            ["name", "mobile", "email"],
            ["审计甲", "13812345701", "audit.a@example.com"],
            ["审计乙", "13812345702", ""],
            ["审计丙", "bad", ""],
        ],
    )
    report = import_customers(vault, operator, path, MEMBER)
    first = _one(vault, operator, "13812345701")
    second = _one(vault, operator, "13812345702")
    imports = {
        customer.id: [
            e
            for e in list_audit_events(vault, operator, customer_id=customer.id)
            if e.action == Action.IMPORT
        ]
        for customer in (first, second)
    }
    [first_event] = imports[first.id]
    [second_event] = imports[second.id]
    assert first_event.fields == ("email", "mobile", "name")
    assert second_event.fields == ("mobile", "name")
    assert (first_event.actor, first_event.outcome.value) == (operator.name, "allowed")
    runs = [
        e
        for e in list_audit_events(vault, operator)
        if e.action == Action.IMPORT and e.customer_id is None
    ]
    assert [e.reason for e in runs] == ["import finished: 2 imported, 1 rejected"]
    assert report.imported == 2
    assert {first_event.request_id, second_event.request_id} == {runs[0].request_id}
    trail = repr(list_audit_events(vault, operator, limit=1000))
    for value in ("审计甲", "审计乙", "审计丙", "13812345701", "13812345702", "audit.a@"):
        assert value not in trail


# --- channels (issue 17 point 1) ------------------------------------------------------------------


def test_a_surveys_answers_arrive_under_the_survey_channel_and_wait_for_review(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "survey.csv", [["姓名", "手机号"], ["问卷客", "13812347701"]])
    survey = ImportOptions(NOTICE, ("service",), "questionnaires, box 3", channel="survey")
    assert import_customers(vault, operator, path, survey).imported == 1
    answered = _one(vault, operator, "13812347701")
    assert answered.status == "pending"  # the survey channel is reviewed before use
    assert [c.channel for c in list_consents(vault, operator, answered.id)] == ["survey"]

    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError) as refused:
        import_customers(
            vault, operator, path, ImportOptions(NOTICE, ("service",), channel="store")
        )
    assert refused.value.field == "channel"
    assert table_counts(vault.database) == before

"""Moving in from the system a shop leaves (issue 17, point 7): member exports shaped like those
of 有赞 and 客如云, mapped by synonyms, previewed masked, saved and reused on the next file; the
columns left out reported; levels, points and stored value as opening entries, spend and the last
visit as history; no marketing consent the file does not evidence."""

from __future__ import annotations

import csv
from datetime import datetime
from itertools import cycle, islice
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from privault.db.inspection import table_counts
from privault.db.tables import customers
from privault.domain.errors import InvalidInputError
from privault.domain.ledger import Ledger
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.consents.ledger import list_consents
from privault.services.customers.records import find_customers
from privault.services.customers.visit_history import list_visits
from privault.services.imports.batches import ImportOptions, ImportReport, import_customers
from privault.services.imports.mappings import list_mappings, preview_import
from privault.services.ledgers.accounts import show_account
from privault.services.members.membership import get_membership
from privault.services.vault import Vault
from tests.factories import NOTICE

SHANGHAI = ZoneInfo("Asia/Shanghai")
NAMES = (
    "林晓梅", "周杰", "陈静", "王芳", "李娜", "张伟", "刘洋", "杨丽", "赵敏", "黄磊",
    "吴婷", "徐明", "孙悦", "胡军", "朱琳", "高翔", "郭峰", "何雪", "马超", "罗兰",
)  # fmt: skip
GENDERS = ("女", "男", "女士", "男性", "未知")
BIRTHDAYS = ("1979/3/8", "1985-11-02", "19900715", "1992年6月1日", "1988-04-12 00:00:00", "")
LEVELS = ("金卡会员", "普通会员", "银卡会员", "钻石会员")
POINTS = ("1,280", "0", "350", "12000")
BALANCES = ("¥1,280.50", "0.00", "300", "￥2,000.00")
SPENDS = ("8,650.00", "1,200", "¥560.5", "0")
LAST_VISITS = ("2026-03-08 14:22:10", "2025/12/1 9:05", "2026年1月15日", "20250630")

YOUZAN = [
    "客户姓名", "手机号", "性别", "生日", "会员等级", "积分", "储值余额", "累计消费金额",
    "最近消费时间", "来源渠道", "标签",
]  # fmt: skip
KERUYUN = [
    "会员名称", "手机号码", "性别", "出生日期", "会员卡号", "会员等级", "积分余额",
    "卡余额（元）", "累计消费（元）", "消费次数", "最后消费时间", "开卡门店", "备注",
]  # fmt: skip
SERVICE = ImportOptions(NOTICE, ("service",))
# The shop's own forms evidence personalisation (which gender serves in the salon catalog).
KERUYUN_CONSENT = ImportOptions(NOTICE, ("service", "personalisation"))


def _columns(count: int, *values: tuple[str, ...]) -> list[list[str]]:
    return [list(row) for row in zip(*(islice(cycle(v), count) for v in values), strict=True)]


def _youzan_rows(first_mobile: int) -> list[list[str]]:
    """20 members as 有赞's member list writes them; row 9 has points no one can read and row
    12 a birthday that does not exist."""
    mobiles = tuple(f"138{first_mobile + i:08d}" for i in range(20))
    rows = _columns(
        20, NAMES, mobiles, GENDERS, BIRTHDAYS, LEVELS, POINTS, BALANCES, SPENDS, LAST_VISITS,
        ("微信小程序", "门店", "公众号"), ("高价值,老客", "", "新客"),
    )  # fmt: skip
    rows[7][5] = "很多"
    rows[10][3] = "1979-13-45"
    return rows


def _keruyun_rows(first_mobile: int, first_card: int) -> list[list[str]]:
    mobiles = tuple(f"139{first_mobile + i:08d}" for i in range(20))
    cards = tuple(f"KRY{first_card + i:07d}" for i in range(20))
    return _columns(
        20, NAMES[::-1], mobiles, GENDERS, BIRTHDAYS, cards, ("钻石卡", "普通", "银卡", "金卡"),
        POINTS, BALANCES, SPENDS, ("23", "1", "7", "0"), LAST_VISITS, ("南山店", "福田店"),
        ("喜欢安静", "", "周末来"),
    )  # fmt: skip


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return path


def _xlsx(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [header, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def _customer_id(vault: Vault, actor: Actor, mobile: str) -> str:
    [found] = find_customers(vault, actor, "mobile", mobile).customers
    return found.id


def _rejects(report: ImportReport) -> list[list[str]]:
    with Path(report.reject_file).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))[1:]


def _last_activity(vault: Vault, customer_id: str) -> datetime:
    # Read from the store: no service shows last_activity_at, the retention clock itself.
    with vault.database.data_engine.connect() as c:
        query = select(customers.c.last_activity_at).where(customers.c.id == customer_id)
        at = c.execute(query).scalar_one()
    assert isinstance(at, datetime)
    return at


def test_a_youzan_export_is_refused_until_its_unimported_columns_are_confirmed(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "youzan.csv", YOUZAN, _youzan_rows(12345600))
    preview = preview_import(vault, operator, path)
    assert [c.target for c in preview.columns] == [
        "name", "mobile", "gender", "birth_date", "member:level", "member:points",
        "member:balance", "history:spend", "history:last_visit", "", "",
    ]  # fmt: skip
    assert preview.unimported == ["来源渠道", "标签"]
    assert len(preview.rows) == 5
    shown = " ".join(" ".join(row) for row in preview.rows)
    assert not [clear for clear in ("13812345600", "林晓梅", "高价值") if clear in shown]
    assert preview.rows[0][4:6] == ["金卡会员", "1,280"]

    before = table_counts(vault.database)
    with pytest.raises(InvalidInputError, match="'来源渠道', '标签'") as refused:
        import_customers(vault, operator, path, SERVICE)
    assert refused.value.field == "column 10"
    after = table_counts(vault.database)
    assert after["customers"] == before["customers"] == 0
    assert after["import_mappings"] == 0


def test_a_youzan_export_arrives_with_opening_balances_history_and_no_marketing_consent(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "youzan.csv", YOUZAN, _youzan_rows(12345600))
    # Gender serves personalisation here, which the file does not evidence: left out by choice.
    options = ImportOptions(
        NOTICE, ("service",), confirm=True, save_mapping="有赞", choices=(("性别", ""),)
    )
    report = import_customers(vault, operator, path, options)

    assert (report.imported, report.rejected) == (18, 2), _rejects(report)
    assert report.unimported == ("性别", "来源渠道", "标签")
    assert report.mapping == "有赞"
    assert [(r[0], r[1]) for r in _rejects(report)] == [("9", "积分"), ("12", "生日")]
    assert "whole number" in _rejects(report)[0][2]

    gold = _customer_id(vault, operator, "13812345600")  # 林晓梅: 金卡, 1,280 points, ¥1,280.50
    assert get_membership(vault, operator, gold).level.key == "gold"
    assert show_account(vault, operator, Ledger.POINTS, gold).balance == 1280
    assert show_account(vault, operator, Ledger.WALLET, gold).balance == 128050
    [history] = list_visits(vault, operator, gold).visits
    assert (history.kind, history.amount) == ("history", "8650.00")
    last_visit = datetime(2026, 3, 8, 14, 22, 10, tzinfo=SHANGHAI)
    assert history.at == last_visit
    assert _last_activity(vault, gold) == last_visit  # the retention clock, not the import's

    plain = _customer_id(vault, operator, "13812345601")  # 普通会员, 0 points, 0.00
    assert get_membership(vault, operator, plain).level.key == "standard"
    assert show_account(vault, operator, Ledger.POINTS, plain).balance == 0
    granted = {c.purpose for c in list_consents(vault, operator, gold) if c.action == "grant"}
    assert granted == {"service", "membership"}
    assert [m.name for m in list_mappings(vault, operator)] == ["有赞"]
    reasons = [e.reason or "" for e in list_audit_events(vault, operator, limit=500)]
    assert "import mapping saved: 有赞" in reasons


def test_a_keruyun_mapping_saved_from_the_preview_is_found_again_for_the_next_file(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    first = _xlsx(tmp_path / "keruyun-1.xlsx", KERUYUN, _keruyun_rows(12340000, 1))
    left_out = {"开卡门店": "", "备注": ""}
    preview = preview_import(vault, operator, first, choices=left_out, save_as="客如云")
    assert preview.mapping == "客如云"
    assert preview.unimported == ["开卡门店", "备注"]

    report = import_customers(vault, operator, first, KERUYUN_CONSENT)  # nothing to confirm
    assert (report.imported, report.rejected, report.mapping) == (20, 0, "客如云"), _rejects(report)
    assert report.unimported == ("开卡门店", "备注")

    # The next export of the same system: other people, the columns in another order.
    rows = _keruyun_rows(12350000, 101)
    order = [*range(len(KERUYUN))][::-1]
    second = _csv(
        tmp_path / "keruyun-2.csv",
        [KERUYUN[i] for i in order],
        [[row[i] for i in order] for row in rows],
    )
    again = import_customers(vault, operator, second, KERUYUN_CONSENT)
    assert (again.imported, again.rejected, again.mapping) == (20, 0, "客如云")

    diamond = _customer_id(vault, operator, "13912350000")  # 钻石卡, 23 visits, ¥8,650
    view = get_membership(vault, operator, diamond)
    assert view.level.key == "diamond"
    assert (view.number or "").endswith("01")  # the card from the file kept, masked
    [history] = list_visits(vault, operator, diamond).visits
    assert history.amount == "8650.00"
    assert [(i.quantity, i.amount) for i in history.items] == [(23, "8650.00")]
    granted = {c.purpose for c in list_consents(vault, operator, diamond)}
    assert not {"marketing_sms", "marketing_email"} & granted

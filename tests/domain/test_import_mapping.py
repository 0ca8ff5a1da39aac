"""Another system's export read as privault reads its own: headers by synonyms, the value forms
such exports write, and a bad figure refused naming the figure, never the value."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from privault.domain.catalog import parse_catalog
from privault.domain.errors import InvalidInputError
from privault.domain.import_columns import plan_columns, preview_cells, refuse_unconfirmed
from privault.domain.import_mapping import (
    Extra,
    header_key,
    headers_digest,
    parse_opening,
    reform,
    suggest,
)
from privault.domain.members import DEFAULT_RULES
from privault.domain.values import normalise
from privault.presets import load_preset

CATALOG = parse_catalog(load_preset("salon"))
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "target"),
    [
        ("客户姓名", "name"),
        ("会员名称", "name"),
        ("Name", "name"),
        ("手机号码", "mobile"),
        ("联系电话", "mobile"),
        ("*手机号", "mobile"),
        ("出生日期", "birth_date"),
        ("生日", "birth_date"),
        ("性别", "gender"),
        ("会员等级", Extra.LEVEL),
        ("积分", Extra.POINTS),
        ("卡余额（元）", Extra.BALANCE),
        ("储值余额(元)", Extra.BALANCE),
        ("累计消费金额", Extra.SPEND),
        ("最近消费时间", Extra.LAST_VISIT),
        ("E-mail", "email"),
        ("来源渠道", None),
        ("标签", None),
    ],
)
def test_the_headers_of_other_systems_are_known_by_their_synonyms(
    header: str, target: str | None
) -> None:
    assert suggest(CATALOG, header) == target


def test_a_field_the_catalog_lacks_is_no_suggestion() -> None:
    without_address = CATALOG.fields.keys() - {"address"}
    narrowed = replace(CATALOG, fields={k: CATALOG.fields[k] for k in without_address})
    assert suggest(CATALOG, "联系地址") == "address"
    assert suggest(narrowed, "联系地址") is None
    assert header_key("  储值余额（元） ") == "储值余额"


def test_the_same_headers_in_another_order_or_width_give_the_same_digest() -> None:
    first = headers_digest(["客户姓名", "手机号", "积分"])
    assert first == headers_digest(["积分", " 客户姓名", "手机号"])
    assert first != headers_digest(["客户姓名", "手机号"])


def test_a_plan_lists_the_columns_left_out_and_asks_to_confirm_them() -> None:
    plan = plan_columns(CATALOG, ["客户姓名", "手机号", "来源渠道", "积分", "标签"])
    assert plan.fields == {0: "name", 1: "mobile"}
    assert plan.extras == {3: Extra.POINTS}
    assert plan.unimported == [(2, "来源渠道"), (4, "标签")]
    with pytest.raises(InvalidInputError, match="'来源渠道', '标签'") as refused:
        refuse_unconfirmed(plan)
    assert refused.value.field == "column 3"
    chosen = plan_columns(CATALOG, ["客户姓名", "来源渠道", "标签"], {"来源渠道": "", "标签": ""})
    refuse_unconfirmed(chosen)  # a mapping that leaves them out has seen them
    assert chosen.choices == {"客户姓名": "name", "来源渠道": "", "标签": ""}


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ({"birth_date": "1979/3/8"}, "1979/3/8"),
        ({"birth_date": "1988-04-12 00:00:00"}, "1988-04-12"),
        ({"gender": "男性"}, "男"),
        ({"gender": "女士"}, "女"),
        ({"gender": "未知"}, None),
    ],
)
def test_value_forms_are_brought_to_a_spelling_the_catalog_takes(
    raw: dict[str, str], stored: str | None
) -> None:
    [key] = raw
    assert reform(CATALOG, raw).get(key) == stored


def test_the_preview_masks_every_field_and_never_shows_a_column_left_out() -> None:
    plan = plan_columns(CATALOG, ["客户姓名", "手机号", "生日", "积分", "标签"])
    cells = ["林晓梅", "13812345600", "1979年3月8日", "1,280", "VIP 13812345600"]
    shown = preview_cells(CATALOG, plan, cells, NOW.date())
    assert "13812345600" not in " ".join(shown)
    assert shown[0] != "林晓梅"
    assert shown[3:] == ["1,280", ""]
    mistaken = plan_columns(CATALOG, ["客户姓名", "手机号"], {"手机号": "member:points"})
    assert preview_cells(CATALOG, mistaken, cells[:2], NOW.date())[1] == "✗"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({Extra.POINTS: "1,280"}, ("points", 1280)),
        ({Extra.BALANCE: "¥1,280.50"}, ("balance_fen", 128050)),
        ({Extra.BALANCE: "1280.5元"}, ("balance_fen", 128050)),
        ({Extra.SPEND: "8,650"}, ("spend_cents", 865000)),
        ({Extra.VISITS: "23"}, ("visits", 23)),
        ({Extra.LEVEL: "金卡会员"}, ("level", "gold")),
        ({Extra.LEVEL: "钻石卡"}, ("level", "diamond")),
        ({Extra.LEVEL: "silver"}, ("level", "silver")),
        (
            {Extra.LAST_VISIT: "2026-03-08 14:22:10"},
            ("last_visit", datetime(2026, 3, 8, 14, 22, 10, tzinfo=SHANGHAI)),
        ),
        (
            {Extra.LAST_VISIT: "2026年3月8日"},
            ("last_visit", datetime(2026, 3, 8, tzinfo=SHANGHAI)),
        ),
        (
            {Extra.LAST_VISIT: "2025/12/1 9:05"},
            ("last_visit", datetime(2025, 12, 1, 9, 5, tzinfo=SHANGHAI)),
        ),
        ({Extra.LAST_VISIT: "20250630"}, ("last_visit", datetime(2025, 6, 30, tzinfo=SHANGHAI))),
        ({Extra.POINTS: "未知"}, ("points", None)),
    ],
)
def test_membership_figures_are_read_in_the_forms_exports_write(
    given: dict[str, str], expected: tuple[str, object]
) -> None:
    opening = parse_opening(given, DEFAULT_RULES.levels, SHANGHAI, NOW)
    attribute, value = expected
    assert getattr(opening, attribute) == value


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({Extra.POINTS: "很多"}, "whole number"),
        ({Extra.POINTS: "12.5"}, "whole number"),
        ({Extra.BALANCE: "-30"}, "amount"),
        ({Extra.BALANCE: "1.005"}, "2 decimals"),
        ({Extra.LEVEL: "黑卡"}, "普通, 银卡, 金卡, 钻石"),
        ({Extra.LAST_VISIT: "2026-02-30"}, "date and time"),
        ({Extra.LAST_VISIT: "2027-01-01"}, "future"),
    ],
)
def test_a_bad_figure_is_refused_naming_the_figure_and_not_the_value(
    given: dict[str, str], words: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_opening(given, DEFAULT_RULES.levels, SHANGHAI, NOW)
    [figure] = given
    assert refused.value.field == figure
    assert words in refused.value.message
    assert given[figure] not in refused.value.message


@pytest.mark.parametrize(
    "written", ["1979/3/8", "1979-03-08", "19790308", "1979年3月8日", "1979-03-08 00:00:00"]
)
def test_a_birthday_in_any_usual_form_is_stored_as_one_date(written: str) -> None:
    reformed = reform(CATALOG, {"birth_date": written})["birth_date"]
    stored = normalise(CATALOG.field("birth_date"), reformed, today=NOW.date())
    assert stored.value == "1979-03-08"

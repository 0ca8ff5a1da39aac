"""Import columns: headers map to fields by key or label; consent and meta columns; refusals."""

from __future__ import annotations

import pytest

from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.errors import InvalidInputError
from privault.domain.import_columns import (
    YES,
    ColumnPlan,
    parse_row,
    plan_columns,
    refuse_unconfirmed,
)
from privault.presets import load_preset


@pytest.fixture(scope="module")
def salon() -> Catalog:
    preset = load_preset("salon")
    return parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})


def test_headers_map_to_fields_by_key_chinese_or_english_label(salon: Catalog) -> None:
    plan = plan_columns(salon, ["name", "手机号", "Email", " Membership Number "])
    assert plan.fields == {0: "name", 1: "mobile", 2: "email", 3: "member_no"}
    assert plan.headers == {
        "name": "name",
        "mobile": "手机号",
        "email": "Email",
        "member_no": "Membership Number",
    }
    assert plan.consents == {}
    assert plan.meta == {}


@pytest.mark.parametrize(
    ("header", "purpose"),
    [
        ("consent:marketing_sms", "marketing_sms"),
        ("Consent: SMS marketing", "marketing_sms"),
        ("同意:短信营销", "marketing_sms"),
        ("同意：邮件营销", "marketing_email"),
        ("同意:sensitive_care", "sensitive_care"),
        ("consent:过敏关怀", "sensitive_care"),
    ],
)
def test_consent_columns_name_a_purpose_by_key_or_name(
    salon: Catalog, header: str, purpose: str
) -> None:
    plan = plan_columns(salon, ["姓名", header])
    assert plan.consents == {1: purpose}


@pytest.mark.parametrize(
    ("header", "meta"),
    [
        ("notice", "notice"),
        ("告知版本", "notice"),
        ("隐私政策版本", "notice"),
        ("Evidence", "evidence"),
        ("同意凭证", "evidence"),
        ("guardian_name", "guardian_name"),
        ("监护人姓名", "guardian_name"),
        ("监护人关系", "guardian_relation"),
        ("STORE", "store"),
        ("门店", "store"),
    ],
)
def test_meta_columns_describe_the_consent(salon: Catalog, header: str, meta: str) -> None:
    assert plan_columns(salon, ["name", header]).meta == {1: meta}


def test_blank_headers_are_skipped_and_positions_kept(salon: Catalog) -> None:
    plan = plan_columns(salon, ["", "name", "  ", "mobile"])
    assert plan.fields == {1: "name", 3: "mobile"}


def test_an_unknown_column_is_listed_and_refused_until_confirmed_naming_its_position(
    salon: Catalog,
) -> None:
    plan = plan_columns(salon, ["name", "mobile", "shoe size"])
    assert plan.unimported == [(2, "shoe size")]
    with pytest.raises(InvalidInputError, match="'shoe size': not a catalog field") as raised:
        refuse_unconfirmed(plan)
    assert raised.value.field == "column 3"


def test_a_consent_column_for_an_unknown_purpose_is_refused(salon: Catalog) -> None:
    with pytest.raises(InvalidInputError, match="unknown purpose") as raised:
        plan_columns(salon, ["name", "consent:spam"])
    assert raised.value.field == "column 2"


@pytest.mark.parametrize(
    "header",
    [
        ["name", "姓名"],
        ["name", "mobile", "Name"],
        ["name", "consent:marketing_sms", "同意:短信营销"],
        ["name", "notice", "告知版本"],
    ],
)
def test_a_repeated_column_is_refused_naming_both_positions(
    salon: Catalog, header: list[str]
) -> None:
    last = len(header)
    with pytest.raises(InvalidInputError, match=f"columns \\d and {last} both give") as raised:
        plan_columns(salon, header)
    assert raised.value.field == f"column {last}"


def test_a_header_without_any_field_is_refused(salon: Catalog) -> None:
    with pytest.raises(InvalidInputError) as raised:
        plan_columns(salon, ["consent:service", "notice"])
    assert raised.value.field == "header"


@pytest.fixture
def plan(salon: Catalog) -> ColumnPlan:
    return plan_columns(
        salon, ["name", "mobile", "consent:marketing_sms", "同意:邮件营销", "notice", "门店"]
    )


def test_a_row_gives_values_consents_and_meta(plan: ColumnPlan) -> None:
    row = parse_row(plan, [" 张三 ", "13812345678", "是", "no", "2026.1", "north"])
    assert row.values == {"name": "张三", "mobile": "13812345678"}
    assert row.purposes == frozenset({"marketing_sms"})
    assert row.meta == {"notice": "2026.1", "store": "north"}


def test_empty_and_missing_cells_are_left_out(plan: ColumnPlan) -> None:
    row = parse_row(plan, ["张三", "  "])
    assert row.values == {"name": "张三"}
    assert row.purposes == frozenset()
    assert row.meta == {}


@pytest.mark.parametrize("cell", [*sorted(YES), "YES", " Y ", "True", "X"])
def test_yes_values_grant_the_consent(plan: ColumnPlan, cell: str) -> None:
    assert parse_row(plan, ["张三", "", cell]).purposes == frozenset({"marketing_sms"})


@pytest.mark.parametrize("cell", ["", "0", "n", "no", "false", "否", "不同意", "maybe", "yes!"])
def test_anything_else_does_not_grant_the_consent(plan: ColumnPlan, cell: str) -> None:
    assert parse_row(plan, ["张三", "", cell, cell]).purposes == frozenset()

"""Control characters are refused where every value is validated, naming the field and never
carrying the value (issue 13.6): a NUL once stored broke every workbook that held it."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.catalog import Catalog, parse_catalog
from privault.domain.errors import InvalidInputError
from privault.domain.purpose_use import parse_stated_purpose
from privault.domain.values import normalise
from privault.presets import load_preset

TODAY = date(2026, 11, 23)
REFUSED = "contains a control character; remove it and try again"
CONTROLS = [
    "\x00",  # NUL
    "\x01",
    "\x08",  # backspace
    "\x0b",  # vertical tab: whitespace to Python, illegal in a workbook
    "\x0c",
    "\x1b",  # escape
    "\x1c",  # file separator: whitespace to Python too
    "\x7f",  # DEL
    "\x85",  # a C1 control (next line)
    "\u202e",  # right-to-left override: spoofs how the text reads
    "\u2066",  # left-to-right isolate
    "\ud800",  # a lone surrogate, which no file encoding can write
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    preset = load_preset("restaurant")
    return parse_catalog({k: preset[k] for k in ("industry", "fields", "purposes")})


FIELDS = [
    ("name", "张三丰"),
    ("address", "深圳市南山区科技园"),
    ("mobile", "13812345678"),
    ("email", "zhang@example.com"),
]
CASES = [(field, value, "\x00") for field, value in FIELDS] + [
    ("favourite_dishes", "白切鸡", control) for control in CONTROLS
]


@pytest.mark.parametrize(
    ("field", "value", "control"), CASES, ids=[f"{f}-U+{ord(c):04X}" for f, _, c in CASES]
)
def test_a_value_with_a_control_character_is_refused_naming_the_field(
    catalog: Catalog, field: str, value: str, control: str
) -> None:
    hostile = value[:2] + control + value[2:]
    with pytest.raises(InvalidInputError) as refused:
        normalise(catalog.field(field), hostile, today=TODAY)
    assert (refused.value.field, refused.value.reason) == (field, REFUSED)
    assert value[2:] not in str(refused.value)
    assert refused.value.__cause__ is None
    assert refused.value.__context__ is None


@pytest.mark.parametrize("space", ["\t", "\n", "\r\n"])
def test_tabs_and_line_breaks_in_free_text_are_kept_as_one_space(
    catalog: Catalog, space: str
) -> None:
    assert normalise(
        catalog.field("favourite_dishes"), f"白切鸡{space}烧鹅", today=TODAY
    ).value == ("白切鸡 烧鹅")


@pytest.mark.parametrize(
    ("purpose", "note", "field"),
    [("service\x00", None, "purpose"), ("service", "year-end\x00callbacks", "note")],
)
def test_a_purpose_or_note_at_use_with_a_control_character_is_refused(
    catalog: Catalog, purpose: str, note: str | None, field: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_stated_purpose(catalog, purpose, note)
    assert (refused.value.field, refused.value.reason) == (field, REFUSED)

"""The customer information card: the serving staff's items in the reader's language, the
dietary warning in a red badge, and a note naming what a withdrawn purpose kept off the card."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.domain.errors import InvalidInputError
from privault.infra.printing import CardItem, customer_card_pdf
from tests.infra.printing.poppler import rasterise_in_colour, text
from tests.infra.printing.samples import PRINTED_FOR, card


def test_the_card_shows_each_item_with_its_chinese_label(tmp_path: Path) -> None:
    printed = text(customer_card_pdf(card(), PRINTED_FOR), tmp_path)
    for line in (
        "客户信息卡",
        "卡号：KP-000123",
        "包房：牡丹厅",
        "称呼：王先生",
        "客户类别：金卡",
        "偏好：靠窗、少辣",
        "菜品酒水：清蒸鲈鱼、龙井茶",
        "座位：主位右侧",
        "忌口：花生过敏",
    ):
        assert line in printed


def test_an_english_reader_gets_english_labels(tmp_path: Path) -> None:
    printed = text(customer_card_pdf(card(), PRINTED_FOR, lang="en"), tmp_path)
    assert "Customerinformationcard" in printed
    assert "Room:牡丹厅" in printed
    assert "Dietaryrestriction:花生过敏" in printed
    assert "包房" not in printed


def test_the_dietary_warning_is_printed_in_red(tmp_path: Path) -> None:
    def red_pixels(pdf: bytes) -> int:
        raw = rasterise_in_colour(pdf, tmp_path)[0].tobytes()
        rgb = zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
        return sum(1 for r, g, b in rgb if r > 120 and g < 60 and b < 60)

    assert red_pixels(customer_card_pdf(card(), PRINTED_FOR)) > 100
    assert red_pixels(customer_card_pdf(card(dietary_warning=""), PRINTED_FOR)) == 0


def test_items_a_withdrawn_purpose_needs_are_named_as_not_printed(tmp_path: Path) -> None:
    withdrawn = card(
        preferences=(),
        dishes_and_drinks=(),
        left_out=(CardItem.PREFERENCES, CardItem.DISHES_AND_DRINKS),
    )
    printed = text(customer_card_pdf(withdrawn, PRINTED_FOR), tmp_path)
    assert "未印出（客户已撤回其所需的处理目的）：偏好、菜品酒水" in printed
    assert "靠窗" not in printed


def test_a_card_without_room_is_refused_naming_the_field() -> None:
    with pytest.raises(InvalidInputError) as refused:
        customer_card_pdf(card(room=""), PRINTED_FOR)
    assert refused.value.field == "room"


def test_an_unknown_reader_language_is_refused_with_the_choices() -> None:
    with pytest.raises(InvalidInputError) as refused:
        customer_card_pdf(card(), PRINTED_FOR, lang="fr")
    assert refused.value.message == "lang: use one of zh, en"


def test_a_character_the_font_lacks_prints_as_a_visible_mark_not_as_nothing(
    tmp_path: Path,
) -> None:
    printed = text(customer_card_pdf(card(dietary_warning="对🥜过敏"), PRINTED_FOR), tmp_path)
    assert "忌口：对〓过敏" in printed

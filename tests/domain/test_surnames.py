"""A name's surname as the surname index holds it, and what a person types in a surname filter
(issue 18 point 7): what the masked name shows before its stars is what the filter takes."""

from __future__ import annotations

import pytest
from faker import Faker

from privault.domain.catalog import MaskRule
from privault.domain.errors import InvalidInputError
from privault.domain.masking import mask
from privault.domain.surnames import parse_surname, surname_of


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("张三丰", "张"),
        ("张三", "张"),
        ("欧阳娜娜", "欧阳"),
        ("司马光", "司马"),
        ("诸葛孔明", "诸葛"),
        ("欧阳", "欧"),  # two characters: a surname and a given name, masked 欧*
        ("单于", "单"),
        ("John Smith", "smith"),
        ("Mary Ann LEE", "lee"),
        ("Zoë", "zoë"),
    ],
)
def test_a_names_surname_is_what_its_mask_keeps_or_its_last_word(name: str, surname: str) -> None:
    assert surname_of(name) == surname


@pytest.mark.parametrize(
    ("typed", "surname"),
    [
        ("张", "张"),
        ("欧阳", "欧阳"),
        ("张*三", "张"),
        ("张*", "张"),
        ("欧阳**", "欧阳"),
        (" 司马* ", "司马"),
        ("张＊三", "张"),  # a full-width star from a Chinese keyboard
        ("Smith", "smith"),
        ("John Smith", "smith"),
        ("", None),
        ("   ", None),
    ],
)
def test_the_filter_takes_a_surname_or_a_masked_name_as_shown(
    typed: str, surname: str | None
) -> None:
    assert parse_surname(typed) == surname


@pytest.mark.parametrize(
    "typed", ["张三", "张三丰", "张三*", "*三", "**", "J*** S****", "Smith2", "张\x07", "张" * 65]
)
def test_a_whole_name_or_a_shape_that_shows_no_surname_is_refused_naming_the_field(
    typed: str,
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_surname(typed, "surname")
    assert refused.value.field == "surname"


def test_the_refusal_says_what_to_type() -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse_surname("张三丰", "name_surname")
    assert refused.value.field == "name_surname"
    assert "surname only" in refused.value.reason
    assert "masked name as shown" in refused.value.reason
    assert "张三丰" not in str(refused.value)


def test_real_names_masked_give_back_their_surname() -> None:
    """What the desk reads off a masked name finds the index the full name was given."""
    fake = Faker("zh_CN")
    fake.seed_instance(18)
    names = [fake.name() for _ in range(300)] + ["欧阳娜娜", "司马相如", "诸葛亮", "上官婉儿"]
    for name in names:
        shown = mask(MaskRule.NAME, name)
        assert parse_surname(shown) == surname_of(name), (name, shown)


def test_real_latin_names_give_their_last_word() -> None:
    fake = Faker("en_US")
    fake.seed_instance(18)
    for _ in range(100):
        first, last = fake.first_name(), fake.last_name()
        assert surname_of(f"{first} {last}") == last.casefold()
        assert parse_surname(last.upper()) == last.casefold()

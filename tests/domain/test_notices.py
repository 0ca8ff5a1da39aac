"""Privacy notices: every PIPL Art. 17 element in both languages, a stable hash, a rendered text."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.notices import ELEMENT_TITLES, ELEMENTS, LANGUAGES, parse_notice
from privault.presets import load_preset

GAPS = [(lang, key) for lang in LANGUAGES for key in ELEMENTS]


def _document() -> dict[str, Any]:
    return copy.deepcopy(load_preset("salon")["notice"])


@pytest.mark.legal("PIPL Art. 17")
def test_the_preset_notice_parses_with_every_element() -> None:
    notice = parse_notice(_document())
    assert notice.version == "2026.1"
    assert not notice.is_material
    for lang in LANGUAGES:
        assert set(notice.texts[lang]) == set(ELEMENTS)


@pytest.mark.parametrize("version", [None, "", "   "])
def test_a_notice_without_a_version_is_refused(version: str | None) -> None:
    document = _document()
    if version is None:
        del document["version"]
    else:
        document["version"] = version
    with pytest.raises(InvalidInputError, match="needs a version") as raised:
        parse_notice(document)
    assert raised.value.field == "version"


@pytest.mark.legal("PIPL Art. 17")
@pytest.mark.parametrize(("lang", "key"), GAPS)
def test_a_missing_element_is_refused_naming_language_and_element(lang: str, key: str) -> None:
    document = _document()
    del document[lang][key]
    with pytest.raises(InvalidInputError) as raised:
        parse_notice(document)
    assert raised.value.field == "notice"
    named = [gap for gap in (f"{lg}.{k}" for lg, k in GAPS) if gap in raised.value.message]
    assert named == [f"{lang}.{key}"]


@pytest.mark.parametrize(("lang", "key"), [("zh", "retention"), ("en", "contact")])
def test_a_blank_element_counts_as_missing(lang: str, key: str) -> None:
    document = _document()
    document[lang][key] = "  \n "
    with pytest.raises(InvalidInputError, match=rf"{lang}\.{key}"):
        parse_notice(document)


def test_every_gap_is_named_at_once() -> None:
    document = _document()
    del document["en"]
    del document["zh"]["rights"]
    with pytest.raises(InvalidInputError) as raised:
        parse_notice(document)
    for gap in ["zh.rights", *(f"en.{key}" for key in ELEMENTS)]:
        assert gap in raised.value.message
    assert "zh.processor" not in raised.value.message


def test_a_language_section_that_is_not_a_table_counts_as_missing() -> None:
    document = _document()
    document["zh"] = "全部内容"
    with pytest.raises(InvalidInputError, match=r"zh\.processor"):
        parse_notice(document)


def test_the_hash_is_stable_across_parses_and_key_order() -> None:
    document = _document()
    reordered = {key: document[key] for key in reversed(list(document))}
    reordered["en"] = {key: document["en"][key] for key in reversed(ELEMENTS)}
    assert parse_notice(document).sha256 == parse_notice(_document()).sha256
    assert parse_notice(reordered).sha256 == parse_notice(document).sha256
    assert len(parse_notice(document).sha256) == 64


def test_the_hash_ignores_surrounding_whitespace() -> None:
    document = _document()
    document["zh"]["contact"] = "\n  " + document["zh"]["contact"] + "  \n"
    assert parse_notice(document).sha256 == parse_notice(_document()).sha256


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["en"].update(rights=d["en"]["rights"] + "!"),
        lambda d: d["zh"].update(processor=d["zh"]["processor"].replace("本店", "我店", 1)),
        lambda d: d.update(version="2026.2"),
        lambda d: d.update(material=True),
    ],
)
def test_the_hash_changes_with_the_text_version_or_materiality(change: Any) -> None:
    changed = _document()
    change(changed)
    assert parse_notice(changed).sha256 != parse_notice(_document()).sha256


def test_the_document_round_trips_through_parse() -> None:
    notice = parse_notice({**_document(), "material": True})
    again = parse_notice(notice.as_document())
    assert again == notice
    assert again.is_material


@pytest.mark.parametrize(("lang", "title_index"), [("zh", 0), ("en", 1)])
def test_the_rendered_notice_shows_each_element_under_its_title(
    lang: str, title_index: int
) -> None:
    notice = parse_notice(_document())
    rendered = notice.render(lang)
    positions = [rendered.index(ELEMENT_TITLES[key][title_index]) for key in ELEMENTS]
    assert positions == sorted(positions)
    for key in ELEMENTS:
        assert notice.texts[lang][key] in rendered


def test_the_english_rendering_holds_no_chinese_titles() -> None:
    rendered = parse_notice(_document()).render("en")
    assert "处理目的" not in rendered
    assert "Purposes" in rendered

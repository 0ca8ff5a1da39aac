"""Line breaking: Chinese breaks anywhere, Latin words stay whole, closing punctuation never
starts a line, and a word wider than the line is cut rather than spilling over."""

from __future__ import annotations

from privault.infra.printing.wrapping import wrap


def _width(text: str) -> float:
    return float(len(text))  # one unit per character keeps the expected lines readable


def test_chinese_breaks_between_characters_at_the_width() -> None:
    assert wrap("喜欢靠窗的座位", 4, 4, _width) == ["喜欢靠窗", "的座位"]


def test_closing_punctuation_travels_with_the_character_before_it() -> None:
    assert wrap("不吃辣，少盐", 3, 3, _width) == ["不吃", "辣，少", "盐"]


def test_latin_words_stay_whole_and_a_too_long_word_is_cut() -> None:
    assert wrap("no chili please", 8, 8, _width) == ["no chili", "please"]
    assert wrap("seasonaltasting", 8, 8, _width) == ["seasonal", "tasting"]


def test_the_first_line_may_be_wider_than_the_rest() -> None:
    assert wrap("一二三四五六七", 4, 2, _width) == ["一二三四", "五六", "七"]


def test_every_line_fits_its_width() -> None:
    lines = wrap("喜欢靠窗安静的座位，ask for the seasonal menu。" * 3, 9, 6, _width)
    assert len(lines[0]) <= 9
    assert all(len(line) <= 6 for line in lines[1:])

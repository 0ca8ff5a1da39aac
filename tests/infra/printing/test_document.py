"""The document builder: a watermark naming the recipient, the time in the shop's zone and the
document number on every page; long text wraps and stays on the paper; the same inputs give the
same bytes; bad input is refused naming the field."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from privault.domain.errors import InvalidInputError
from privault.infra.printing import (
    PAGE_FORMATS,
    Document,
    PrintedFor,
    PrintFontMissingError,
    Watermark,
    customer_card_pdf,
    page_format,
)
from privault.infra.printing.fonts import print_font
from privault.web.explain import explain
from tests.infra.printing.poppler import DPI, pixels, rasterise, text
from tests.infra.printing.samples import LONG_PREFERENCE, PRINTED_FOR, SHANGHAI, card

WATERMARK = "李娜·2026-12-0316:45Asia/Shanghai·KP-000123"  # as pdftotext reads it back


def test_the_watermark_names_recipient_time_with_zone_and_number() -> None:
    assert Watermark(PRINTED_FOR, "KP-000123").text == (
        "李娜 · 2026-12-03 16:45 Asia/Shanghai · KP-000123"
    )


def test_every_page_carries_the_watermark(tmp_path: Path) -> None:
    pdf = customer_card_pdf(card(preferences=(LONG_PREFERENCE,) * 3), PRINTED_FOR)
    pages = rasterise(pdf, tmp_path)
    assert len(pages) >= 2
    for number in range(1, len(pages) + 1):
        assert WATERMARK in text(pdf, tmp_path, page=number)


def test_a_long_preference_wraps_and_all_ink_stays_inside_the_card_margins(
    tmp_path: Path,
) -> None:
    pdf = customer_card_pdf(card(preferences=(LONG_PREFERENCE,)), PRINTED_FOR)
    card_format = page_format("business_card")
    inner = card_format.margin * DPI / 72 - 2  # two pixels for the badge's stroke
    for page in rasterise(pdf, tmp_path):
        assert page.size == (pixels(90), pixels(54))
        dark = page.point(lambda v: 255 if v < 128 else 0).getbbox()
        assert dark is not None
        left, top, right, bottom = dark
        assert min(left, top) >= inner
        assert right <= page.width - inner
        assert bottom <= page.height - inner
    assert "".join(LONG_PREFERENCE.split()) in text(pdf, tmp_path)


def test_the_same_inputs_give_the_same_bytes_and_another_number_another_file_id() -> None:
    first = customer_card_pdf(card(), PRINTED_FOR)
    assert first == customer_card_pdf(card(), PRINTED_FOR)
    other = customer_card_pdf(card(card_no="KP-000124"), PRINTED_FOR)
    assert _file_id(first) != _file_id(other)


def _file_id(pdf: bytes) -> bytes:
    found = re.search(rb"/ID\s*\[<([0-9a-f]+)>", pdf)
    assert found is not None
    return found[1]


def test_the_pdf_is_dated_at_the_printing_time(tmp_path: Path) -> None:
    pdf = customer_card_pdf(card(), PRINTED_FOR)
    assert b"D:20261203084500+00'00'" in pdf


def test_an_unknown_page_format_is_refused_with_the_choices() -> None:
    with pytest.raises(InvalidInputError) as refused:
        page_format("letter")
    assert refused.value.field == "page_format"
    assert refused.value.message == ("page_format: use one of " + ", ".join(PAGE_FORMATS))
    assert "business_card, a6, a5, kitchen_ticket" in refused.value.message


def test_a_printing_time_without_its_zone_is_refused() -> None:
    with pytest.raises(InvalidInputError) as refused:
        PrintedFor("李娜", datetime(2026, 12, 3, 16, 45), SHANGHAI)  # noqa: DTZ001
    assert refused.value.field == "printed_at"
    assert "zone" in refused.value.message


@pytest.mark.parametrize(
    ("recipient", "number", "field"), [(" ", "KP-1", "recipient"), ("李娜", "", "document_no")]
)
def test_a_watermark_without_recipient_or_number_is_refused(
    recipient: str, number: str, field: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        Watermark(PrintedFor(recipient, PRINTED_FOR.printed_at, SHANGHAI), number)
    assert refused.value.field == field


def test_a_missing_font_names_the_file_and_the_package_to_install(tmp_path: Path) -> None:
    missing = tmp_path / "wqy-zenhei.ttc"
    with pytest.raises(PrintFontMissingError) as refused:
        print_font(missing)
    assert str(missing) in str(refused.value)
    assert "fonts-wqy-zenhei" in str(refused.value)


def test_a_roll_grows_with_its_lines_and_a_sheet_keeps_its_size(tmp_path: Path) -> None:
    short = Document(page_format("kitchen_ticket"), "厨房单", Watermark(PRINTED_FOR, "CF-1"))
    long = Document(page_format("kitchen_ticket"), "厨房单", Watermark(PRINTED_FOR, "CF-2"))
    for n in range(30):
        long.line("备注", f"第 {n} 行")
    short_page = rasterise(short.pdf(), tmp_path)[0]
    long_page = rasterise(long.pdf(), tmp_path)[0]
    assert short_page.width == long_page.width == pixels(80)
    assert long_page.height > short_page.height


@pytest.mark.parametrize(
    ("refuse", "chinese"),
    [
        (lambda: page_format("letter"), "请使用以下之一：business_card, a6, a5, kitchen_ticket"),
        (lambda: Watermark(PRINTED_FOR, " "), "必填：请填写"),
        (
            lambda: PrintedFor("李娜", datetime(2026, 12, 3, 16, 45), SHANGHAI),  # noqa: DTZ001
            "请给出带时区的时间，例如 2026-12-03T16:45+08:00",
        ),
    ],
)
def test_a_printing_refusal_reads_in_chinese_on_the_pages(
    refuse: Callable[[], object], chinese: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        refuse()
    assert explain("zh", refused.value) == chinese


def test_the_watermark_is_light_and_reaches_every_corner_of_the_page(tmp_path: Path) -> None:
    blank = Document(page_format("a6"), " ", Watermark(PRINTED_FOR, "W-1")).pdf()
    page = rasterise(blank, tmp_path)[0]
    w, h = page.width // 4, page.height // 4
    for left, top in ((0, 0), (3 * w, 0), (0, 3 * h), (3 * w, 3 * h)):
        corner = page.crop((left, top, left + w, top + h))
        darkest = min(corner.tobytes())
        assert 150 < darkest < 250  # grey ink there, and no black

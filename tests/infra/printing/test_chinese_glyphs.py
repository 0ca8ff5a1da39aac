"""The embedded font draws real Chinese glyphs: the title read back from the rasterised page
matches the same words drawn by Pillow with the same font file, and not a row of boxes (tofu)
or a near miss; pdffonts reports the font embedded as a subset and no other font."""

from __future__ import annotations

from pathlib import Path

import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFont

from privault.infra.printing import Document, Watermark, customer_card_pdf, document, page_format
from privault.infra.printing.fonts import FONT_PATH, print_font
from privault.infra.printing.layout import LEADING
from tests.infra.printing.poppler import DPI, fonts, rasterise
from tests.infra.printing.samples import PRINTED_FOR, card

TITLE = "客户信息卡"
DECOYS = ("客户信息单", "□□□□□", "口口口口口", "     ")
GRID = (60, 12)  # coarse enough that hinting differences between the two renderers vanish


def _ink(image: Image.Image) -> Image.Image:
    """White strokes on black, cropped to them; the light grey watermark falls below the cut."""
    strokes = image.convert("L").point(lambda v: 255 if v < 128 else 0)
    box = strokes.getbbox()
    return strokes.crop(box) if box else strokes


def _likeness(a: Image.Image, b: Image.Image) -> float:
    """Pearson correlation of the two ink maps on a coarse grid: 1 is the same shapes."""
    xs = list(a.resize(GRID, Image.Resampling.BOX).tobytes())
    ys = list(b.resize(GRID, Image.Resampling.BOX).tobytes())
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    spread = (sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys)) ** 0.5
    return cov / spread if spread else 0.0


def _pillow(text: str, px: int) -> Image.Image:
    font = ImageFont.truetype(str(FONT_PATH), px, index=0)
    image = Image.new("L", (px * (len(text) + 2), px * 2), 255)
    ImageDraw.Draw(image).text((px // 2, px // 2), text, font=font, fill=0)
    return _ink(image)


def _printed_title(tmp_path: Path) -> tuple[Image.Image, int]:
    a6 = page_format("a6")
    pdf = Document(a6, TITLE, Watermark(PRINTED_FOR, "T-1")).pdf()
    page = rasterise(pdf, tmp_path)[0]
    scale = DPI / 72
    top, bottom = a6.margin * scale, (a6.margin + a6.title_size * LEADING) * scale
    band = page.crop((0, int(top), page.width, int(bottom) + 1))
    return _ink(band), round(a6.title_size * scale)


def _shows_the_title(tmp_path: Path) -> bool:
    """The title's ink is there, looks like the title, and looks more like it than any decoy."""
    title, px = _printed_title(tmp_path)
    if title.getbbox() is None:
        return False
    score = _likeness(title, _pillow(TITLE, px))
    decoys = (_likeness(title, _pillow(decoy, px)) for decoy in DECOYS)
    return score > 0.7 and all(score > other + 0.05 for other in decoys)


def test_the_printed_title_has_the_shapes_of_its_chinese_characters(tmp_path: Path) -> None:
    assert _shows_the_title(tmp_path)


def test_the_glyph_check_fails_when_the_font_has_no_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Vera (shipped with ReportLab) has no CJK glyphs: the title prints as nothing or tofu."""
    latin_only = print_font(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")
    monkeypatch.setattr(document, "print_font", lambda: latin_only)
    assert not _shows_the_title(tmp_path)


def test_the_font_is_embedded_as_a_subset_and_is_the_only_font(tmp_path: Path) -> None:
    pdf = customer_card_pdf(card(), PRINTED_FOR)
    [font] = fonts(pdf, tmp_path)
    assert "WenQuanYiZenHei" in font.name
    assert font.type == "TrueType"
    assert font.embedded
    assert font.subset
    assert font.name.split("+")[0].isupper()  # the subset tag, e.g. AAAAAA+

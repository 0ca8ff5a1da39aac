"""The one font every printed document uses: WenQuanYi Zen Hei, TrueType outlines embedded as a
subset, so a card prints the same Chinese on any viewer or printer (ReportLab's built-in CID fonts
are not embedded: the viewer substitutes whatever it has, or nothing)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
FONT_PACKAGE = "fonts-wqy-zenhei"
FONT_NAME = "WenQuanYiZenHei"


class PrintFontMissingError(RuntimeError):
    """The machine lacks the font: an operator's fix, not the person printing."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"the print font {path} is missing: install Debian's {FONT_PACKAGE} "
            f"(apt-get install {FONT_PACKAGE}, or `make test` on a fresh machine)"
        )
        self.path = path


@cache
def print_font(path: Path = FONT_PATH) -> str:
    """Registers the font once per process and returns its name for the canvas."""
    if not path.is_file():
        raise PrintFontMissingError(path)
    name = FONT_NAME if path == FONT_PATH else f"{FONT_NAME}-{path}"
    # subfontIndex 0 is Zen Hei itself; the collection's second face is its monospaced twin.
    pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return name


def text_width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


# 〓 (geta), the typesetter's mark for a character the type case lacks: an emoji or rare
# character in an allergy note prints as a visible gap rather than as nothing at all.
MISSING_GLYPH = "\u3013"


def printable(text: str, font: str) -> str:
    registered = pdfmetrics.getFont(font)
    if not isinstance(registered, TTFont):
        return text
    glyphs = registered.face.charToGlyph
    return "".join(c if ord(c) in glyphs or c in "\n\r\t" else MISSING_GLYPH for c in text)

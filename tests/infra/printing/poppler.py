"""Reading the PDFs back as a reader's tools do, with poppler-utils: pixels (pdftoppm), the fonts
a file embeds (pdffonts) and its text (pdftotext)."""

from __future__ import annotations

import math
import re
import subprocess
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from tempfile import mkdtemp

from PIL import Image

DPI = 150


def _run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def _saved(pdf: bytes, tmp: Path) -> Path:
    """Each call its own folder: no page left by an earlier call is read as this one's."""
    folder = Path(mkdtemp(dir=tmp))
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    return source


def pixels(mm: float, dpi: int = DPI) -> int:
    """pdftoppm rounds a page's size in pixels up."""
    return math.ceil(mm * dpi / 25.4)


def rasterise(pdf: bytes, tmp: Path, dpi: int = DPI) -> list[Image.Image]:
    """Each page in grey levels (0 is black)."""
    return [page.convert("L") for page in _pages(pdf, tmp, dpi)]


def rasterise_in_colour(pdf: bytes, tmp: Path, dpi: int = DPI) -> list[Image.Image]:
    return [page.convert("RGB") for page in _pages(pdf, tmp, dpi)]


def _pages(pdf: bytes, tmp: Path, dpi: int) -> list[Image.Image]:
    source = _saved(pdf, tmp)
    _run("pdftoppm", "-r", str(dpi), "-png", source, source.parent / "page")
    pages = sorted(source.parent.glob("page-*.png"))
    return [Image.open(BytesIO(p.read_bytes())) for p in pages]


@dataclass(frozen=True)
class FontRow:
    name: str
    type: str
    embedded: bool
    subset: bool


def fonts(pdf: bytes, tmp: Path) -> list[FontRow]:
    source = _saved(pdf, tmp)
    rows = _run("pdffonts", source).splitlines()[2:]
    # name, type (one or two words), encoding, emb, sub, uni, object, ID
    found = []
    for row in rows:
        parts = row.split()
        emb, sub = parts[-5], parts[-4]
        found.append(FontRow(parts[0], " ".join(parts[1:-6]), emb == "yes", sub == "yes"))
    return found


def text(pdf: bytes, tmp: Path, page: int | None = None) -> str:
    """The text in reading order, whitespace removed: poppler puts each Chinese character of
    rotated text on its own line."""
    source = _saved(pdf, tmp)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return re.sub(r"\s+", "", _run("pdftotext", "-raw", *pages, source, "-"))

"""Reading the PDFs back as a reader's tools do, with poppler-utils: pixels (pdftoppm), the fonts
a file embeds (pdffonts) and its text with positions (pdftotext)."""

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
    return subprocess.run(
        [str(a) for a in args], check=True, capture_output=True, text=True
    ).stdout


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
    source = _saved(pdf, tmp)
    _run("pdftoppm", "-r", str(dpi), "-gray", "-png", source, source.parent / "page")
    pages = sorted(source.parent.glob("page-*.png"))
    return [Image.open(BytesIO(p.read_bytes())).convert("L") for p in pages]


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


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    page_width: float
    page_height: float


def words(pdf: bytes, tmp: Path) -> list[Word]:
    source = _saved(pdf, tmp)
    html = _run("pdftotext", "-bbox", source, "-")
    found = []
    for number, (width, height, body) in enumerate(_pages(html), start=1):
        for match in re.finditer(_WORD, body):
            box = [float(match[k]) for k in ("x0", "y0", "x1", "y1")]
            found.append(Word(number, match["w"], *box, width, height))
    return found


_WORD = re.compile(
    r'<word xMin="(?P<x0>[\d.]+)" yMin="(?P<y0>[\d.]+)" '
    r'xMax="(?P<x1>[\d.]+)" yMax="(?P<y1>[\d.]+)">(?P<w>[^<]*)</word>'
)


def _pages(html: str) -> list[tuple[float, float, str]]:
    pattern = r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>'
    return [(float(w), float(h), body) for w, h, body in re.findall(pattern, html, re.DOTALL)]

"""Laid-out pages onto a PDF canvas: the watermark first, light and diagonal, under the text, then
the lines, with a red box and a warning sign around each badge."""

from __future__ import annotations

import math
from io import BytesIO
from itertools import groupby

from reportlab.pdfgen.canvas import Canvas

from privault.infra.printing.fonts import printable, text_width
from privault.infra.printing.layout import Kind, Line, Page, badge_inset
from privault.infra.printing.watermark import Watermark

INK = (0.0, 0.0, 0.0)
WARNING_INK = (0.62, 0.0, 0.0)
WARNING_FILL = (1.0, 0.93, 0.93)
WATERMARK_GREY = 0.8  # light enough that text printed over it stays readable
WATERMARK_ROW_GAP = 5.0  # between the watermark's repeated rows, in font sizes


def to_pdf(pages: list[Page], title: str, watermark: Watermark, font: str, size: float) -> bytes:
    out = BytesIO()
    canvas = _canvas(out, pages[0], title, watermark, font)
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        _watermark(canvas, page, printable(watermark.text, font), font, size)
        _badges(canvas, page, font)
        for line in page.lines:
            _line(canvas, page, line, font)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _canvas(out: BytesIO, first: Page, title: str, watermark: Watermark, font: str) -> Canvas:
    """invariant: no clock reading or random ID, so the same inputs give the same bytes; the
    creation date is the printing time. The embedded font from the first page on: Helvetica, the
    default, would be a font the PDF names without embedding."""
    canvas = Canvas(
        out,
        pagesize=(first.width, first.height),
        invariant=1,
        initialFontName=font,  # type: ignore[arg-type]  # types-reportlab 5.0 says float: wrong
    )
    canvas.setTitle(title)
    canvas.setSubject(watermark.document_no)
    canvas.setCreator("privault")
    canvas.setAuthor("privault")  # not the recipient: the watermark names them where it matters
    stamp = watermark.printed_for.printed_at.isoformat()
    canvas.setDateFormatter(lambda *_: _pdf_date(stamp))
    return canvas


def _pdf_date(iso: str) -> str:
    """2026-12-03T08:45:00+00:00 as PDF writes it: D:20261203084500+00'00'."""
    day, _, rest = iso.partition("T")
    clock, sign, zone = rest[:8], rest[-6], rest[-5:]
    return f"D:{day.replace('-', '')}{clock.replace(':', '')}{sign}{zone[:2]}'{zone[3:]}'"


def _watermark(canvas: Canvas, page: Page, text: str, font: str, size: float) -> None:
    """Copies of the text tile the whole page, every other row shifted half a copy, so no
    corner of a cut-down page escapes it."""
    diagonal = math.hypot(page.width, page.height)
    width = text_width(text, font, size)
    size = min(size, size * 0.9 * diagonal / max(width, 1.0))
    step = text_width(text, font, size) + size * WATERMARK_ROW_GAP
    gap = size * WATERMARK_ROW_GAP
    rows = int(diagonal / 2 / gap) + 1
    columns = int(diagonal / 2 / step) + 1
    canvas.saveState()
    canvas.setFillGray(WATERMARK_GREY)
    canvas.setFont(font, size)
    canvas.translate(page.width / 2, page.height / 2)
    canvas.rotate(math.degrees(math.atan2(page.height, page.width)))
    for row in range(-rows, rows + 1):
        shift = step / 2 if row % 2 else 0.0
        for column in range(-columns, columns + 1):
            canvas.drawCentredString(column * step + shift, row * gap - size / 3, text)
    canvas.restoreState()


def _badges(canvas: Canvas, page: Page, font: str) -> None:
    badge_lines = (line for line in page.lines if line.kind is Kind.BADGE)
    for _, run in groupby(badge_lines, key=lambda line: line.block):
        lines = list(run)
        top, size = lines[0].top, lines[0].size
        bottom = lines[-1].top + lines[-1].height
        left = min(line.x for line in lines) - badge_inset(size)
        canvas.saveState()
        canvas.setStrokeColorRGB(*WARNING_INK)
        canvas.setFillColorRGB(*WARNING_FILL)
        canvas.setLineWidth(0.8)
        canvas.rect(left, page.height - bottom, page.width - 2 * left, bottom - top, fill=1)
        middle = page.height - top - lines[0].height / 2
        _warning_sign(canvas, left + size * 0.35, middle, size, font)
        canvas.restoreState()


def _warning_sign(canvas: Canvas, x: float, middle: float, size: float, font: str) -> None:
    """⚠ drawn as a path: the font has no glyph for it."""
    side = size * 1.2
    path = canvas.beginPath()
    path.moveTo(x, middle - side * 0.45)
    path.lineTo(x + side, middle - side * 0.45)
    path.lineTo(x + side / 2, middle + side * 0.5)
    path.close()
    canvas.setFillColorRGB(*WARNING_INK)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.setFillGray(1.0)
    canvas.setFont(font, size * 0.8)  # the embedded font: no viewer substitutes
    canvas.drawCentredString(x + side / 2, middle - side * 0.38, "!")


def _line(canvas: Canvas, page: Page, line: Line, font: str) -> None:
    canvas.setFillColorRGB(*(WARNING_INK if line.kind is Kind.BADGE else INK))
    canvas.setFont(font, line.size)
    baseline = page.height - line.top - line.height / 2 - line.size * 0.3
    canvas.drawString(line.x, baseline, line.text)

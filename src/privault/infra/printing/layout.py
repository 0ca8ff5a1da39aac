"""From a document's blocks (title, labelled lines, warning badges) to lines placed on pages:
wrapped to the paper's width, continued on a new page when one is full, never past a margin."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from privault.infra.printing.fonts import printable, text_width
from privault.infra.printing.formats import MM, PageFormat
from privault.infra.printing.wrapping import wrap

LEADING = 1.35  # line height, in font sizes
HANGING_SHARE = 0.4  # a label wider than this share of the line does not indent what follows
ROLL_MIN_HEIGHT = 40 * MM


class Kind(Enum):
    TITLE = "title"
    TEXT = "text"
    BADGE = "badge"


@dataclass(frozen=True)
class Block:
    kind: Kind
    label: str
    value: str


@dataclass(frozen=True)
class Line:
    kind: Kind
    text: str
    x: float  # from the left edge of the paper
    top: float  # from the top edge of the paper
    size: float
    block: int  # which block the line belongs to: a badge's box spans its own lines

    @property
    def height(self) -> float:
        return self.size * LEADING


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    lines: tuple[Line, ...]


def badge_inset(size: float) -> float:
    """Room at the left of a badge's text for the warning sign."""
    return size * 1.9


def lay_out(blocks: list[Block], page: PageFormat, font: str, colon: str) -> list[Page]:
    lines = [
        line
        for index, block in enumerate(blocks)
        for line in _lines(block, index, page, font, colon)
    ]
    return _paginate(lines, page)


def _lines(block: Block, index: int, page: PageFormat, font: str, colon: str) -> list[Line]:
    size = page.title_size if block.kind is Kind.TITLE else page.text_size
    left = page.margin + (badge_inset(size) if block.kind is Kind.BADGE else 0.0)
    right = size * 0.4 if block.kind is Kind.BADGE else 0.0  # inside the badge's box
    width = page.width - page.margin - right - left
    head = f"{block.label}{colon}" if block.label else ""
    indent = text_width(head, font, size)
    if indent > width * HANGING_SHARE:
        indent = 0.0
    content = printable(head + block.value, font)
    rows = wrap(content, width, width - indent, lambda s: text_width(s, font, size))
    return [
        Line(block.kind, row, left + (indent if n else 0.0), 0.0, size, index)
        for n, row in enumerate(rows)
    ]


def _paginate(lines: list[Line], page: PageFormat) -> list[Page]:
    if page.height_mm is None:
        used = sum(line.height for line in lines)
        return [_page(lines, page, max(used + 2 * page.margin, ROLL_MIN_HEIGHT))]
    height = page.height_mm * MM
    pages: list[list[Line]] = [[]]
    room = height - 2 * page.margin
    used = 0.0
    for line in lines:
        if pages[-1] and used + line.height > room:
            pages.append([])
            used = 0.0
        pages[-1].append(line)
        used += line.height
    return [_page(chunk, page, height) for chunk in pages]


def _page(lines: list[Line], page: PageFormat, height: float) -> Page:
    placed: list[Line] = []
    top = page.margin
    for line in lines:
        placed.append(Line(line.kind, line.text, line.x, top, line.size, line.block))
        top += line.height
    return Page(page.width, height, tuple(placed))

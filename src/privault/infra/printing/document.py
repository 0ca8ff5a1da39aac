"""The document builder every printed document of privault goes through: a title, labelled
lines and warning badges on a named paper format, watermarked on every page; returns PDF bytes."""

from __future__ import annotations

from privault.infra.printing.drawing import to_pdf
from privault.infra.printing.fonts import print_font
from privault.infra.printing.formats import PageFormat
from privault.infra.printing.layout import Block, Kind, lay_out
from privault.infra.printing.watermark import Watermark


class Document:
    def __init__(
        self, page: PageFormat, title: str, watermark: Watermark, *, colon: str = "："
    ) -> None:
        self.page = page
        self.title = title
        self.watermark = watermark
        self.colon = colon  # "：" in Chinese, ": " in English
        self.blocks = [Block(Kind.TITLE, "", title)]

    def line(self, label: str, value: str) -> Document:
        self.blocks.append(Block(Kind.TEXT, label, value))
        return self

    def text(self, value: str) -> Document:
        self.blocks.append(Block(Kind.TEXT, "", value))
        return self

    def badge(self, label: str, value: str) -> Document:
        """A warning the reader must not miss (an allergy, a dietary restriction)."""
        self.blocks.append(Block(Kind.BADGE, label, value))
        return self

    def pdf(self) -> bytes:
        font = print_font()
        pages = lay_out(self.blocks, self.page, font, self.colon)
        return to_pdf(pages, self.title, self.watermark, font, self.page.watermark_size)

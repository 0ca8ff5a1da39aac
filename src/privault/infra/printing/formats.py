"""The paper every printed document is laid out on, by name: business card, A6/A5 sheet, and the
80 mm roll of a kitchen printer, whose length follows the ticket."""

from __future__ import annotations

from dataclasses import dataclass

from privault.infra.printing.inputs import one_of

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class PageFormat:
    name: str
    width_mm: float
    height_mm: float | None  # None: a roll, cut after the last line
    margin_mm: float
    title_size: float  # points
    text_size: float
    watermark_size: float

    @property
    def width(self) -> float:
        return self.width_mm * MM

    @property
    def margin(self) -> float:
        return self.margin_mm * MM

    @property
    def is_roll(self) -> bool:
        return self.height_mm is None


BUSINESS_CARD = PageFormat("business_card", 90, 54, 3.5, 8.5, 6.5, 5)
A6 = PageFormat("a6", 105, 148, 8, 14, 9.5, 8)
A5 = PageFormat("a5", 148, 210, 12, 17, 11, 10)
# Large type: the ticket is read at arm's length on the pass.
KITCHEN_TICKET = PageFormat("kitchen_ticket", 80, None, 4, 16, 12, 7)

PAGE_FORMATS = {f.name: f for f in (BUSINESS_CARD, A6, A5, KITCHEN_TICKET)}


def page_format(name: str) -> PageFormat:
    return one_of(PAGE_FORMATS, name, "page_format")

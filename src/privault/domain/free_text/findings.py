"""What a recognizer reports: the kind of value found, where, and how sure it is."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    MOBILE = "mobile"
    RESIDENT_ID = "resident_id"
    BANK_CARD = "bank_card"
    PLATE = "plate"
    EMAIL = "email"
    ADDRESS = "address"


@dataclass(frozen=True, order=True)
class Finding:
    """`start`/`end`: a slice of the scanned text. `confidence` in (0, 1]: a checksum that holds
    gives 1.0, a shape alone less."""

    start: int
    end: int
    kind: Kind
    confidence: float

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end

"""Who a printed document was made for, when, and its number: stamped across every page, so a
copy found where it should not be says whose it was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from privault.domain.errors import InvalidInputError
from privault.infra.printing.inputs import require_filled

SEPARATOR = " · "


@dataclass(frozen=True)
class PrintedFor:
    recipient: str  # the staff member handed the copy, as the caller names them
    printed_at: datetime  # aware
    zone: ZoneInfo  # the shop's

    def __post_init__(self) -> None:
        require_filled(recipient=self.recipient)
        if self.printed_at.utcoffset() is None:
            raise InvalidInputError(
                "give a time with its zone, such as 2026-12-03T16:45+08:00", field="printed_at"
            )

    def local_time(self, at: datetime | None = None) -> str:
        """A time as the shop reads it, the zone named: 2026-12-03 16:45 Asia/Shanghai."""
        moment = (at or self.printed_at).astimezone(self.zone)
        return f"{moment:%Y-%m-%d %H:%M} {self.zone.key}"


@dataclass(frozen=True)
class Watermark:
    printed_for: PrintedFor
    document_no: str

    def __post_init__(self) -> None:
        require_filled(document_no=self.document_no)

    @property
    def text(self) -> str:
        who = self.printed_for
        return SEPARATOR.join((who.recipient, who.local_time(), self.document_no))

"""Export requests: what leaves the system as a file, who asked, who approved, and when."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from privault.domain.catalog import Category, FieldSpec
from privault.domain.errors import InvalidInputError

# Up to this many customers an export without contact, identity or sensitive fields in clear is
# approved by the rule itself (a list of hair types for the day); above it, or with such fields in
# clear whatever its size, a second person must approve.
SMALL_EXPORT_ROWS = 10
NEEDS_SECOND_PERSON = frozenset({Category.CONTACT, Category.IDENTITY})
DOWNLOAD_WINDOW = timedelta(days=7)
AUTO_APPROVER = "policy:small-export"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


class ExportStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    DOWNLOADED = "downloaded"


@dataclass(frozen=True)
class ExportRequest:
    id: str
    requested_by: str
    requested_at: datetime
    format: ExportFormat
    fields: tuple[str, ...]
    stores: tuple[str, ...]  # empty: every store
    purpose: str
    row_count: int
    status: ExportStatus
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None
    downloaded_at: datetime | None = None
    purpose_note: str | None = None  # the requester's words beside the catalog purpose
    masked: bool = False  # values as the masking rules show them, never in clear
    # Counted at download: customers whose lawful basis for the purpose failed at that moment,
    # and restricted customers (stored, not processed); neither is in the file.
    left_out_no_basis: int | None = None
    left_out_restricted: int | None = None

    def download_refusal(self, who: str, now: datetime) -> str | None:
        """Why `who` may not download this export now, or None."""
        if who != self.requested_by:
            return f"only {self.requested_by}, who requested export {self.id}, may download it"
        if self.status is ExportStatus.PENDING:
            return f"export {self.id} waits for a second person's approval"
        if self.status is ExportStatus.REJECTED:
            return f"export {self.id} was rejected: {self.note or 'no reason given'}"
        if self.status is ExportStatus.DOWNLOADED:
            return f"export {self.id} was downloaded already; request a new one"
        if self.decided_at is not None and now > self.decided_at + DOWNLOAD_WINDOW:
            return f"export {self.id} expired {DOWNLOAD_WINDOW.days} days after approval"
        return None


def parse_format(raw: str) -> ExportFormat:
    try:
        return ExportFormat(raw.strip().lower())
    except ValueError:
        raise InvalidInputError("choose csv, xlsx or json", field="format") from None


def needs_second_person(specs: Iterable[FieldSpec], rows: int, *, masked: bool) -> bool:
    """Contact, identity or sensitive fields in clear always need a second person; otherwise
    only a large export does."""
    if rows > SMALL_EXPORT_ROWS:
        return True
    return not masked and any(s.is_sensitive or s.category in NEEDS_SECOND_PERSON for s in specs)


def left_out_text(request: ExportRequest) -> str:
    """What a download held and left out, for the person who downloaded it (English)."""
    held = f"{request.row_count} customers at request time"
    if request.left_out_no_basis:
        held += (
            f"; {request.left_out_no_basis} left out: no lawful basis for {request.purpose} "
            "(consent never given, withdrawn or awaiting renewal)"
        )
    if request.left_out_restricted:
        held += f"; {request.left_out_restricted} left out: processing restricted"
    return held

"""Export requests: what leaves the system as a file, who asked, who approved, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from privault.domain.control_characters import refuse_control_characters
from privault.domain.errors import InvalidInputError

# Up to this many customers an export is approved by the rule itself (a receipt, a callback
# list for the day); above it another privacy officer must approve.
SMALL_EXPORT_ROWS = 10
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

    def download_refusal(self, who: str, now: datetime) -> str | None:
        """Why `who` may not download this export now, or None."""
        if who != self.requested_by:
            return f"only {self.requested_by}, who requested export {self.id}, may download it"
        if self.status is ExportStatus.PENDING:
            return f"export {self.id} waits for a privacy officer's approval"
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


def parse_purpose(raw: str) -> str:
    refuse_control_characters(raw, field="purpose")  # it heads every exported workbook
    purpose = " ".join(raw.split())
    if not purpose:
        raise InvalidInputError("say what the export is for", field="purpose")
    if len(purpose) > 200:
        raise InvalidInputError("at most 200 characters", field="purpose")
    return purpose

"""Records of processing, always current: computed on each request from the catalog, the
assessments and the recipients, and written as XLSX or PDF in Chinese or English."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from privault.domain.assessments_ropa import (
    COLUMNS,
    WORDS,
    RecordRow,
    parse_format,
    parse_lang,
    records_of,
)
from privault.domain.policy import Action, Actor
from privault.infra.printing import Document, PrintedFor, Watermark, page_format
from privault.infra.tabular_writer import XlsxBook
from privault.services.assessments.recipients import recipients_by_purpose
from privault.services.assessments.templates import needing
from privault.services.use_case import use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class Records:
    lang: str
    generated_at: datetime
    zone: str  # the shop's, which the time is shown in
    rows: tuple[RecordRow, ...]

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(WORDS[self.lang][c] for c in COLUMNS)

    @property
    def local_time(self) -> str:
        return f"{self.generated_at.astimezone(ZoneInfo(self.zone)):%Y-%m-%d %H:%M} {self.zone}"


def list_records(vault: Vault, actor: Actor, lang: str = "zh") -> Records:
    """Reading them is recorded: the auditor's and the officer's evidence of what was shown."""
    chosen = parse_lang(lang)
    with use_case(vault, actor) as uc:
        uc.require(Action.ROPA_EXPORT)
        rows = records_of(
            uc.catalog,
            needing(uc),
            uc.uow.assessments.all(),
            recipients_by_purpose(uc),
            chosen,
        )
        zone = uc.vault.opening_hours(uc.uow).zone
        uc.record(Action.ROPA_EXPORT, reason=f"records of processing ({chosen})")
        uc.commit()
    return Records(chosen, uc.now, zone, tuple(rows))


def export_records(vault: Vault, actor: Actor, fmt: str, lang: str = "zh") -> bytes:
    """The file's bytes; the format is checked before anything is read or recorded."""
    chosen = parse_format(fmt)
    records = list_records(vault, actor, lang)
    if chosen == "pdf":
        return records_pdf(records, actor.name)
    return records_xlsx(records)


def records_xlsx(records: Records) -> bytes:
    import tempfile
    from pathlib import Path

    words = WORDS[records.lang]
    book = XlsxBook(words["title"])
    book.describe(title=words["title"], subject=records.local_time, creator="privault")
    book.writerow([words["title"], f"{words['generated']}: {records.local_time}"])
    book.writerow(records.headings)
    for row in records.rows:
        book.writerow(row.cells)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ropa.xlsx"
        book.save(path)
        return path.read_bytes()


def records_pdf(records: Records, recipient: str) -> bytes:
    words = WORDS[records.lang]
    printed = PrintedFor(recipient, records.generated_at, ZoneInfo(records.zone))
    number = f"ROPA-{records.generated_at:%Y%m%d%H%M}"
    colon = "：" if records.lang == "zh" else ": "
    doc = Document(page_format("a5"), words["title"], Watermark(printed, number), colon=colon)
    doc.line(words["generated"], records.local_time)
    for row in records.rows:
        doc.text(" ")
        for heading, cell in zip(records.headings, row.cells, strict=True):
            doc.line(heading, cell)
    return doc.pdf()

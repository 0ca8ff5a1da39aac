"""The salon's service sheet (A6) for the technician of one appointment: the hair or skin type,
preferences, last services and allergy warning they need, and no contact data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from privault.domain.errors import InvalidInputError
from privault.infra.printing.document import Document
from privault.infra.printing.formats import A6
from privault.infra.printing.inputs import require_filled
from privault.infra.printing.labels import labels_for
from privault.infra.printing.watermark import PrintedFor, Watermark


@dataclass(frozen=True)
class LastService:
    on: date
    service: str


@dataclass(frozen=True)
class ServiceSheet:
    """Values the caller was permitted to show; an empty one is left off the sheet."""

    sheet_no: str
    appointment_at: datetime  # aware; printed in the shop's zone
    technician: str
    salutation: str
    hair_type: str = ""
    skin_type: str = ""
    preferences: tuple[str, ...] = ()
    last_services: tuple[LastService, ...] = ()
    allergy_warning: str = ""  # only with the customer's separate consent


def service_sheet_pdf(sheet: ServiceSheet, printed_for: PrintedFor, lang: str = "zh") -> bytes:
    words = labels_for(lang)
    require_filled(technician=sheet.technician, salutation=sheet.salutation)
    if sheet.appointment_at.utcoffset() is None:
        raise InvalidInputError(
            "give a time with its zone, such as 2026-12-03T16:45+08:00", field="appointment_at"
        )
    watermark = Watermark(printed_for, sheet.sheet_no)
    doc = Document(A6, words.sheet_title, watermark, colon=words.colon)
    doc.line(words.sheet_no, sheet.sheet_no)
    doc.line(words.appointment, printed_for.local_time(sheet.appointment_at))
    doc.line(words.technician, sheet.technician).line(words.salutation, sheet.salutation)
    services = tuple(f"{past.on:%Y-%m-%d} {past.service}" for past in sheet.last_services)
    optional = (
        (words.hair_type, sheet.hair_type),
        (words.skin_type, sheet.skin_type),
        (words.preferences, words.joined(sheet.preferences)),
        (words.last_services, words.joined(services)),
    )
    for label, value in optional:
        if value.strip():
            doc.line(label, value)
    if sheet.allergy_warning.strip():
        doc.badge(words.allergy, sheet.allergy_warning)
    return doc.pdf()

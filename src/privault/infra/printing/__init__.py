"""The one printing module of privault: paper formats, a document builder with an embedded
Chinese font and a watermark on every page, and the documents built with it. Plumbing only:
callers pass values they were already permitted to read."""

from privault.infra.printing.customer_card import CardItem, CustomerCard, customer_card_pdf
from privault.infra.printing.document import Document
from privault.infra.printing.fonts import PrintFontMissingError
from privault.infra.printing.formats import PAGE_FORMATS, PageFormat, page_format
from privault.infra.printing.kitchen_ticket import KitchenTicket, kitchen_ticket_pdf
from privault.infra.printing.labels import LABELS, Labels, labels_for
from privault.infra.printing.service_sheet import LastService, ServiceSheet, service_sheet_pdf
from privault.infra.printing.watermark import PrintedFor, Watermark

__all__ = [
    "LABELS",
    "PAGE_FORMATS",
    "CardItem",
    "CustomerCard",
    "Document",
    "KitchenTicket",
    "Labels",
    "LastService",
    "PageFormat",
    "PrintFontMissingError",
    "PrintedFor",
    "ServiceSheet",
    "Watermark",
    "customer_card_pdf",
    "kitchen_ticket_pdf",
    "labels_for",
    "page_format",
    "service_sheet_pdf",
]

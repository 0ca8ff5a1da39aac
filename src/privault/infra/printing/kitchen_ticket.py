"""The kitchen ticket (80 mm roll): a dietary restriction reaches the kitchen with the room and
the party, never the guest's name; the ticket has no field that could carry one."""

from __future__ import annotations

from dataclasses import dataclass

from privault.domain.errors import InvalidInputError
from privault.infra.printing.document import Document
from privault.infra.printing.formats import KITCHEN_TICKET
from privault.infra.printing.inputs import require_filled
from privault.infra.printing.labels import labels_for
from privault.infra.printing.watermark import PrintedFor, Watermark

MAX_PARTY = 200


@dataclass(frozen=True)
class KitchenTicket:
    ticket_no: str
    room: str
    party_size: int
    restriction: str  # as the guest stated it for this meal


def kitchen_ticket_pdf(ticket: KitchenTicket, printed_for: PrintedFor, lang: str = "zh") -> bytes:
    words = labels_for(lang)
    require_filled(room=ticket.room, restriction=ticket.restriction)
    if not 1 <= ticket.party_size <= MAX_PARTY:
        raise InvalidInputError(
            "between 1 and {limit}", field="party_size", params={"limit": MAX_PARTY}
        )
    watermark = Watermark(printed_for, ticket.ticket_no)
    doc = Document(KITCHEN_TICKET, words.ticket_title, watermark, colon=words.colon)
    doc.line(words.ticket_no, ticket.ticket_no).line(words.room, ticket.room)
    doc.line(words.party, words.party_size.format(count=ticket.party_size))
    doc.badge(words.restriction, ticket.restriction)
    return doc.pdf()

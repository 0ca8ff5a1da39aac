"""The restaurant's customer information card (客户信息卡), business-card size: what the serving
staff of the booked room need, and nothing to reach the customer with."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from privault.infra.printing.document import Document
from privault.infra.printing.formats import BUSINESS_CARD
from privault.infra.printing.inputs import require_filled
from privault.infra.printing.labels import Labels, labels_for
from privault.infra.printing.watermark import PrintedFor, Watermark


class CardItem(Enum):
    """The card's items that a purpose or consent can keep off it."""

    CUSTOMER_CLASS = "customer_class"
    PREFERENCES = "preferences"
    DISHES_AND_DRINKS = "dishes_and_drinks"
    SEATING = "seating"
    DIETARY = "dietary"


@dataclass(frozen=True)
class CustomerCard:
    """Values the caller was permitted to show; an empty one is left off the card."""

    card_no: str
    room: str
    salutation: str  # 王先生, not the full name
    customer_class: str = ""
    preferences: tuple[str, ...] = ()
    dishes_and_drinks: tuple[str, ...] = ()
    seating: str = ""
    dietary_warning: str = ""  # only with the customer's separate consent, or for this meal
    left_out: tuple[CardItem, ...] = ()  # kept off because the purpose they need was withdrawn


def customer_card_pdf(card: CustomerCard, printed_for: PrintedFor, lang: str = "zh") -> bytes:
    words = labels_for(lang)
    require_filled(room=card.room, salutation=card.salutation)
    watermark = Watermark(printed_for, card.card_no)
    doc = Document(BUSINESS_CARD, words.card_title, watermark, colon=words.colon)
    doc.line(words.card_no, card.card_no).line(words.room, card.room)
    doc.line(words.salutation, card.salutation)
    for item, value in _items(card, words):
        if value.strip() and item not in card.left_out:
            if item is CardItem.DIETARY:
                doc.badge(words.dietary, value)
            else:
                doc.line(str(getattr(words, item.value)), value)
    if card.left_out:
        doc.text(left_out_note(card.left_out, words))
    return doc.pdf()


def _items(card: CustomerCard, words: Labels) -> tuple[tuple[CardItem, str], ...]:
    """In the card's order. An item the caller marked left out stays off even if it came with
    a value: the note saying it is missing must be true."""
    return (
        (CardItem.CUSTOMER_CLASS, card.customer_class),
        (CardItem.PREFERENCES, words.joined(card.preferences)),
        (CardItem.DISHES_AND_DRINKS, words.joined(card.dishes_and_drinks)),
        (CardItem.SEATING, card.seating),
        (CardItem.DIETARY, card.dietary_warning),
    )


def left_out_note(items: tuple[CardItem, ...], words: Labels) -> str:
    """Says what is missing, so staff do not take an absent allergy for no allergy."""
    names = tuple(str(getattr(words, item.value)) for item in items)
    return words.left_out.format(items=words.joined(names))

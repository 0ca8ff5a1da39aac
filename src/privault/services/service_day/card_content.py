"""What a printed card or service sheet holds: the booking's serving view (the fields with a
basis now) laid out on the document, the left-out fields named so staff do not take a missing
allergy for none, and the masked identity instead of a name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from privault.domain.bookings import Booking
from privault.domain.cards import PREFERENCES, card_slot
from privault.domain.serving import ServingItem, ServingView
from privault.infra.printing import CardItem, CustomerCard, ServiceSheet

SHEET_SLOTS = {"hair_type", "skin_type", "allergies", "dietary_restrictions"}


def _label(item: ServingItem, lang: str) -> str:
    return item.label_zh if lang == "zh" else item.label_en


def _joined(items: list[ServingItem], lang: str, *, labelled: bool) -> tuple[str, ...]:
    return tuple(f"{_label(i, lang)} {i.value}" if labelled else i.value for i in items)


def card_of(
    view: ServingView,
    card_no: str,
    booking: Booking,
    salutation: str,
    customer_class: str = "",
    lang: str = "zh",
) -> CustomerCard:
    slots: dict[str, list[ServingItem]] = {}
    for item in view.items:
        slots.setdefault(card_slot(item.key), []).append(item)
    left_out = tuple(dict.fromkeys(CardItem(card_slot(key)) for key in view.left_out))
    return CustomerCard(
        card_no=card_no,
        room=booking.draft.room or "-",
        salutation=salutation,
        customer_class=customer_class,
        preferences=_joined(slots.get(PREFERENCES, []), lang, labelled=True),
        dishes_and_drinks=_joined(slots.get("dishes_and_drinks", []), lang, labelled=False),
        seating=" ".join(_joined(slots.get("seating", []), lang, labelled=False)),
        dietary_warning=" ".join(_joined(slots.get("dietary", []), lang, labelled=False)),
        left_out=left_out,
    )


# The sheet has no item of its own for what was held back, so it says so among the preferences.
LEFT_OUT = {
    "zh": "未列出（用途已撤回或待重新同意）：{items}",
    "en": "Left out (purpose withdrawn or awaiting renewal): {items}",
}


@dataclass(frozen=True)
class SheetTerms:
    sheet_no: str
    appointment_at: datetime  # aware
    salutation: str
    left_out_labels: tuple[str, ...] = ()  # the labels of view.left_out, in the reader's language


def sheet_of(view: ServingView, terms: SheetTerms, booking: Booking, lang: str) -> ServiceSheet:
    values = {item.key: item.value for item in view.items}
    others = [item for item in view.items if item.key not in SHEET_SLOTS]
    note = LEFT_OUT["zh" if lang == "zh" else "en"].format(items=", ".join(terms.left_out_labels))
    held_back = (note,) if terms.left_out_labels else ()
    return ServiceSheet(
        sheet_no=terms.sheet_no,
        appointment_at=terms.appointment_at,
        technician=booking.draft.technician or "-",
        salutation=terms.salutation,
        hair_type=values.get("hair_type", ""),
        skin_type=values.get("skin_type", ""),
        preferences=_joined(others, lang, labelled=True) + held_back,
        allergy_warning=" ".join(item.value for item in view.warnings),
    )

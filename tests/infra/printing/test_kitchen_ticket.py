"""The kitchen ticket: room, party and the restriction reach the kitchen, the guest's name never
does; the ticket has no field to carry one."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest

from privault.domain.errors import InvalidInputError
from privault.infra.printing import KitchenTicket, customer_card_pdf, kitchen_ticket_pdf
from tests.infra.printing.poppler import pixels, rasterise, text
from tests.infra.printing.samples import PRINTED_FOR, card, ticket


def test_the_ticket_carries_room_party_and_restriction(tmp_path: Path) -> None:
    pdf = kitchen_ticket_pdf(ticket(), PRINTED_FOR)
    printed = text(pdf, tmp_path)
    for line in ("厨房单", "单号：CF-0007", "包房：牡丹厅", "人数：6位", "忌口（本餐）：不吃牛肉"):
        assert line in printed
    assert rasterise(pdf, tmp_path)[0].width == pixels(80)


def test_the_ticket_has_no_field_for_the_guests_name_and_prints_none(tmp_path: Path) -> None:
    assert {f.name for f in fields(KitchenTicket)} == {
        "ticket_no",
        "room",
        "party_size",
        "restriction",
    }
    # The same guest's card names them; the ticket for their table does not.
    assert "王先生" in text(customer_card_pdf(card(), PRINTED_FOR), tmp_path)
    assert "王" not in text(kitchen_ticket_pdf(ticket(), PRINTED_FOR), tmp_path)


@pytest.mark.parametrize("size", [0, 201])
def test_a_party_size_out_of_range_is_refused(size: int) -> None:
    with pytest.raises(InvalidInputError) as refused:
        kitchen_ticket_pdf(replace(ticket(), party_size=size), PRINTED_FOR)
    assert refused.value.message == "party_size: between 1 and 200"


def test_a_ticket_without_a_restriction_is_refused() -> None:
    with pytest.raises(InvalidInputError) as refused:
        kitchen_ticket_pdf(replace(ticket(), restriction="  "), PRINTED_FOR)
    assert refused.value.field == "restriction"

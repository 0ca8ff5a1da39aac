"""The card register's other moves: a purpose on hold keeps its fields off the card and the
card says so, cards out at closing alert the manager once, erasure recalls a card still out,
returned cards are shredded against the paper-destruction register, the XLSX for the monthly
check, and the salon's service sheets in the same register."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from privault.domain.alerts import AlertKind
from privault.domain.cards import CardState
from privault.domain.errors import ConflictError, PolicyDeniedError
from privault.domain.policy import Actor
from privault.presets import load_preset
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.consents.notices import publish_notice
from privault.services.customers.erasure import erase_customer
from privault.services.retention.paper import record_paper_destruction
from privault.services.service_day.alerts import list_service_alerts
from privault.services.service_day.bookings import cancel_booking
from privault.services.service_day.card_desk import open_card_desk
from privault.services.service_day.card_register import (
    check_unreturned_cards,
    export_register_xlsx,
    list_register,
    shred_returned_cards,
)
from privault.services.service_day.cards import issue_card, return_card
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.infra.printing.poppler import text
from tests.services.service_day.cards_setup import DAY, DESK, SERVER, add_server, booked_dinner

MANAGER = Actor("manager.main", frozenset({"store_manager"}), frozenset({"main"}))


@pytest.fixture
def industry() -> str:
    return "restaurant"


def test_a_purpose_on_hold_keeps_its_fields_off_the_card_and_the_card_says_so(
    vault: Vault, operator: Actor, tmp_path: Path, clock: FrozenClock
) -> None:
    _, booking = booked_dinner(vault, operator)
    add_server(vault)
    clock.advance(minutes=5)  # a material change puts on hold the consents given before it
    notice = copy.deepcopy(load_preset("restaurant")["notice"])
    publish_notice(
        vault,
        operator,
        notice | {"version": "2026.2", "material": True, "renew": ["sensitive_care"]},
    )

    issued = issue_card(vault, DESK, booking, SERVER)
    assert issued.view.left_out == ("dietary_restrictions",)
    printed = text(issued.pdf, tmp_path)
    assert "不吃花生" not in printed
    assert "未印出（客户已撤回其所需的处理目的）：忌口" in printed
    assert "清蒸鲈鱼" in printed


def _card_alerts(vault: Vault, operator: Actor) -> list[str]:
    return [a.detail for a in list_alerts(vault, operator) if a.kind == "card_unreturned"]


def test_a_card_still_out_at_closing_alerts_once_and_a_returned_one_never(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    _, kept = booked_dinner(vault, operator)
    _, back = booked_dinner(vault, operator, room="竹厅")
    add_server(vault)
    out = issue_card(vault, DESK, kept, SERVER).entry.card_no
    return_card(vault, DESK, issue_card(vault, DESK, back, SERVER).entry.card_no, quantity=1)

    clock.advance(hours=28, minutes=29)  # 21:59 in Shanghai on the day
    assert check_unreturned_cards(vault, SYSTEM) == {"unreturned": 0, "alerts_raised": 0}
    clock.advance(minutes=1)
    assert check_unreturned_cards(vault, SYSTEM) == {"unreturned": 1, "alerts_raised": 1}
    assert check_unreturned_cards(vault, SYSTEM) == {"unreturned": 1, "alerts_raised": 0}
    [line] = [x for x in list_register(vault, DESK, "main", DAY).lines if x.entry.card_no == out]
    assert line.is_overdue
    [detail] = _card_alerts(vault, operator)
    assert detail == (
        f"store main: card {out} (room 牡丹厅) issued to {SERVER} is not back by closing "
        "22:00 Asia/Shanghai"
    )
    # The store manager, who keeps the register, sees it too (not the officer's alert page).
    [seen] = list_service_alerts(vault, MANAGER)
    assert (seen.kind, seen.at_shown, seen.detail) == (
        AlertKind.CARD_UNRETURNED,
        f"{DAY} 22:00 Asia/Shanghai",
        detail,
    )
    assert list_service_alerts(vault, Actor("mm.qian", frozenset({"marketing_manager"}))) == []
    with pytest.raises(PolicyDeniedError):
        list_service_alerts(vault, Actor("tech.li", frozenset({"service_staff"})))


def test_erasing_a_customer_recalls_their_card_still_out(vault: Vault, operator: Actor) -> None:
    customer, booking = booked_dinner(vault, operator)
    add_server(vault)
    card_no = issue_card(vault, DESK, booking, SERVER).entry.card_no
    erase_customer(vault, operator, customer, reason="the customer asked")

    [line] = list_register(vault, DESK, "main", DAY).lines
    assert (line.entry.state, line.entry.customer_id, line.identity) == (
        CardState.RECALLED,
        None,
        {},
    )
    assert check_unreturned_cards(vault, SYSTEM)["alerts_raised"] == 1
    [detail] = _card_alerts(vault, operator)
    assert f"{card_no} (room 牡丹厅) issued to {SERVER} is recalled" in detail
    return_card(vault, DESK, card_no, quantity=1)  # fetched back: the register closes the line
    assert list_register(vault, DESK, "main", DAY).lines[0].entry.state is CardState.RETURNED


def test_returned_cards_are_shredded_and_logged_in_the_paper_destruction_register(
    vault: Vault, operator: Actor
) -> None:
    _, booking = booked_dinner(vault, operator)
    _, other = booked_dinner(vault, operator, room="竹厅")
    add_server(vault)
    card_no = issue_card(vault, DESK, booking, SERVER).entry.card_no
    still_out = issue_card(vault, DESK, other, SERVER).entry.card_no
    return_card(vault, DESK, card_no, quantity=1)
    logged = record_paper_destruction(
        vault,
        operator,
        date(2026, 11, 23),
        f"customer card {card_no}",
        "1",
        "shredding",
        "甲",
        "乙",
    )
    with pytest.raises(ConflictError, match=f"{still_out} is not returned yet"):
        shred_returned_cards(vault, operator, [still_out], logged.id)

    [shredded] = shred_returned_cards(vault, operator, [card_no], logged.id)
    assert shredded.destruction_id == logged.id
    with pytest.raises(ConflictError, match=f"shredded already \\(paper destruction {logged.id}"):
        shred_returned_cards(vault, operator, [card_no], logged.id)


def test_the_register_exports_as_xlsx_with_times_in_the_shops_zone(
    vault: Vault, operator: Actor, tmp_path: Path
) -> None:
    _, booking = booked_dinner(vault, operator)
    add_server(vault)
    card_no = issue_card(vault, DESK, booking, SERVER).entry.card_no
    out = tmp_path / "register.xlsx"
    export_register_xlsx(vault, operator, "main", DAY, out, lang="en")

    rows = list(load_workbook(out).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][:3] == ("Number", "Kind", "Booking")
    assert rows[1][:2] == (card_no, "card")
    assert rows[1][6] == "张*丰"
    assert rows[1][8] == "2026-11-23 17:30 Asia/Shanghai"
    assert rows[1][15] == "out"


def test_the_register_page_reads_its_register_alerts_and_bookings_in_one_use_case(
    vault: Vault, operator: Actor
) -> None:
    """Register, alerts and the bookings the issue form offers: one transaction, each part
    audited as on its own (the register's customers, the alerts read, the day view)."""
    _, waiting = booked_dinner(vault, operator)
    _, issued = booked_dinner(vault, operator, room="竹厅")
    add_server(vault)
    card_no = issue_card(vault, DESK, issued, SERVER).entry.card_no

    desk = open_card_desk(vault, DESK, "main", DAY)
    assert [line.entry.card_no for line in desk.register.lines] == [card_no]
    assert sorted(b.id for b in desk.bookings) == sorted([waiting, issued])
    assert desk.alerts == []
    newest = list_audit_events(vault, operator, limit=500)
    read = [e for e in newest if e.request_id == newest[0].request_id]
    assert {e.action for e in read} == {"card.register", "booking.read"}
    assert all(e.actor == DESK.name for e in read)
    # A closed booking is no longer offered to issue a card for.
    cancel_booking(vault, DESK, waiting)
    assert [b.id for b in open_card_desk(vault, MANAGER, "main", DAY).bookings] == [issued]

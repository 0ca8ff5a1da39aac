"""Inputs for the printing tests: who a copy is printed for, and a card, sheet and ticket with
made-up values."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from privault.infra.printing import (
    CustomerCard,
    KitchenTicket,
    LastService,
    PrintedFor,
    ServiceSheet,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
PRINTED_AT = datetime(2026, 12, 3, 8, 45, tzinfo=UTC)  # 16:45 in Shanghai
PRINTED_FOR = PrintedFor("李娜", PRINTED_AT, SHANGHAI)
LONG_PREFERENCE = (
    "喜欢靠窗安静的座位，不喜欢服务员频繁打扰，汤要温热不要太烫，米饭少盛一点，"
    "甜点在主菜之后再上，饮料常温，每次都点清蒸鲈鱼和龙井茶，生日在十二月，"
    "上次来时提到下次想试试新推出的时令菜品 ask for the seasonal tasting menu"
)


def card(**changes: object) -> CustomerCard:
    values: dict[str, object] = {
        "card_no": "KP-000123",
        "room": "牡丹厅",
        "salutation": "王先生",
        "customer_class": "金卡",
        "preferences": ("靠窗", "少辣"),
        "dishes_and_drinks": ("清蒸鲈鱼", "龙井茶"),
        "seating": "主位右侧",
        "dietary_warning": "花生过敏",
    }
    values.update(changes)
    return CustomerCard(**values)  # type: ignore[arg-type]


def sheet() -> ServiceSheet:
    return ServiceSheet(
        sheet_no="FW-0042",
        appointment_at=datetime(2026, 12, 3, 6, 30, tzinfo=UTC),
        technician="陈技师",
        salutation="刘女士",
        hair_type="细软发",
        skin_type="敏感肌",
        preferences=("水温偏低",),
        last_services=(LastService(date(2026, 11, 20), "染发"),),
        allergy_warning="对染发剂 PPD 过敏",
    )


def ticket() -> KitchenTicket:
    return KitchenTicket(ticket_no="CF-0007", room="牡丹厅", party_size=6, restriction="不吃牛肉")

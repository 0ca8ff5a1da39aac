"""The printed documents' words in the reader's language, Chinese first. They live here, not in
the web's message catalogs, because infra must not import the web layer; the caller passes the
reader's language."""

from __future__ import annotations

from dataclasses import dataclass

from privault.infra.printing.inputs import one_of


@dataclass(frozen=True)
class Labels:
    lang: str
    colon: str  # between a label and its value
    list_sep: str
    card_title: str
    card_no: str
    room: str
    salutation: str
    customer_class: str
    preferences: str
    dishes_and_drinks: str
    seating: str
    dietary: str
    left_out: str  # {items}
    sheet_title: str
    sheet_no: str
    appointment: str
    technician: str
    hair_type: str
    skin_type: str
    last_services: str
    allergy: str
    ticket_title: str
    ticket_no: str
    party: str
    party_size: str  # {count}
    restriction: str

    def joined(self, items: tuple[str, ...]) -> str:
        return self.list_sep.join(item for item in items if item.strip())


ZH = Labels(
    lang="zh",
    colon="：",
    list_sep="、",
    card_title="客户信息卡",
    card_no="卡号",
    room="包房",
    salutation="称呼",
    customer_class="客户类别",
    preferences="偏好",
    dishes_and_drinks="菜品酒水",
    seating="座位",
    dietary="忌口",
    left_out="未印出（客户已撤回其所需的处理目的）：{items}",
    sheet_title="服务单",
    sheet_no="单号",
    appointment="预约时间",
    technician="技师",
    hair_type="发质",
    skin_type="肤质",
    last_services="最近服务",
    allergy="过敏",
    ticket_title="厨房单",
    ticket_no="单号",
    party="人数",
    party_size="{count} 位",
    restriction="忌口（本餐）",
)
EN = Labels(
    lang="en",
    colon=": ",
    list_sep=", ",
    card_title="Customer information card",
    card_no="Card no.",
    room="Room",
    salutation="Salutation",
    customer_class="Class",
    preferences="Preferences",
    dishes_and_drinks="Dishes and drinks",
    seating="Seating",
    dietary="Dietary restriction",
    left_out="Not printed (the customer withdrew the purpose they need): {items}",
    sheet_title="Service sheet",
    sheet_no="Sheet no.",
    appointment="Appointment",
    technician="Technician",
    hair_type="Hair type",
    skin_type="Skin type",
    last_services="Last services",
    allergy="Allergy",
    ticket_title="Kitchen ticket",
    ticket_no="Ticket no.",
    party="Party",
    party_size="{count} guests",
    restriction="Dietary restriction (this meal)",
)
LABELS = {labels.lang: labels for labels in (ZH, EN)}


def labels_for(lang: str) -> Labels:
    return one_of(LABELS, lang, "lang")

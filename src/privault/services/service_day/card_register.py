"""The issue and return register (领取、回收登记表) of a store's day: listed with masked identities,
exported as XLSX for the manager's monthly check, cards still out at closing alerted, returned
printed cards marked shredded against their paper-destruction entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from privault.domain.bookings import parse_day
from privault.domain.cards import RegisterEntry, check_shred, closing, unreturned_alert
from privault.domain.errors import InvalidInputError
from privault.domain.policy import Action, Actor
from privault.domain.shop_time import shop_time
from privault.domain.transactions import parse_store
from privault.infra.tabular_writer import XlsxBook
from privault.services.customers.records import masked_identities
from privault.services.service_day.card_times import card_times
from privault.services.use_case import Entry, UseCase, use_case
from privault.services.vault import Vault


@dataclass(frozen=True)
class RegisterLine:
    entry: RegisterEntry
    identity: dict[str, str]  # masked (a name, a member number); empty once erased
    is_overdue: bool = False  # still out after its day's closing time: the manager follows up


@dataclass(frozen=True)
class Register:
    store: str
    day: date
    zone: str  # the shop's, which every time is shown in
    lines: tuple[RegisterLine, ...]


def list_register(vault: Vault, actor: Actor, store: str | None, day: str) -> Register:
    """Each customer named is audited with the identity fields shown."""
    on = parse_day(day)
    with use_case(vault, actor) as uc:
        register = read_register(uc, parse_store(store) or uc.vault.settings.default_store, on)
        uc.commit()
    return register


def read_register(uc: UseCase, where: str, on: date) -> Register:
    """Inside the caller's use case (the register page's one read), audited as above."""
    uc.require(Action.CARD_REGISTER, store=where)
    entries = uc.uow.cards.of_day(where, on)
    ids = sorted({e.customer_id for e in entries if e.customer_id})
    identities = masked_identities(uc, ids)
    reason = f"card register of {where} on {on} ({len(entries)} rows)"
    uc.record_all(
        [Entry(Action.CARD_REGISTER, reason=reason)]
        + [Entry(Action.CARD_REGISTER, c, identities.get(c, {}), reason=reason) for c in ids]
    )
    zone = uc.vault.opening_hours(uc.uow).zone
    closes = closing(card_times(uc), on, zone)
    lines = tuple(
        RegisterLine(e, identities.get(e.customer_id or "", {}), e.is_out and uc.now >= closes)
        for e in entries
    )
    return Register(where, on, zone, lines)


HEADINGS = {
    "zh": (
        "编号", "类型", "预订", "日期", "餐次", "房间/技师", "顾客", "数量", "领取时间", "发放人",
        "领取人", "逾时", "回收时间", "回收人", "回收数量", "状态", "销毁登记",
    ),
    "en": (
        "Number", "Kind", "Booking", "Date", "Meal", "Room/technician", "Customer", "Quantity",
        "Issued at", "Issued by", "Issued to", "Late", "Returned at", "Returned by",
        "Returned quantity", "State", "Destruction entry",
    ),
}  # fmt: skip
WORDS = {
    "zh": {"card": "信息卡", "sheet": "服务单", "lunch": "午餐", "dinner": "晚餐", "out": "未回收",
           "returned": "已回收", "recalled": "已召回", True: "是", False: "否"},
    "en": {"card": "card", "sheet": "service sheet", "lunch": "lunch", "dinner": "dinner",
           "out": "out", "returned": "returned", "recalled": "recalled", True: "yes", False: "no"},
}  # fmt: skip


def export_register_xlsx(
    vault: Vault, actor: Actor, store: str | None, day: str, out: Path, lang: str = "zh"
) -> Register:
    """The same rows as the page, times in the shop's zone with the zone named."""
    if lang not in HEADINGS:
        raise InvalidInputError("use one of zh, en", field="lang")
    register = list_register(vault, actor, store, day)
    book = XlsxBook(f"{register.store} {register.day}")
    book.describe(title="card register", subject=str(register.day), creator="privault")
    book.writerow(HEADINGS[lang])
    for line in register.lines:
        book.writerow(register_row(line, register.zone, lang))
    book.save(out)
    return register


def register_row(line: RegisterLine, zone: str, lang: str) -> list[object]:
    e, words = line.entry, WORDS[lang]
    return [
        e.card_no, words[e.kind.value], e.booking_id, e.service_on.isoformat(),
        words.get(e.meal or "", ""), e.room or "", " ".join(line.identity.values()), e.quantity,
        shop_time(e.issued_at, zone), e.issued_by, e.issued_to, words[e.is_late],
        shop_time(e.returned_at, zone), e.returned_by or "", e.returned_quantity or "",
        words[e.state.value], e.destruction_id or "",
    ]  # fmt: skip


def check_unreturned_cards(vault: Vault, actor: Actor) -> dict[str, int]:
    """The scheduled job: one alert per card still out after its day's closing time, and per
    card recalled at erasure, each once."""
    with use_case(vault, actor) as uc:
        uc.require(Action.HOUSEKEEPING)
        times, zone = card_times(uc), uc.vault.opening_hours(uc.uow).zone
        today = date.fromisoformat(uc.vault.opening_hours(uc.uow).local_date(uc.now))
        late = [
            e
            for e in uc.uow.cards.out_until(today)
            if uc.now >= closing(times, e.service_on, zone) or e.recalled_at is not None
        ]
        closing_text = f"{times.closing:%H:%M} {zone}"
        raised = sum(uc.alert(unreturned_alert(e, closing_text)) for e in late)
        uc.commit()
    return {"unreturned": len(late), "alerts_raised": raised}


def shred_returned_cards(
    vault: Vault, actor: Actor, card_nos: list[str], destruction_id: int
) -> list[RegisterEntry]:
    """Returned printed cards are shredded and logged in the paper-destruction register (its
    own service records the entry first); this marks each card with that entry."""
    numbers = [n.strip().upper() for n in card_nos if n.strip()]
    if not numbers:
        raise InvalidInputError("name the returned cards that were shredded", field="card_no")
    with use_case(vault, actor) as uc:
        if not any(d.id == destruction_id for d in uc.uow.paper.list()):
            raise InvalidInputError(
                "no paper destruction {id} was recorded; record it first",
                field="destruction_id",
                params={"id": destruction_id},
            )
        entries = [check_shred(uc.uow.cards.get(n, lock=True), n) for n in numbers]
        for store in sorted({e.store for e in entries}):
            uc.require(Action.CARD_RETURN, store=store)
            uc.require(Action.PAPER_RECORD)
        uc.uow.cards.mark_shredded(numbers, destruction_id)
        reason = f"{', '.join(numbers)} shredded (paper destruction {destruction_id})"
        uc.record(Action.CARD_RETURN, reason=reason[:300])
        done = [e for n in numbers if (e := uc.uow.cards.get(n)) is not None]
        uc.commit()
    return done

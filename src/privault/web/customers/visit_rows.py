"""The profile's visits and purchases as the reader reads them: times in the shop's time zone,
amounts in the reader's locale (Babel); masked values stay as the service masked them."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.numbers import format_currency
from starlette.requests import Request

from privault.domain.errors import PrivaultError
from privault.domain.policy import Action, Actor
from privault.services.customers.visit_history import ShownItem, Visit, VisitHistory, list_visits
from privault.services.vault import Vault
from privault.web.explain import explain
from privault.web.frame import language

LOCALES = {"zh": "zh_CN", "en": "en_US"}


@dataclass(frozen=True)
class Row:
    visit: Visit
    at: str
    amount: str
    items: list[str]


def money(amount: str | None, currency: str | None, lang: str) -> str:
    """A masked amount (stars) is shown as masked; a clear one with the currency's sign."""
    if amount is None:
        return ""
    if currency is None or not amount.lstrip("-").replace(".", "").isdigit():
        return amount
    return format_currency(Decimal(amount), currency, locale=LOCALES.get(lang, "zh_CN"))


def _line(item: ShownItem, currency: str | None, lang: str) -> str:
    quantity = f" × {item.quantity}" if item.quantity else ""
    paid = f" {money(item.amount, currency, lang)}" if item.amount else ""
    return f"{item.text}{quantity}{paid}"


def rows(history: VisitHistory, lang: str) -> list[Row]:
    zone = ZoneInfo(history.zone)
    return [
        Row(
            v,
            v.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            money(v.amount, v.currency, lang),
            [_line(i, v.currency or "CNY", lang) for i in v.items],
        )
        for v in history.visits
    ]


def visit_section(
    request: Request, vault: Vault, actor: Actor, customer_id: str, allowed: set[str]
) -> dict[str, Any]:
    """What the profile's section needs; nothing when the reader may not read the history."""
    if Action.TRANSACTION_READ.value not in allowed:
        return {}
    lang = language(request)
    try:
        page = int(request.query_params.get("visits_page", "1"))
    except ValueError:
        page = 1
    try:
        history = list_visits(vault, actor, customer_id, page=max(page, 1))
    except PrivaultError as error:  # a restricted customer: the section says why
        return {"visits_error": explain(lang, error)}
    return {"visits": history, "visit_rows": rows(history, lang)}

"""The audit trail view: a page of events filtered by staff member, action, outcome, the shop's
days and a customer found by the last digits of their mobile, their surname or both; no
internal id needed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from privault.db.audit import AuditQuery
from privault.domain.audit import AuditEvent, Outcome
from privault.domain.errors import InvalidInputError
from privault.domain.list_filters import parse_choice, parse_day, parse_oldest_first, parse_tail
from privault.domain.paging import PAGE_SIZE, Page, keyed_page, parse_key, parse_page
from privault.domain.policy import Action, Actor
from privault.domain.shop_time import day_bounds
from privault.domain.surnames import parse_surname
from privault.services.customers.copies import (
    FILE_REMOVED,
    MESSAGES_DROPPED,
    PARTNER_ASKED,
    RECIPIENT_TOLD,
)
from privault.services.customers.lookups import customers_found, holders_of
from privault.services.requests.answers import ACKNOWLEDGE, EXTEND, REFUSE
from privault.services.requests.files import DOWNLOAD
from privault.services.use_case import UseCase, use_case
from privault.services.vault import Vault

# What the action filter offers: every action, and the request and copy steps named apart.
STEPS = (
    DOWNLOAD,
    EXTEND,
    ACKNOWLEDGE,
    REFUSE,
    RECIPIENT_TOLD,
    FILE_REMOVED,
    MESSAGES_DROPPED,
    PARTNER_ASKED,
)
ACTIONS = tuple(sorted({a.value for a in Action} | set(STEPS)))
TAIL_MATCHES = 100  # customers sharing a tail or a surname; more would be a search, not a filter
FILTERS = (
    "actor",
    "action",
    "outcome",
    "from_on",
    "to_on",
    "mobile_tail",
    "surname",
    "customer_id",
)


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    outcome: str | None = None
    from_on: date | None = None  # the shop's days, both included
    to_on: date | None = None
    mobile_tail: str | None = None
    surname: str | None = None  # what the desk asks ("姓?"), or a masked name as shown
    customer_id: str | None = None  # a profile's "who saw this customer" link
    oldest_first: bool = False
    page: int = 1
    after: int | None = None  # the pager's keys: the id this page follows, or comes just ahead of
    before: int | None = None


def audit_filter(typed: Mapping[str, str]) -> AuditFilter:
    """Blank means any; the first bad value is named as its field, nothing is searched."""
    for name in FILTERS:
        value = (typed.get(name) or "").strip()
        if len(value) > 64 or not value.isprintable():
            raise InvalidInputError("at most 64 printable characters", field=name)
    first = parse_day(typed.get("from_on"), "from_on")
    last = parse_day(typed.get("to_on"), "to_on")
    if first and last and last < first:
        raise InvalidInputError("the last day comes before the first", field="to_on")
    return AuditFilter(
        (typed.get("actor") or "").strip() or None,
        parse_choice(typed.get("action"), ACTIONS, "action"),
        parse_choice(typed.get("outcome"), [o.value for o in Outcome], "outcome"),
        first,
        last,
        parse_tail(typed.get("mobile_tail")),
        parse_surname(typed.get("surname")),
        (typed.get("customer_id") or "").strip() or None,
        parse_oldest_first(typed.get("order")),
        *_position(typed),
    )


def _position(typed: Mapping[str, str]) -> tuple[int, int | None, int | None]:
    """Where the page is: its number counts only from a pager link's key; without one, the
    list starts at its first row whatever number was typed."""
    number = parse_page(typed.get("page"))
    after, before = parse_key(typed.get("after"), "after"), parse_key(typed.get("before"), "before")
    return (number, after, before) if after or before else (1, None, None)


def search_audit_events(vault: Vault, actor: Actor, wanted: AuditFilter) -> Page[AuditEvent]:
    """The search itself is audited with the filters it used (never the digits it was given)."""
    with use_case(vault, actor) as uc:
        uc.require(Action.AUDIT_READ, customer_id=wanted.customer_id)
        query, matched = _query(uc, wanted)
        fetched = uc.uow.audit.page(
            query, after=wanted.after, before=wanted.before, limit=PAGE_SIZE + 1
        )
        backward = wanted.before is not None
        page: Page[AuditEvent] = keyed_page(fetched, wanted.page, backward=backward)
        reason = _reason(wanted, page, matched)
        uc.record(Action.AUDIT_READ, customer_id=wanted.customer_id, reason=reason)
        uc.commit()
        return page


def _query(uc: UseCase, wanted: AuditFilter) -> tuple[AuditQuery, int | None]:
    """The database's filter; customers by tail, surname or both through the blind indexes,
    how many it found."""
    ids = frozenset([wanted.customer_id]) if wanted.customer_id else None
    matched = None
    if wanted.mobile_tail or wanted.surname:
        found = holders_of(uc, wanted.mobile_tail, wanted.surname, limit=TAIL_MATCHES)
        holders = frozenset(found)
        ids, matched = (holders if ids is None else ids & holders), len(holders)
    zone = uc.vault.opening_hours(uc.uow).zone
    since, before = day_bounds(wanted.from_on, wanted.to_on, zone)
    query = AuditQuery(
        wanted.actor, wanted.action, wanted.outcome, ids, since, before, wanted.oldest_first
    )
    return query, matched


def _reason(wanted: AuditFilter, page: Page[AuditEvent], matched: int | None) -> str:
    """The search's audit reason: which rows it showed and the filters it used, as parts
    joined by "; " that the trail page translates one by one."""
    parts = [
        f"{label} {value}"
        for label, value in (
            ("staff", wanted.actor),
            ("action", wanted.action),
            ("outcome", wanted.outcome),
            ("from", wanted.from_on),
            ("until", wanted.to_on),
        )
        if value
    ]
    if matched is not None:
        parts.append(customers_found(wanted.mobile_tail, wanted.surname, matched))
    if wanted.oldest_first:
        parts.append("oldest first")
    shown = f"rows {page.first_row}-{page.last_row}" if page.items else "no events"
    return "; ".join([f"audit view: {shown}", *parts])

"""Transfers abroad (PIPL Art. 38-39; 2024 Provisions on Cross-Border Data Flows): a recorded
legal route, the small-volume exemption kept to non-sensitive data, and the people sent abroad
in the shop's calendar year counted against that exemption, with an alert before its limit."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from privault.domain.errors import InvalidInputError
from privault.domain.partners import SMALL_VOLUME_LIMIT, Agreement
from privault.domain.partners_alerts import cross_border_threshold
from privault.domain.partners_checks import (
    nears_threshold,
    passes_small_volume,
    sensitive_under_exemption,
)
from privault.domain.policy import Action
from privault.services.use_case import UseCase

NO_ROUTE = (
    "the partner is abroad and the agreement records no legal route for the transfer (exempt, "
    "standard contract, certification or security assessment); record one before sharing"
)
PAST_LIMIT = (
    "this share would bring the people sent abroad in {year} to {people}, past the "
    "{limit} the small-volume exemption allows; record a standard contract, certification "
    "or security assessment first"
)
SENSITIVE_EXEMPT = (
    "{fields} sensitive, and the small-volume exemption covers only non-sensitive data; "
    "record a standard contract, certification or security assessment for this agreement, "
    "or share without these fields; nothing was shared"
)


def shop_year(uc: UseCase) -> int:
    """The year as the shop counts it: a share at 00:30 on 1 January in Shanghai is in the
    new year though it is still 31 December in UTC."""
    return uc.now.astimezone(_zone(uc)).year


def year_bounds(year: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def people_abroad_this_year(uc: UseCase) -> int:
    return uc.uow.partners.people_abroad(*year_bounds(shop_year(uc), _zone(uc)))


def check_abroad(
    uc: UseCase, agreement: Agreement, fields: tuple[str, ...], sent: list[str]
) -> None:
    """Refused without a route, with sensitive fields or past the limit under the exemption;
    alerted near the limit."""
    route = agreement.terms.route
    if route is None:
        uc.refuse(Action.PARTNERS_DISCLOSE, InvalidInputError(NO_ROUTE, field="route"))
    sensitive = sensitive_under_exemption(route, fields, uc.catalog)
    if sensitive:
        problem = InvalidInputError(
            SENSITIVE_EXEMPT, field="fields", params={"fields": ", ".join(sensitive)}
        )
        uc.refuse(Action.PARTNERS_DISCLOSE, problem, fields=fields)
    year = shop_year(uc)
    since, until = year_bounds(year, _zone(uc))
    before = uc.uow.partners.people_abroad(since, until)
    known = uc.uow.partners.sent_abroad_among(sent, since, until)
    after = before + len(set(sent) - known)
    if not passes_small_volume(route, after):
        params = {"year": year, "people": after, "limit": SMALL_VOLUME_LIMIT}
        uc.refuse(
            Action.PARTNERS_DISCLOSE, InvalidInputError(PAST_LIMIT, field="route", params=params)
        )
    if nears_threshold(after):
        uc.alert(cross_border_threshold(year, after))


def _zone(uc: UseCase) -> ZoneInfo:
    return ZoneInfo(uc.vault.opening_hours(uc.uow).zone)

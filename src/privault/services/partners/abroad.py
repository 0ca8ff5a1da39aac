"""Transfers abroad (PIPL Art. 38-39; 2024 Provisions on Cross-Border Data Flows): a recorded
legal route, and the people sent abroad this calendar year counted against the small-volume
exemption, with an alert before its limit."""

from __future__ import annotations

from datetime import UTC, datetime

from privault.domain.errors import InvalidInputError
from privault.domain.partners import SMALL_VOLUME_LIMIT, Agreement
from privault.domain.partners_alerts import cross_border_threshold
from privault.domain.partners_checks import nears_threshold, passes_small_volume
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


def year_bounds(now: datetime) -> tuple[datetime, datetime]:
    return datetime(now.year, 1, 1, tzinfo=UTC), datetime(now.year + 1, 1, 1, tzinfo=UTC)


def people_abroad_this_year(uc: UseCase) -> int:
    return uc.uow.partners.people_abroad(*year_bounds(uc.now))


def check_abroad(uc: UseCase, agreement: Agreement, sent: list[str]) -> None:
    """Refused without a route, or past the exemption's limit under it; alerted near it."""
    route = agreement.terms.route
    if route is None:
        uc.refuse(Action.PARTNERS_DISCLOSE, InvalidInputError(NO_ROUTE, field="route"))
    since, until = year_bounds(uc.now)
    before = uc.uow.partners.people_abroad(since, until)
    known = uc.uow.partners.sent_abroad_among(sent, since, until)
    after = before + len(set(sent) - known)
    if not passes_small_volume(route, after):
        params = {"year": uc.now.year, "people": after, "limit": SMALL_VOLUME_LIMIT}
        uc.refuse(
            Action.PARTNERS_DISCLOSE, InvalidInputError(PAST_LIMIT, field="route", params=params)
        )
    if nears_threshold(after):
        uc.alert(cross_border_threshold(uc.now.year, after))

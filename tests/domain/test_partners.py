"""Partner input and an agreement's status by date: parsed or refused naming the field."""

from __future__ import annotations

from datetime import date

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.partners import (
    Agreement,
    AgreementStatus,
    AgreementTerms,
    PartnerRole,
    TransferRoute,
    parse_country,
    parse_date,
    parse_role,
    parse_route,
    split_fields,
)

TERMS = AgreementTerms("service", ("name",), "s", "c", "s", date(2026, 1, 1), date(2026, 12, 31))


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2025, 12, 31), AgreementStatus.PENDING),
        (date(2026, 1, 1), AgreementStatus.ACTIVE),
        (date(2026, 12, 31), AgreementStatus.ACTIVE),
        (date(2027, 1, 1), AgreementStatus.EXPIRED),
    ],
)
def test_an_agreement_is_in_force_from_its_first_to_its_last_day(
    today: date, status: AgreementStatus
) -> None:
    assert Agreement("a", "p", TERMS).status(today) is status


def test_a_terminated_agreement_stays_terminated() -> None:
    ended = Agreement("a", "p", TERMS, terminated_on=date(2026, 6, 1))
    assert ended.status(date(2026, 3, 1)) is AgreementStatus.TERMINATED


def test_input_is_parsed_in_any_case_and_spacing() -> None:
    assert parse_role(" Controller ") is PartnerRole.CONTROLLER
    assert parse_country(" hk ") == "HK"
    assert parse_route("Standard_Contract") is TransferRoute.STANDARD_CONTRACT
    assert parse_route(" ") is None
    assert split_fields("name, mobile name") == ("name", "mobile")


@pytest.mark.parametrize(
    ("parse", "field"),
    [
        (lambda: parse_role("friend"), "role"),
        (lambda: parse_country("CHN"), "country"),
        (lambda: parse_route("handshake"), "route"),
        (lambda: parse_date("2026-02-30", "expires_on"), "expires_on"),
    ],
)
def test_bad_input_names_the_field(parse: object, field: str) -> None:
    with pytest.raises(InvalidInputError) as refused:
        parse()  # type: ignore[operator]
    assert refused.value.field == field

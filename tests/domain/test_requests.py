"""Data-subject request vocabulary: parsing, status transitions, refusals, the received date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from privault.domain.errors import InvalidInputError
from privault.domain.requests import (
    COMPLAINT_ROUTES,
    REFUSAL_GROUNDS,
    RefusalReason,
    Regime,
    RequestChannel,
    RequestStatus,
    RequestType,
    check_received_on,
    check_transition,
    is_open,
    parse_channel,
    parse_received_on,
    parse_refusal_reason,
    parse_regimes,
    parse_request_type,
    parse_status,
    refuse,
)

S = RequestStatus
TODAY = date(2026, 3, 16)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.RECEIVED, S.IDENTITY_VERIFIED),
        (S.RECEIVED, S.REFUSED),
        (S.IDENTITY_VERIFIED, S.IN_PROGRESS),
        (S.IDENTITY_VERIFIED, S.COMPLETED),
        (S.IDENTITY_VERIFIED, S.REFUSED),
        (S.IN_PROGRESS, S.COMPLETED),
        (S.IN_PROGRESS, S.REFUSED),
    ],
)
def test_statuses_move_forward(current: RequestStatus, target: RequestStatus) -> None:
    check_transition(current, target, RequestType.ACCESS)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (S.RECEIVED, S.IN_PROGRESS),  # disclosure waits for identity verification
        (S.RECEIVED, S.COMPLETED),
        (S.IN_PROGRESS, S.RECEIVED),
        (S.IN_PROGRESS, S.IDENTITY_VERIFIED),
        (S.COMPLETED, S.IN_PROGRESS),
        (S.COMPLETED, S.REFUSED),
        (S.REFUSED, S.COMPLETED),
        (S.RECEIVED, S.RECEIVED),
    ],
)
def test_an_illegal_transition_is_refused_naming_from_and_to(
    current: RequestStatus, target: RequestStatus
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        check_transition(current, target, RequestType.DELETION)
    assert caught.value.field == "status"
    assert f"from {current} to {target}" in caught.value.message


def test_a_final_status_says_so() -> None:
    with pytest.raises(InvalidInputError, match="it is final"):
        check_transition(S.REFUSED, S.IN_PROGRESS, RequestType.ACCESS)


def test_an_opt_out_of_sale_or_sharing_may_start_without_verification() -> None:
    check_transition(S.RECEIVED, S.IN_PROGRESS, RequestType.OPT_OUT_SALE_SHARING)
    check_transition(S.RECEIVED, S.COMPLETED, RequestType.OPT_OUT_SALE_SHARING)


@pytest.mark.parametrize(
    ("status", "expected"),
    [(S.RECEIVED, True), (S.IN_PROGRESS, True), (S.COMPLETED, False), (S.REFUSED, False)],
)
def test_only_unfinished_requests_are_open(status: RequestStatus, expected: bool) -> None:
    assert is_open(status) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("access", RequestType.ACCESS),
        (" Deletion ", RequestType.DELETION),
        ("withdraw consent", RequestType.WITHDRAW_CONSENT),
        ("opt-out-sale-sharing", RequestType.OPT_OUT_SALE_SHARING),
        ("opt_out_sale_sharing", RequestType.OPT_OUT_SALE_SHARING),
        ("删除", RequestType.DELETION),
        ("撤回同意", RequestType.WITHDRAW_CONSENT),
    ],
)
def test_request_types_parse_from_user_text(raw: str, expected: RequestType) -> None:
    assert parse_request_type(raw) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Letter", RequestChannel.LETTER), ("portal", RequestChannel.PORTAL), ("电话", "phone")],
)
def test_channels_parse_from_user_text(raw: str, expected: str) -> None:
    assert parse_channel(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CN,EU,CA", (Regime.CN, Regime.EU, Regime.CA)),
        ("eu, cn", (Regime.EU, Regime.CN)),
        ("CN CN", (Regime.CN,)),
        (["ca"], (Regime.CA,)),
    ],
)
def test_regimes_parse_in_order_without_repeats(
    raw: str | list[str], expected: tuple[Regime]
) -> None:
    assert parse_regimes(raw) == expected


@pytest.mark.parametrize(
    ("parse", "raw", "field"),
    [
        (parse_request_type, "erase everything", "type"),
        (parse_request_type, "", "type"),
        (parse_channel, "fax", "channel"),
        (parse_regimes, "CN,US", "regimes"),
        (parse_regimes, " , ", "regimes"),
        (parse_status, "done", "status"),
        (parse_refusal_reason, "because", "reason"),
        (parse_refusal_reason, "  ", "reason"),
    ],
)
def test_parse_errors_name_the_field(parse: Callable[[str], object], raw: str, field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse(raw)
    assert caught.value.field == field


def test_a_parse_error_does_not_echo_what_was_typed() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_channel("13812345678")
    assert "13812345678" not in str(caught.value)


def test_a_refusal_without_a_reason_is_refused() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_refusal_reason(None)
    assert caught.value.field == "reason"
    assert "legal_obligation_to_retain" in caught.value.message


@pytest.mark.legal("PIPL Art. 50")
def test_every_reason_has_its_legal_grounds_and_every_regime_a_complaint_route() -> None:
    assert set(REFUSAL_GROUNDS) == set(RefusalReason)
    assert set(COMPLAINT_ROUTES) == set(Regime)


@pytest.mark.parametrize(
    ("regime", "needle"),
    [
        (Regime.CN, "12377"),
        (Regime.CN, "网信部门"),
        (Regime.EU, "supervisory authority"),
        (Regime.CA, "California Privacy Protection Agency"),
    ],
)
def test_a_refusal_names_the_complaint_route_of_each_regime(regime: Regime, needle: str) -> None:
    refusal = refuse(RefusalReason.LEGAL_OBLIGATION_TO_RETAIN, [regime])
    assert any(needle in route for route in refusal.complaint_routes)
    assert "PIPL Art. 47" in refusal.grounds


def test_a_refusal_under_several_regimes_carries_each_route_once() -> None:
    refusal = refuse(
        parse_refusal_reason("manifestly unfounded or excessive"),
        [Regime.CN, Regime.EU, Regime.CN],
        note="  third   identical request this month ",
    )
    assert refusal.reason is RefusalReason.MANIFESTLY_UNFOUNDED_OR_EXCESSIVE
    assert refusal.complaint_routes == (COMPLAINT_ROUTES[Regime.CN], COMPLAINT_ROUTES[Regime.EU])
    assert refusal.note == "third identical request this month"


def test_a_refusal_needs_a_regime_and_a_short_note() -> None:
    with pytest.raises(InvalidInputError) as no_regime:
        refuse(RefusalReason.NO_DATA_HELD, [])
    assert no_regime.value.field == "regimes"
    with pytest.raises(InvalidInputError) as long_note:
        refuse(RefusalReason.NO_DATA_HELD, [Regime.EU], note="x" * 501)
    assert long_note.value.field == "note"


@pytest.mark.parametrize(
    "received",
    [TODAY, TODAY - timedelta(days=1), TODAY - timedelta(days=366)],
)
def test_a_letter_opened_today_may_have_arrived_earlier(received: date) -> None:
    assert check_received_on(received, TODAY) == received
    assert parse_received_on(received.isoformat(), TODAY) == received


@pytest.mark.parametrize(
    "received",
    [TODAY + timedelta(days=1), TODAY - timedelta(days=367), date(2000, 1, 1)],
)
def test_a_received_date_in_the_future_or_long_ago_is_refused(received: date) -> None:
    with pytest.raises(InvalidInputError) as caught:
        check_received_on(received, TODAY)
    assert caught.value.field == "received_on"


@pytest.mark.parametrize("raw", ["16/03/2026", "2026-02-30", "yesterday"])
def test_a_received_date_that_is_not_a_date_is_refused(raw: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_received_on(raw, TODAY)
    assert caught.value.field == "received_on"


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_no_received_date_means_today(raw: str | None) -> None:
    assert parse_received_on(raw, TODAY) == TODAY

"""Which consents stand after a material notice change (PIPL Art. 14(2)): pure fold."""

from __future__ import annotations

from datetime import UTC, datetime

from privault.domain.consents import (
    Channel,
    ConsentAction,
    ConsentEvent,
    GivenBy,
    active_purposes,
    awaiting_renewal,
)

AT = datetime(2026, 11, 23, tzinfo=UTC)
RENEW = {"marketing_sms": frozenset({"2026.1"})}


def _event(
    purposes: tuple[str, ...], version: str, action: ConsentAction = ConsentAction.GRANT
) -> ConsentEvent:
    return ConsentEvent(
        "c1", purposes, action, version, "0" * 64, Channel.STORE, "desk", GivenBy.SELF, AT
    )


def test_a_grant_under_a_superseded_notice_waits_for_renewal() -> None:
    events = [_event(("service", "marketing_sms"), "2026.1")]
    assert active_purposes(events, RENEW) == {"service"}
    assert awaiting_renewal(events, RENEW) == {"marketing_sms"}
    assert active_purposes(events) == {"service", "marketing_sms"}


def test_a_grant_under_the_new_notice_ends_the_wait() -> None:
    events = [_event(("service", "marketing_sms"), "2026.1"), _event(("marketing_sms",), "2026.2")]
    assert active_purposes(events, RENEW) == {"service", "marketing_sms"}
    assert awaiting_renewal(events, RENEW) == set()


def test_a_withdrawn_consent_is_neither_active_nor_waiting() -> None:
    events = [
        _event(("marketing_sms",), "2026.1"),
        _event(("marketing_sms",), "2026.1", ConsentAction.WITHDRAW),
    ]
    assert (active_purposes(events, RENEW), awaiting_renewal(events, RENEW)) == (set(), set())

"""Data-subject requests through the services: legal dates under a frozen clock, extensions,
refusals, the verification gate before fulfilment, deadline alerts and the audit of each step."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from privault.config import Settings
from privault.db.inspection import table_counts
from privault.domain.audit import Outcome
from privault.domain.deadlines import Urgency
from privault.domain.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.policy import Action, Actor
from privault.domain.requests import COMPLAINT_ROUTES, Regime, RequestStatus
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import find_customers
from privault.services.imports.batches import ImportOptions, import_customers
from privault.services.installation.setup import init_installation
from privault.services.requests.answers import (
    acknowledge_request,
    extend_request,
    fulfil_request,
    refuse_request,
)
from privault.services.requests.handling import (
    check_request_deadlines,
    get_request,
    list_requests,
    open_request,
)
from privault.services.requests.regimes import set_customer_regimes
from privault.services.requests.verification import verify_request
from privault.services.vault import Vault
from tests.conftest import OFFICER, FrozenClock
from tests.factories import MEMBER, NOTICE, register

FRONT_DESK = Actor(name="desk.li", roles=frozenset({"front_desk"}), stores=frozenset({"main"}))


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 30, tzinfo=UTC)  # 17:30 in Shanghai


def _customer(vault: Vault, actor: Actor, *regimes: str) -> str:
    customer_id = register(vault, actor, None, MEMBER)
    if regimes:
        set_customer_regimes(vault, actor, customer_id, regimes)
    return customer_id


def _opened_on(
    vault: Vault, clock: FrozenClock, actor: Actor, day: date, *regimes: str, kind: str = "access"
) -> str:
    clock.now = _at(day)
    return open_request(vault, actor, _customer(vault, actor, *regimes), kind, "letter").id


def _steps(vault: Vault, actor: Actor, customer_id: str) -> list[tuple[str, str, str]]:
    """(action, outcome, reason) of the request steps, oldest first."""
    events = list_audit_events(vault, actor, customer_id=customer_id)
    return [
        (e.action, e.outcome.value, e.reason or "")
        for e in reversed(events)
        if e.action.startswith("request.")
    ]


@pytest.mark.legal("GB/T 35273-2020 §8.7", "PIPL Art. 50")
def test_a_cn_request_is_due_thirty_days_after_receipt(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    clock.now = _at(date(2025, 3, 3))
    customer_id = _customer(vault, operator)

    opened = open_request(vault, operator, customer_id, "access", "store")

    assert (opened.regimes, opened.received_on) == ((Regime.CN,), date(2025, 3, 3))
    assert (opened.due_on, opened.acknowledge_by) == (date(2025, 4, 2), None)
    assert opened.status is RequestStatus.RECEIVED


@pytest.mark.parametrize(
    ("received", "due"),
    [(date(2025, 1, 31), date(2025, 2, 28)), (date(2024, 1, 31), date(2024, 2, 29))],
)
@pytest.mark.legal("GDPR Art. 12(3)")
def test_an_eu_request_is_due_one_calendar_month_later_or_at_the_months_end(
    vault: Vault, operator: Actor, clock: FrozenClock, received: date, due: date
) -> None:
    request_id = _opened_on(vault, clock, operator, received, "EU")
    assert get_request(vault, operator, request_id).due_on == due


@pytest.mark.legal("GDPR Art. 12(3)")
def test_an_eu_extension_counts_three_months_from_receipt(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _opened_on(vault, clock, operator, date(2025, 1, 31), "EU")
    clock.now = _at(date(2025, 2, 20))

    extended = extend_request(vault, operator, request_id, "EU", "many archived paper forms")

    assert extended.due_on == date(2025, 4, 30)
    assert extended.deadlines[0].is_extended
    assert (extended.extended_on, extended.extension_reason) == (
        date(2025, 2, 20),
        "many archived paper forms",
    )
    assert get_request(vault, operator, request_id).due_on == date(2025, 4, 30)


@pytest.mark.legal("CCPA §1798.130")
def test_a_ca_request_is_acknowledged_in_ten_business_days_and_due_in_45(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _opened_on(vault, clock, operator, date(2025, 1, 10), "CA")
    shown = get_request(vault, operator, request_id)
    assert (shown.acknowledge_by, shown.due_on) == (date(2025, 1, 24), date(2025, 2, 24))

    clock.now = _at(date(2025, 1, 13))
    acknowledged = acknowledge_request(vault, operator, request_id)
    assert acknowledged.acknowledged_on == date(2025, 1, 13)
    with pytest.raises(ConflictError, match="acknowledged on 2025-01-13"):
        acknowledge_request(vault, operator, request_id)

    clock.now = _at(date(2025, 2, 24))
    assert extend_request(vault, operator, request_id, ["CA"], "backlog").due_on == date(
        2025, 4, 10
    )


def test_a_cn_and_eu_customer_gets_the_earlier_date(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _opened_on(vault, clock, operator, date(2025, 1, 31), "CN", "EU")
    shown = get_request(vault, operator, request_id)
    assert shown.due_on == date(2025, 2, 28)
    assert {(d.regime, d.due_on) for d in shown.deadlines} == {
        (Regime.CN, date(2025, 3, 2)),
        (Regime.EU, date(2025, 2, 28)),
    }


def test_cn_working_days_count_the_make_up_workday_after_national_day(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    with vault.unit_of_work() as uow:
        uow.installation.put("cn_working_days", "true")
        uow.installation.put("cn_request_days", "5")
        uow.commit()
    # Golden Week off, then Thu 8, Fri 9, Sat 10 Oct (make-up workday), Mon 12, Tue 13.
    request_id = _opened_on(vault, clock, operator, date(2026, 9, 30))
    assert get_request(vault, operator, request_id).due_on == date(2026, 10, 13)


def test_a_letter_counts_from_the_day_it_arrived_not_from_today(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    clock.now = _at(date(2025, 3, 3))
    customer_id = _customer(vault, operator)
    opened = open_request(
        vault, operator, customer_id, "删除", "信件", received_on="2025-02-28", note="found Monday"
    )
    assert (opened.type.value, opened.channel.value) == ("deletion", "letter")
    assert opened.due_on == date(2025, 3, 30)
    assert get_request(vault, operator, opened.id).outcome == "note at opening: found Monday"
    with pytest.raises(InvalidInputError, match="received_on: cannot be in the future"):
        open_request(vault, operator, customer_id, "access", "letter", received_on="2025-03-04")


def test_new_customers_get_the_installation_default_regimes(
    vault: Vault, operator: Actor, settings: Settings, clock: FrozenClock
) -> None:
    installed = init_installation(settings, "salon", officer=OFFICER, clock=clock, regimes="CN,EU")
    assert installed.regimes == ("CN", "EU")
    changes = [e for e in list_audit_events(vault, operator) if e.action == Action.REGIMES_SET]
    assert [(e.actor, e.reason) for e in changes] == [("setup", "installation default CN EU")]

    opened = open_request(vault, operator, _customer(vault, operator), "access", "store")

    assert opened.regimes == (Regime.CN, Regime.EU)


def test_imported_customers_get_the_installation_default_regimes(
    vault: Vault, operator: Actor, settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    init_installation(settings, "salon", officer=OFFICER, clock=clock, regimes="EU CA")
    path = tmp_path / "customers.csv"
    path.write_text("name,mobile\n林晓梅,13812345601\n周杰,13812345602\n", encoding="utf-8")

    report = import_customers(vault, operator, path, ImportOptions(NOTICE, ("service",)))

    assert report.imported == 2
    for mobile in ("13812345601", "13812345602"):
        (found,) = find_customers(vault, operator, "mobile", mobile).customers
        opened = open_request(vault, operator, found.id, "access", "store")
        assert opened.regimes == (Regime.EU, Regime.CA)


def test_customer_regimes_are_set_and_audited(vault: Vault, operator: Actor) -> None:
    customer_id = _customer(vault, operator)
    done = set_customer_regimes(vault, operator, customer_id, ["eu", "CA", "EU"])
    assert (done.regimes, done.previous) == ((Regime.EU, Regime.CA), (Regime.CN,))
    events = list_audit_events(vault, operator, customer_id=customer_id)
    assert [e.reason for e in events if e.action == Action.REGIMES_SET] == [
        "regimes EU CA (were CN)"
    ]
    with pytest.raises(InvalidInputError, match="regimes: unknown regimes"):
        set_customer_regimes(vault, operator, customer_id, ["UK"])


def test_a_request_for_an_unknown_customer_writes_nothing(vault: Vault, operator: Actor) -> None:
    before = table_counts(vault.database)
    with pytest.raises(NotFoundError, match="no customer with id nobody"):
        open_request(vault, operator, "nobody", "access", "store")
    assert table_counts(vault.database) == before


def test_a_request_for_an_erased_customer_says_it_was_erased(vault: Vault, operator: Actor) -> None:
    customer_id = _customer(vault, operator)
    erase_customer(vault, operator, customer_id, reason="customer asked")
    before = table_counts(vault.database)
    with pytest.raises(NotFoundError, match=r"was erased on 2026-11-23 \(customer asked\)"):
        open_request(vault, operator, customer_id, "access", "store")
    assert table_counts(vault.database) == before


def test_an_extension_after_the_due_date_is_refused_and_changes_nothing(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _opened_on(vault, clock, operator, date(2025, 1, 31), "EU")
    clock.now = _at(date(2025, 3, 1))
    before = table_counts(vault.database)

    with pytest.raises(InvalidInputError, match="after the first due date 2025-02-28"):
        extend_request(vault, operator, request_id, "EU", "too late")

    assert table_counts(vault.database) == before
    assert get_request(vault, operator, request_id).due_on == date(2025, 2, 28)


def test_only_eu_and_ca_dates_of_the_request_can_be_extended_once(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _opened_on(vault, clock, operator, date(2025, 1, 31), "CN", "EU")
    with pytest.raises(InvalidInputError, match="Chinese law allows no extension"):
        extend_request(vault, operator, request_id, "CN", "busy")
    with pytest.raises(InvalidInputError, match="under CN EU only, not CA"):
        extend_request(vault, operator, request_id, "CA", "busy")
    with pytest.raises(InvalidInputError, match="reason: say why more time is needed"):
        extend_request(vault, operator, request_id, "EU", "  ")
    extended = extend_request(vault, operator, request_id, "EU", "busy")
    assert extended.due_on == date(2025, 3, 2)  # the CN date still binds
    with pytest.raises(InvalidInputError, match="extended already"):
        extend_request(vault, operator, request_id, "EU", "again")


@pytest.mark.legal("PIPL Art. 50", "GDPR Art. 12(5)")
def test_a_refusal_needs_a_listed_reason_and_gives_each_regimes_complaint_route(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _opened_on(vault, clock, operator, date(2025, 1, 31), "CN", "EU")
    before = table_counts(vault.database)
    for missing in (None, " "):
        with pytest.raises(InvalidInputError, match="reason: a refusal needs a reason"):
            refuse_request(vault, operator, request_id, missing)
    with pytest.raises(InvalidInputError, match="reason: unknown reason"):
        refuse_request(vault, operator, request_id, "too busy")
    assert table_counts(vault.database) == before

    refused = refuse_request(
        vault, operator, request_id, "manifestly-unfounded-or-excessive", "fourth this month"
    )

    assert refused.complaint_routes == (COMPLAINT_ROUTES[Regime.CN], COMPLAINT_ROUTES[Regime.EU])
    assert "GDPR Art. 12(5)(b)" in refused.grounds
    assert refused.request.status is RequestStatus.REFUSED
    assert refused.request.refusal_reason == "manifestly_unfounded_or_excessive"
    assert (refused.request.outcome or "").endswith("note: fourth this month")
    assert get_request(vault, operator, request_id).colour == "grey"
    with pytest.raises(ConflictError, match="is refused already"):
        refuse_request(vault, operator, request_id, "no_data_held")


def test_fulfilment_waits_for_identity_verification_and_the_refusal_is_audited(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _opened_on(vault, clock, operator, date(2026, 11, 20))
    customer_id = get_request(vault, operator, request_id).customer_id

    with pytest.raises(ConflictError, match="verify the requester's identity first"):
        fulfil_request(vault, operator, request_id)

    assert get_request(vault, operator, request_id).status is RequestStatus.RECEIVED
    denied = [s for s in _steps(vault, operator, customer_id) if s[1] == Outcome.DENIED]
    assert denied == [
        (
            "request.fulfil",
            "denied",
            f"request {request_id}: verify the requester's identity first: privault requests "
            f"send-code {request_id}, then privault requests verify {request_id}",
        )
    ]


@pytest.mark.legal("PIPL Art. 54")
def test_every_step_of_a_request_is_audited_without_personal_values(
    vault: Vault, operator: Actor, clock: FrozenClock, tmp_path: Path
) -> None:
    request_id = _opened_on(vault, clock, operator, date(2026, 11, 23), "CA")
    customer_id = get_request(vault, operator, request_id).customer_id
    acknowledge_request(vault, operator, request_id)
    extend_request(vault, operator, request_id, "CA", "archive in another store")
    verify_request(vault, operator, request_id, "in_person", note="resident ID card at counter")

    done = fulfil_request(vault, operator, request_id, out_dir=tmp_path)

    assert done.request.status is RequestStatus.COMPLETED
    assert len(done.evidence_sha256 or "") == 64
    assert get_request(vault, operator, request_id).evidence_sha256 == done.evidence_sha256
    prefix = f"request {request_id}: "
    steps = [
        (action, outcome, reason.removeprefix(prefix))
        for action, outcome, reason in _steps(vault, operator, customer_id)
        if reason.startswith(prefix) and action != "request.read"
    ]
    assert [(a, r.split(",")[0].split(" (")[0]) for a, _, r in steps] == [
        ("request.open", "opened access via letter"),
        ("request.acknowledge", "receipt acknowledged on 2026-11-23"),
        ("request.extend", "extended CA to 2027-02-21 by notice on 2026-11-23"),
        ("request.verify", "identity verified in person"),
        ("request.fulfil", "access fulfilled"),
    ]
    assert {o for _, o, _ in steps} == {"allowed"}
    trail = " ".join(r for _, _, r in _steps(vault, operator, customer_id))
    assert "张三丰" not in trail  # the factory's name
    # nor any mobile (a run of digits inside a hex digest is no mobile)
    assert not re.search(r"(?<![0-9A-Za-z])1\d{10}(?![0-9A-Za-z])", trail)


def test_an_opt_out_of_sharing_needs_no_verification(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    request_id = _opened_on(
        vault, clock, operator, date(2026, 11, 23), "CA", kind="opt_out_sale_sharing"
    )
    shown = get_request(vault, operator, request_id)
    assert (shown.due_on, shown.acknowledge_by) == (date(2026, 12, 14), None)

    done = fulfil_request(vault, operator, request_id)

    assert done.request.status is RequestStatus.COMPLETED
    assert done.summary.startswith("opted out of sale or sharing")


def test_listing_raises_overdue_and_nearly_due_alerts_once_a_day(
    vault: Vault, operator: Actor, clock: FrozenClock
) -> None:
    late = _opened_on(vault, clock, operator, date(2025, 1, 2), "EU")  # due 2025-02-02
    soon = _opened_on(vault, clock, operator, date(2025, 1, 5), "EU")  # due 2025-02-05
    _opened_on(vault, clock, operator, date(2025, 1, 20), "EU")  # due 2025-02-20
    clock.now = _at(date(2025, 2, 3))

    found = list_requests(vault, operator, open_only=True)

    assert [(r.id, r.urgency, r.colour) for r in found[:2]] == [
        (late, Urgency.OVERDUE, "red"),
        (soon, Urgency.NEARLY_DUE, "amber"),
    ]
    assert found[2].urgency is Urgency.OK
    alerts = list_alerts(vault, operator)
    assert sorted(a.kind for a in alerts) == ["request_nearly_due", "request_overdue"]
    again = check_request_deadlines(vault, operator)
    assert (again.overdue, again.nearly_due, again.alerts_raised) == (1, 1, 0)
    clock.now = _at(date(2025, 2, 4))
    assert check_request_deadlines(vault, operator).alerts_raised == 2


def test_the_front_desk_opens_and_verifies_but_does_not_read_the_queue(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _customer(vault, operator)
    opened = open_request(vault, FRONT_DESK, customer_id, "access", "store")
    verify_request(vault, FRONT_DESK, opened.id, "in_person", note="passport seen")
    with pytest.raises(PolicyDeniedError, match=r"may not request\.read"):
        list_requests(vault, FRONT_DESK)
    with pytest.raises(PolicyDeniedError, match=r"may not request\.fulfil"):
        fulfil_request(vault, FRONT_DESK, opened.id)
    other_store = Actor(name="desk.wu", roles=frozenset({"front_desk"}), stores=frozenset({"east"}))
    with pytest.raises(PolicyDeniedError, match="store main is outside"):
        open_request(vault, other_store, customer_id, "access", "store")


def test_bad_ids_and_statuses_are_named(vault: Vault, operator: Actor) -> None:
    with pytest.raises(NotFoundError, match="no request with id r-none"):
        get_request(vault, operator, "r-none")
    with pytest.raises(InvalidInputError, match="status: unknown status"):
        list_requests(vault, operator, status="lost")
    with pytest.raises(InvalidInputError, match="type: unknown type"):
        open_request(vault, operator, "x", "gossip", "store")

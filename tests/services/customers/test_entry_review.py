"""Entry review (issue 17): records from reviewed channels wait pending, kept out of marketing
and classes; the manager accepts, corrects or rejects (erased, a tombstone with channel and
time); the public page's one-use token; phone consent recorded as verbal with its script."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from privault.db.tables import consent_events, spent_form_tokens, tombstones
from privault.domain.audit import Outcome
from privault.domain.errors import (
    ConflictError,
    InvalidInputError,
    PolicyDeniedError,
    RateLimitedError,
)
from privault.domain.policy import Action, Actor
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.audit.worklist import show_worklist
from privault.services.campaigns.segments import count_segment
from privault.services.classes.computing import compute_classes
from privault.services.classes.listing import list_classes
from privault.services.customers.entry_review import (
    accept_entry,
    alert_overdue_entries,
    correct_entry,
    list_pending_entries,
    reject_entry,
)
from privault.services.customers.public_registration import (
    PublicEntry,
    issue_form_token,
    register_on_public_page,
)
from privault.services.customers.records import get_customer, register_customer
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.conftest import OPERATOR, START, FrozenClock
from tests.erasure_scan import scan_installation
from tests.factories import NOTICE, form, register, unique_mobile
from tests.services.campaigns.campaign_setup import MARKETING
from tests.services.classes.scenes import MANAGER as CLASSES_MANAGER

MANAGER = Actor("sm.wang", frozenset({"store_manager"}), frozenset({"main"}))
FRONT_DESK = Actor("fd.li", frozenset({"front_desk"}), frozenset({"main"}))


def _public(vault: Vault, values: dict[str, str], purposes: tuple[str, ...], token: str) -> str:
    entry = PublicEntry(values, purposes, NOTICE, token, "203.0.113.7")
    return register_on_public_page(vault, entry)


def _status(vault: Vault, customer_id: str) -> str:
    return get_customer(vault, MANAGER, customer_id).status


def test_web_and_phone_records_wait_pending_and_the_store_desk_does_not(
    vault: Vault, clock: FrozenClock
) -> None:
    desk = register(vault, FRONT_DESK, channel="store")
    web = _public(
        vault, {"name": "李雷", "mobile": unique_mobile()}, ("service",), issue_form_token(vault)
    )
    clock.advance(hours=5)
    phone = register(vault, FRONT_DESK, channel="phone", script_version="v3")

    queue = list_pending_entries(vault, MANAGER)

    assert queue.total == 2
    assert [(e.customer_id, e.channel) for e in queue.entries] == [(web, "web"), (phone, "phone")]
    assert queue.entries[0].waited == timedelta(hours=5)
    assert not queue.entries[0].is_overdue
    assert list_pending_entries(vault, MANAGER, limit=1).total == 2
    assert _status(vault, desk) == "active"
    assert _status(vault, web) == "pending"
    work = {i.label: (i.count, i.path) for i in show_worklist(vault, MANAGER).items}
    assert work["New records waiting for review"] == (2, "/review")


def test_pending_customers_are_left_out_of_campaign_audiences_until_accepted(
    vault: Vault, operator: Actor
) -> None:
    token = issue_form_token(vault)
    web = _public(
        vault, {"name": "韩梅梅", "mobile": unique_mobile()}, ("service", "marketing_sms"), token
    )
    register(vault, operator, purposes=("service", "marketing_sms"))

    before = {c.channel: c.consented for c in count_segment(vault, MARKETING, {})}
    accept_entry(vault, MANAGER, web)
    after = {c.channel: c.consented for c in count_segment(vault, MARKETING, {})}

    assert (before["sms"], after["sms"]) == (1, 2)


def test_pending_customers_get_no_class(vault: Vault, operator: Actor, clock: FrozenClock) -> None:
    kept = register(vault, operator, purposes=("service", "personalisation"))
    waiting = register(vault, operator, purposes=("service", "personalisation"), channel="pos")
    from privault.services.customers.transactions import record_transaction

    for customer in (kept, waiting):
        record_transaction(vault, operator, customer, "purchase", "300")
    clock.advance(days=60)

    compute_classes(vault, operator)

    classed = {c.customer_id for c in list_classes(vault, CLASSES_MANAGER).customers}
    assert kept in classed
    assert waiting not in classed


def test_accepting_makes_the_record_active_once_and_is_audited(vault: Vault) -> None:
    phone = register(vault, FRONT_DESK, channel="phone", script_version="v3")

    accept_entry(vault, MANAGER, phone)

    assert _status(vault, phone) == "active"
    assert list_pending_entries(vault, MANAGER).entries == []
    with pytest.raises(ConflictError, match="not waiting for entry review"):
        accept_entry(vault, MANAGER, phone)
    [event] = [
        e
        for e in list_audit_events(vault, OPERATOR, customer_id=phone)
        if e.action == Action.ENTRY_REVIEW_DECIDE
    ]
    assert (event.actor, event.reason) == ("sm.wang", "accepted at entry review (channel phone)")


def test_a_correction_goes_through_the_update_rules_and_accepts_in_one_step(
    vault: Vault,
) -> None:
    phone = register(vault, FRONT_DESK, channel="phone", script_version="v3")

    with pytest.raises(InvalidInputError):
        correct_entry(vault, MANAGER, phone, {"mobile": "12812345678"})
    assert _status(vault, phone) == "pending"  # nothing changed

    correct_entry(vault, MANAGER, phone, {"name": "张三"})

    view = get_customer(vault, MANAGER, phone)
    assert (view.status, view.fields["name"]) == ("active", "张*")


def test_a_rejection_erases_the_record_and_leaves_a_tombstone_with_channel_and_time(
    vault: Vault,
) -> None:
    person = {"name": "欧阳娜娜", "mobile": "13912345670", "email": "nana.reject@example.com"}
    rejected = _public(vault, person, ("service", "membership"), issue_form_token(vault))

    stone = reject_entry(vault, MANAGER, rejected)

    assert stone.reason == f"rejected at entry review: channel web, arrived {START.isoformat()}"
    assert scan_installation(vault, person.values()) == {}
    with vault.database.data_engine.connect() as c:
        reasons = c.execute(select(tombstones.c.reason)).scalars().all()
    assert reasons == [stone.reason]
    assert list_pending_entries(vault, MANAGER).entries == []


def test_only_reviewers_decide_and_a_refusal_is_audited(vault: Vault) -> None:
    web = register(vault, FRONT_DESK, channel="web")

    with pytest.raises(PolicyDeniedError):
        reject_entry(vault, FRONT_DESK, web)
    with pytest.raises(PolicyDeniedError):
        list_pending_entries(vault, FRONT_DESK)

    assert _status(vault, web) == "pending"
    events = list_audit_events(vault, OPERATOR, customer_id=web)
    denied = [e.action for e in events if e.outcome is Outcome.DENIED]
    assert denied == [Action.ENTRY_REVIEW_DECIDE]


def test_the_same_form_sent_twice_registers_once(vault: Vault) -> None:
    token = issue_form_token(vault)
    first = _public(vault, {"name": "李雷", "mobile": unique_mobile()}, ("service",), token)

    with pytest.raises(ConflictError, match="sent already"):
        _public(vault, {"name": "李雷", "mobile": unique_mobile()}, ("service",), token)

    assert [e.customer_id for e in list_pending_entries(vault, MANAGER).entries] == [first]


def test_a_forged_or_expired_token_is_refused_and_nothing_is_kept(
    vault: Vault, clock: FrozenClock
) -> None:
    genuine = issue_form_token(vault)
    forged = genuine[:-4] + ("0000" if not genuine.endswith("0000") else "1111")
    with pytest.raises(PolicyDeniedError, match="not genuine"):
        _public(vault, {"name": "李雷", "mobile": unique_mobile()}, ("service",), forged)
    clock.advance(hours=3)
    with pytest.raises(PolicyDeniedError, match="not genuine"):
        _public(vault, {"name": "李雷", "mobile": unique_mobile()}, ("service",), genuine)

    assert list_pending_entries(vault, MANAGER).entries == []
    with vault.database.data_engine.connect() as c:
        assert c.execute(select(spent_form_tokens)).all() == []


def test_sends_from_one_address_are_rate_limited(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("privault.services.customers.public_registration.SENDS_PER_CLIENT", 1)
    _public(
        vault, {"name": "李雷", "mobile": unique_mobile()}, ("service",), issue_form_token(vault)
    )

    with pytest.raises(RateLimitedError):
        _public(
            vault,
            {"name": "李雷", "mobile": unique_mobile()},
            ("service",),
            issue_form_token(vault),
        )

    assert list_pending_entries(vault, MANAGER).total == 1


def test_a_bad_field_leaves_the_token_unspent_for_the_corrected_form(vault: Vault) -> None:
    token = issue_form_token(vault)
    with pytest.raises(InvalidInputError):
        _public(vault, {"name": "李雷", "mobile": "123"}, ("service",), token)

    assert _public(vault, {"name": "李雷", "mobile": unique_mobile()}, ("service",), token)


def test_a_value_already_on_file_is_refused_without_naming_its_holder(vault: Vault) -> None:
    mobile = unique_mobile()
    holder = register(vault, FRONT_DESK, {"name": "张三", "mobile": mobile})

    with pytest.raises(InvalidInputError) as refused:
        _public(vault, {"name": "李雷", "mobile": mobile}, ("service",), issue_form_token(vault))

    assert holder not in str(refused.value)
    assert "ask the staff at the counter" in str(refused.value)


@pytest.mark.legal("PIPL Art. 14")
def test_a_phone_registration_records_verbal_consent_with_who_when_and_script(
    vault: Vault,
) -> None:
    unnamed = replace(form(channel="phone"), script_version=None)
    with pytest.raises(InvalidInputError, match="phone script"):
        register_customer(vault, FRONT_DESK, unnamed)

    phone = register(vault, FRONT_DESK, channel="phone", script_version="2026-11 v3")

    with vault.database.data_engine.connect() as c:
        row = c.execute(select(consent_events).where(consent_events.c.customer_id == phone)).one()
    assert (row.channel, row.collected_by, row.at) == ("phone", "fd.li", START)
    assert row.evidence == (
        "verbal consent by phone, script 2026-11 v3; paper form in folder 2026-11"
    )


def test_overdue_reviews_alert_once_a_day_per_store(vault: Vault, clock: FrozenClock) -> None:
    register(vault, FRONT_DESK, channel="web")
    register(vault, FRONT_DESK, channel="import")
    clock.advance(days=2)
    register(vault, FRONT_DESK, channel="web")
    assert alert_overdue_entries(vault, SYSTEM)["alerts_raised"] == 0
    clock.advance(days=1, minutes=1)

    first = alert_overdue_entries(vault, SYSTEM)
    again = alert_overdue_entries(vault, SYSTEM)

    assert (first["overdue"], first["alerts_raised"], again["alerts_raised"]) == (2, 1, 0)
    [alert] = [
        a
        for a in list_alerts(vault, Actor("po", frozenset({"privacy_officer"})))
        if a.kind == "entry_review_overdue"
    ]
    assert alert.detail == (
        "store main: 2 new records have waited more than 3 days for entry review "
        "(the oldest since 2026-11-23 17:30 Asia/Shanghai)"
    )
    clock.advance(days=1)
    assert alert_overdue_entries(vault, SYSTEM)["alerts_raised"] == 1  # the next day again

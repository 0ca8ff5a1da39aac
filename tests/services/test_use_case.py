"""The use-case context: one clock reading and request id per use case, refusals recorded and
committed before they are raised, nothing half-written."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from privault.domain.alerts import reveal_rate
from privault.domain.audit import Channel, Outcome
from privault.domain.errors import InvalidInputError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.customers.records import get_customer
from privault.services.imports.mappings import list_mappings
from privault.services.use_case import Origin, grouped, request_origin, use_case
from privault.services.vault import Vault
from tests.conftest import START, FrozenClock
from tests.factories import register

OFFICER = Actor("po", frozenset({"privacy_officer"}))
DESK = Actor("li.na", frozenset({"front_desk"}))
AUDITOR = Actor("checker", frozenset({"auditor"}))


def _events(vault: Vault, customer_id: str | None = None) -> list[tuple[str, str, str]]:
    return [
        (e.actor, e.action, e.outcome.value)
        for e in list_audit_events(vault, AUDITOR, customer_id=customer_id)
        if e.action != Action.AUDIT_READ.value
    ]


def test_events_of_one_use_case_share_its_clock_reading_and_request_id(
    vault: Vault, clock: FrozenClock
) -> None:
    with use_case(vault, DESK) as uc:
        at = uc.now
        clock.advance(minutes=5)
        uc.record(Action.SEARCH, reason="first")
        uc.record(Action.SEARCH, reason="second")
        uc.commit()
    first, second = [
        e for e in list_audit_events(vault, AUDITOR) if e.reason in {"first", "second"}
    ]
    assert first.at == second.at == at
    assert first.request_id == second.request_id


def test_each_use_case_outside_a_request_gets_its_own_request_id(vault: Vault) -> None:
    ids = []
    for _ in range(2):
        with use_case(vault, DESK) as uc:
            ids.append(uc.request_id)
    assert ids[0] != ids[1]


def test_a_web_request_gives_its_id_and_client_address_to_the_use_case(vault: Vault) -> None:
    token = request_origin.set(Origin("req-1", "192.0.2.7"))
    try:
        with use_case(vault, DESK) as uc:
            assert (uc.request_id, uc.client) == ("req-1", "192.0.2.7")
    finally:
        request_origin.reset(token)


@pytest.mark.legal("PIPL Art. 54")
def test_an_event_records_the_channel_address_and_token_it_came_from(vault: Vault) -> None:
    token = request_origin.set(Origin("req-2", "192.0.2.7", Channel.API))
    try:
        with use_case(vault, Actor("api:pos.main", frozenset({"front_desk"}))) as uc:
            uc.record(Action.SEARCH, reason="from the till")
            uc.commit()
    finally:
        request_origin.reset(token)
    [event] = [e for e in list_audit_events(vault, AUDITOR) if e.reason == "from the till"]
    assert (event.channel, event.client_address, event.token_name) == (
        "api",
        "192.0.2.7",
        "pos.main",
    )


def test_an_event_outside_any_adapter_names_no_origin(vault: Vault) -> None:
    """A scheduled job in `privault serve`: the system actor, from nowhere else."""
    with use_case(vault, DESK) as uc:
        uc.record(Action.SEARCH, reason="on its own")
        uc.commit()
    [event] = [e for e in list_audit_events(vault, AUDITOR) if e.reason == "on its own"]
    assert (event.channel, event.client_address, event.token_name) == (None, None, None)


def test_a_grouped_run_keeps_the_channel_and_address_it_was_started_from(vault: Vault) -> None:
    token = request_origin.set(Origin(channel=Channel.CLI))
    try:
        with grouped("run-8"), use_case(vault, DESK) as uc:
            assert (uc.request_id, uc.channel, uc.client) == ("run-8", Channel.CLI, None)
        ids = []
        for _ in range(2):  # a command's use cases each get their own request id
            with use_case(vault, DESK) as uc:
                ids.append(uc.request_id)
        assert ids[0] != ids[1]
    finally:
        request_origin.reset(token)


def test_a_grouped_run_gives_every_use_case_the_run_id(vault: Vault) -> None:
    with grouped("run-7"):
        with use_case(vault, DESK) as uc:
            assert uc.request_id == "run-7"
        with use_case(vault, OFFICER) as uc:
            assert uc.request_id == "run-7"


def test_a_refusal_undoes_the_use_case_records_the_denial_and_raises(vault: Vault) -> None:
    customer_id = register(vault, DESK)
    before = _events(vault, customer_id)
    with use_case(vault, DESK) as uc:
        uc.record(Action.VIEW_MASKED, customer_id=customer_id, reason="never kept")
        with pytest.raises(InvalidInputError):
            uc.refuse(Action.UPDATE, InvalidInputError("no"), customer_id=customer_id)
    denied = ("li.na", Action.UPDATE.value, Outcome.DENIED.value)
    assert _events(vault, customer_id) == [denied, *before]  # newest first


def test_a_read_only_use_case_refused_by_policy_records_the_denial_and_raises_it(
    vault: Vault,
) -> None:
    """A read-only unit of work cannot commit: its refusal is written by a use case of its own
    (before, the denial surfaced as a RuntimeError and left no trace)."""
    with pytest.raises(PolicyDeniedError):
        list_mappings(vault, AUDITOR)  # reading the import mappings needs the import right
    assert _events(vault)[0] == ("checker", Action.IMPORT.value, Outcome.DENIED.value)


def test_a_policy_refusal_names_the_reason_in_the_trail(vault: Vault) -> None:
    customer_id = register(vault, DESK)
    with pytest.raises(PolicyDeniedError, match="may not"):
        get_customer(vault, AUDITOR, customer_id)
    [denied] = [
        e
        for e in list_audit_events(vault, AUDITOR, customer_id=customer_id)
        if e.outcome is Outcome.DENIED
    ]
    assert denied.actor == "checker"
    assert denied.reason is not None
    assert "may not" in denied.reason


def test_nothing_is_kept_without_a_commit(vault: Vault) -> None:
    with use_case(vault, DESK) as uc:
        uc.record(Action.SEARCH, reason="forgotten")
    assert all(e.reason != "forgotten" for e in list_audit_events(vault, AUDITOR))


def test_a_typed_purpose_cannot_move_an_audit_column(vault: Vault) -> None:
    with use_case(vault, DESK) as uc:
        uc.record(Action.SEARCH, purpose="call\x1fback\nlater", reason="typed")
        uc.commit()
    [event] = [e for e in list_audit_events(vault, AUDITOR) if e.reason == "typed"]
    assert event.purpose == "call back later"


def _alert_rows(vault: Vault) -> list[str]:
    return [a.kind for a in list_alerts(vault, OFFICER, include_acked=True)]


def test_an_alert_rolled_back_with_its_use_case_is_raised_again(vault: Vault) -> None:
    alert = reveal_rate("li.na", 30, START)
    with use_case(vault, DESK) as uc:
        assert uc.alert(alert) is True  # never committed
    with use_case(vault, DESK) as uc:
        assert uc.alert(alert) is True
        uc.commit()
    with use_case(vault, DESK) as uc:
        assert uc.alert(alert) is False
    assert _alert_rows(vault) == [alert.kind.value]


def test_an_alert_this_process_saw_committed_costs_no_query(vault: Vault) -> None:
    alert = reveal_rate("li.na", 30, START)
    with use_case(vault, DESK) as uc:
        uc.alert(alert)
        uc.commit()
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = vault.database.data_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        with use_case(vault, DESK) as uc:
            assert uc.alert(alert) is False
            assert uc.has_alert(alert.key) is True
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert statements == []

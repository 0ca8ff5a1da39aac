"""The quarterly list (masked names, class, change; never contact data) and counts per class:
each read audited, only consenting customers shown, refusing personalisation ends the class;
the customer sees their class and why in the portal and in an explanation."""

from __future__ import annotations

from pathlib import Path

import pytest

from privault.db.classes import Consenting
from privault.domain.classes import PROFILING_PURPOSE, CustomerClass
from privault.domain.errors import NotFoundError, PolicyDeniedError
from privault.domain.policy import Action, Actor
from privault.domain.portal import customer_actor
from privault.domain.requests import RequestType
from privault.services.audit.events import list_audit_events
from privault.services.classes.computing import compute_classes
from privault.services.classes.listing import count_classes, list_classes
from privault.services.portal.consents import withdraw_own_consent
from privault.services.portal.own_record import own_record
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.services.classes.scenes import MANAGER, MARKETING, quarter4
from tests.services.requests.test_fulfilment import run


@pytest.fixture
def ids(vault: Vault, operator: Actor, clock: FrozenClock) -> dict[str, str]:
    q = quarter4(vault, operator, clock)
    compute_classes(vault, operator)
    return q.ids


def test_the_managers_list_shows_masked_names_class_and_change_and_no_contact(
    vault: Vault, ids: dict[str, str]
) -> None:
    listed = list_classes(vault, MANAGER)

    assert listed.summary.quarter == "2026Q4"
    assert listed.summary.zone == "Asia/Shanghai"
    first = listed.customers[0]
    assert first.masked_name == "张*丰"  # the factory's name, masked
    assert first.change.value == "new"
    assert not hasattr(first, "mobile")
    assert len(listed.customers) == 9


def test_each_customer_listed_is_audited_with_the_field_shown(
    vault: Vault, operator: Actor, ids: dict[str, str]
) -> None:
    list_classes(vault, MANAGER, limit=3)

    read = [
        e
        for e in list_audit_events(vault, operator, limit=50)
        if e.action == Action.CLASSES_READ.value
    ]
    assert len(read) == 3
    assert {e.fields for e in read} == {("name",)}
    assert {e.actor for e in read} == {MANAGER.name}


def test_the_list_pages_by_cursor(vault: Vault, ids: dict[str, str]) -> None:
    first = list_classes(vault, MANAGER, limit=5)
    assert first.next_after is not None
    rest = list_classes(vault, MANAGER, after=first.next_after, limit=5)

    shown = [c.customer_id for c in first.customers + rest.customers]
    assert len(shown) == len(set(shown)) == 9
    assert rest.next_after is None


def test_marketing_sees_counts_only(vault: Vault, ids: dict[str, str]) -> None:
    counts = count_classes(vault, MARKETING)

    assert counts.counts == {"A": 3, "B": 2, "C": 1, "D": 2, "churned": 1}
    with pytest.raises(PolicyDeniedError):
        list_classes(vault, MARKETING)


@pytest.mark.legal("PIPL Art. 24", "PIPL Art. 15")
def test_refusing_personalisation_in_the_portal_ends_the_class_at_once(
    vault: Vault, operator: Actor, clock: FrozenClock, ids: dict[str, str]
) -> None:
    p6 = ids["p6"]
    me = customer_actor(p6)
    assert own_record(vault, me, p6).profile is not None

    withdraw_own_consent(vault, me, p6, "personalisation")

    assert own_record(vault, me, p6).profile is None
    assert p6 not in {c.customer_id for c in list_classes(vault, MANAGER).customers}
    assert count_classes(vault, MARKETING).counts["C"] == 0
    compute_classes(vault, operator)
    assert count_classes(vault, MARKETING).counts["C"] == 0


@pytest.mark.legal("PIPL Art. 24", "PIPL Art. 44")
def test_the_customer_sees_their_class_and_why_in_the_portal(
    vault: Vault, ids: dict[str, str]
) -> None:
    profile = own_record(vault, customer_actor(ids["p3"]), ids["p3"]).profile

    assert profile is not None
    assert (profile.quarter, profile.customer_class.value) == ("2026Q4", "B")
    assert profile.reason_zh == "本季度消费额排名第3位（第3至3名为B类）"
    assert "撤回“个性化服务”同意" in profile.text_zh


@pytest.mark.legal("PIPL Art. 24", "PIPL Art. 44")
def test_an_explanation_request_states_the_class_and_why(
    vault: Vault, operator: Actor, ids: dict[str, str], tmp_path: Path
) -> None:
    run(vault, operator, ids["p10"], RequestType.EXPLANATION, out_dir=tmp_path)

    text = (tmp_path / "explanation.txt").read_text(encoding="utf-8")
    assert "2026Q4 A类（大客户）；原因：门店将您登记为重要来宾" in text
    assert "2026Q4 A (major customer); why: the shop marked you as an important guest" in text


def test_before_a_first_computation_there_is_nothing_and_a_quarter_not_computed_is_not_found(
    vault: Vault,
) -> None:
    nothing = count_classes(vault, MARKETING)

    assert (nothing.quarter, set(nothing.counts.values())) == (None, {0})
    assert list_classes(vault, MANAGER).customers == []
    with pytest.raises(NotFoundError):
        count_classes(vault, MARKETING, "2026Q3")


@pytest.mark.legal("PIPL Art. 24")
def test_a_class_segment_leaves_out_whoever_refused_personalisation(
    vault: Vault, ids: dict[str, str]
) -> None:
    withdraw_own_consent(vault, customer_actor(ids["p1"]), ids["p1"], "personalisation")

    with vault.unit_of_work() as uow:
        segment = uow.classes.in_class("2026Q4", CustomerClass.A, Consenting(PROFILING_PURPOSE))

    assert sorted(segment) == sorted([ids["p2"], ids["p10"]])

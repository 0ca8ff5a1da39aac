"""Membership: numbers unique and stable, enrolment only with the membership purpose agreed,
each read audited, closing audited, erasure closing the membership under a pseudonym, the
desk, the manager and marketing each doing only their part, and the portal showing one's own."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from privault.db.inspection import table_counts
from privault.db.tables import member_level_changes, memberships
from privault.domain.audit import Outcome
from privault.domain.errors import (
    ConflictError,
    ConsentRequiredError,
    InvalidInputError,
    NotFoundError,
    PolicyDeniedError,
)
from privault.domain.members import MemberStatus
from privault.domain.policy import Action, Actor
from privault.domain.portal import customer_actor
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.customers.records import get_customer
from privault.services.members.membership import (
    close_membership,
    enrol_member,
    find_member,
    get_membership,
    list_members,
    member_counts,
)
from privault.services.members.own import own_membership
from privault.services.vault import Vault
from tests.erasure_scan import scan_installation
from tests.factories import MEMBER, register

DESK = Actor("desk.main", frozenset({"front_desk"}), frozenset({"main"}))
MANAGER = Actor("manager.main", frozenset({"store_manager"}), frozenset({"main"}))
MARKETING = Actor("marketing.main", frozenset({"marketing"}), frozenset({"main"}))
SERVING = Actor("tech.main", frozenset({"service_staff"}), frozenset({"main"}))
NORTH_DESK = Actor("desk.north", frozenset({"front_desk"}), frozenset({"north"}))


def _member(vault: Vault, operator: Actor, name: str = "林晓梅") -> str:
    return register(vault, operator, {"name": name, "mobile": _mobile()}, MEMBER)


_n = iter(range(10_000_000, 99_999_999))


def _mobile() -> str:
    return f"137{next(_n):08d}"


def _counts(vault: Vault) -> dict[str, int]:
    """Every table but the trail's, which records the refusal."""
    counts = table_counts(vault.database)
    return {k: v for k, v in counts.items() if k not in ("audit_events", "audit_heads")}


def _events(
    vault: Vault, operator: Actor, customer_id: str, action: Action
) -> list[tuple[Outcome, str | None]]:
    trail = list_audit_events(vault, operator, customer_id=customer_id, limit=500)
    return [(e.outcome, e.reason) for e in trail if e.action == action]


def test_enrolling_gives_a_readable_unique_number_in_sequence_and_is_audited(
    vault: Vault, operator: Actor
) -> None:
    first, second = _member(vault, operator), _member(vault, operator, "周杰")

    one = enrol_member(vault, DESK, first)
    two = enrol_member(vault, DESK, second)

    m = one.membership
    assert (one.number, two.number) == ("M00000018", "M00000026")
    assert (m.status, m.store, m.joined_on) == (MemberStatus.ACTIVE, "main", date(2026, 11, 23))
    assert (one.level.key, one.level.name) == ("standard", "普通")
    assert _events(vault, operator, first, Action.MEMBERS_ENROL) == [
        (Outcome.ALLOWED, "enrolled in main")
    ]
    assert _events(vault, operator, first, Action.MEMBER_LEVEL_CHANGE) == [
        (Outcome.ALLOWED, "member level - -> standard (enrolled)")
    ]


def test_the_number_lives_sealed_in_the_record_is_shown_masked_and_finds_the_member(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    number = enrol_member(vault, DESK, customer_id).number
    assert number == "M00000018"

    assert get_membership(vault, DESK, customer_id).number == "*****0018"
    assert get_customer(vault, DESK, customer_id).fields["member_no"] == "*****0018"
    found = find_member(vault, DESK, number.lower())
    assert found.membership.customer_id == customer_id
    reads = _events(vault, operator, customer_id, Action.MEMBERS_READ)
    assert reads == [(Outcome.ALLOWED, "membership read")] * 2
    with vault.database.data_engine.connect() as c:
        assert number not in str(c.execute(select(memberships)).all())


def test_an_unknown_or_mistyped_number_is_not_found_or_refused(
    vault: Vault, operator: Actor
) -> None:
    with pytest.raises(NotFoundError, match="no member holds this number"):
        find_member(vault, DESK, "M00000026")
    with pytest.raises(InvalidInputError, match="check digit"):
        find_member(vault, DESK, "M00000027")


@pytest.mark.legal("PIPL Art. 13")
def test_enrolling_needs_the_customers_agreement_to_the_membership_purpose(
    vault: Vault, operator: Actor
) -> None:
    customer_id = register(vault, operator)  # service only
    before = _counts(vault)

    with pytest.raises(ConsentRequiredError, match="membership purpose") as raised:
        enrol_member(vault, DESK, customer_id)

    assert raised.value.field == "customer_id"
    denied = _events(vault, operator, customer_id, Action.MEMBERS_ENROL)
    assert [o for o, _ in denied] == [Outcome.DENIED]
    assert _counts(vault) == before


def test_a_customer_is_member_once_until_closed_and_keeps_their_number_on_return(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    enrol_member(vault, DESK, customer_id)
    with pytest.raises(ConflictError, match=r"a member already \(joined 2026-11-23\)"):
        enrol_member(vault, DESK, customer_id)

    close_membership(vault, MANAGER, customer_id, "the member asked to leave")

    again = enrol_member(vault, DESK, customer_id)
    assert again.number == "M00000018"
    assert enrol_member(vault, DESK, _member(vault, operator, "周杰")).number == "M00000026"


@pytest.mark.legal("GB/T 35273-2020 §8.5")
def test_closing_a_membership_is_audited_and_needs_a_reason(vault: Vault, operator: Actor) -> None:
    customer_id = _member(vault, operator)
    enrol_member(vault, DESK, customer_id)
    with pytest.raises(InvalidInputError, match="say why"):
        close_membership(vault, MANAGER, customer_id, " ")

    closed = close_membership(vault, MANAGER, customer_id, "the member asked to leave")

    m = closed.membership
    assert (m.status, m.close_reason) == (MemberStatus.CLOSED, "the member asked to leave")
    assert _events(vault, operator, customer_id, Action.MEMBERS_MANAGE) == [
        (Outcome.ALLOWED, "membership closed")
    ]
    with pytest.raises(ConflictError, match="closed already"):
        close_membership(vault, MANAGER, customer_id, "again")


@pytest.mark.legal("PIPL Art. 47", "GDPR Art. 17")
def test_erasure_closes_the_membership_and_keeps_only_a_pseudonym_for_the_accounts(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    enrol_member(vault, DESK, customer_id)

    erase_customer(vault, operator, customer_id, reason="deletion request")

    with vault.database.data_engine.connect() as c:
        row = c.execute(select(memberships)).one()._mapping
        history = c.execute(select(member_level_changes)).all()
    assert (row["customer_id"], row["status"]) == (None, "closed")
    assert row["pseudonym"]
    assert row["pseudonym"] != customer_id
    assert (row["close_reason"], history) == ("erased", [])
    with pytest.raises(NotFoundError):
        find_member(vault, DESK, "M00000018")
    assert scan_installation(vault, ["M00000018", "林晓梅"]) == {}


def test_the_desk_enrols_and_reads_but_only_the_manager_closes(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    enrol_member(vault, DESK, customer_id)

    with pytest.raises(PolicyDeniedError, match=r"may not members.manage"):
        close_membership(vault, DESK, customer_id, "leaving")
    for actor in (SERVING, MARKETING):
        with pytest.raises(PolicyDeniedError, match=r"may not members.read"):
            get_membership(vault, actor, customer_id)
        with pytest.raises(PolicyDeniedError, match=r"may not members.enrol"):
            enrol_member(vault, actor, _member(vault, operator, "王五"))


@pytest.mark.legal("GB/T 35273-2020 §7.1")
def test_a_desk_of_another_store_neither_enrols_nor_reads_the_member(
    vault: Vault, operator: Actor
) -> None:
    customer_id = _member(vault, operator)
    with pytest.raises(PolicyDeniedError, match="main is outside"):
        enrol_member(vault, NORTH_DESK, customer_id)
    enrol_member(vault, DESK, customer_id)
    with pytest.raises(PolicyDeniedError, match="main is outside"):
        get_membership(vault, NORTH_DESK, customer_id)


@pytest.mark.legal("GB/T 35273-2020 §7.3")
def test_the_member_list_shows_masked_names_filters_by_level_and_audits_each_member(
    vault: Vault, operator: Actor
) -> None:
    lin, zhou = _member(vault, operator), _member(vault, operator, "周杰伦")
    enrol_member(vault, DESK, lin)
    enrol_member(vault, DESK, zhou)

    listed = list_members(vault, DESK, level="普通")

    names = sorted(v.identity.get("name", "") for v in listed.members)
    assert names == ["周*伦", "林*梅"]
    assert list_members(vault, DESK, level="gold").members == []
    with pytest.raises(InvalidInputError, match="choose a level"):
        list_members(vault, DESK, level="platinum")
    reads = _events(vault, operator, lin, Action.MEMBERS_READ)
    assert reads[-1] == (Outcome.ALLOWED, "member list of all stores (2 members)")


def test_marketing_sees_counts_per_store_and_level_only(vault: Vault, operator: Actor) -> None:
    for name in ("林晓梅", "周杰"):
        enrol_member(vault, DESK, _member(vault, operator, name))

    assert member_counts(vault, MARKETING) == {"main": {"standard": 2}}
    with pytest.raises(PolicyDeniedError, match=r"may not members.read"):
        list_members(vault, MARKETING)


@pytest.mark.legal("PIPL Art. 44")
def test_the_portal_shows_the_customer_their_own_membership_and_nobody_elses(
    vault: Vault, operator: Actor
) -> None:
    mine, other = _member(vault, operator), _member(vault, operator, "周杰")
    enrol_member(vault, DESK, mine)
    enrol_member(vault, DESK, other)

    own = own_membership(vault, customer_actor(mine), mine)

    assert own is not None
    assert own.level.name == "普通"
    assert own.why is not None
    assert own.why.to_level == "standard"
    with pytest.raises(PolicyDeniedError, match="another customer's record"):
        own_membership(vault, customer_actor(mine), other)
    assert own_membership(vault, customer_actor(mine), mine) is not None

"""One-step privacy choices in the portal: a GPC signal and the "Do Not Sell or Share" link as
an opt-out for California customers, limiting sensitive uses, objecting to direct marketing."""

from __future__ import annotations

import json

import pytest

from privault.db.inspection import table_counts
from privault.domain.errors import PolicyDeniedError
from privault.domain.policy import Actor
from privault.domain.portal import customer_actor
from privault.presets import load_preset
from privault.services.consents.ledger import list_consents
from privault.services.customers.records import get_customer
from privault.services.portal.privacy_choices import (
    BY_GPC,
    limit_sensitive_use,
    object_to_direct_marketing,
    opt_out_own,
    privacy_choices,
)
from privault.services.requests.handling import list_requests
from privault.services.requests.regimes import set_customer_regimes
from privault.services.vault import Vault
from tests.factories import EVERYTHING_SALON, MEMBER, approve_assessment_for, register

SHARING = (*MEMBER, "marketing_sms", "partner_offers")


def with_sharing_purpose(vault: Vault) -> None:
    """A catalog whose one purpose hands data to a named partner (no preset has one)."""
    document = load_preset("salon")
    document["purposes"]["partner_offers"] = {
        "name_zh": "合作伙伴优惠",
        "name_en": "Partner offers",
        "lawful_basis": "consent",
        "separate_consent": True,
        "retention_days": 365,
        "shares_with": "Acme Spa Ltd",
    }
    with vault.unit_of_work() as uow:
        uow.installation.put("catalog", json.dumps(document, ensure_ascii=False))
        uow.commit()
    vault.forget_catalog()
    approve_assessment_for(vault, "partner_offers")


def customer(vault: Vault, operator: Actor, regimes: str, purposes: tuple[str, ...]) -> str:
    found = register(vault, operator, None, purposes)
    set_customer_regimes(vault, operator, found, regimes)
    return found


@pytest.mark.legal("CCPA Regs §7025", "CCPA §1798.120")
def test_a_gpc_signal_opts_a_california_customer_out_once_as_a_completed_request(
    vault: Vault, operator: Actor
) -> None:
    with_sharing_purpose(vault)
    ca = customer(vault, operator, "CA", SHARING)
    me = customer_actor(ca)

    first = privacy_choices(vault, me, ca, gpc=True)
    again = privacy_choices(vault, me, ca, gpc=True)

    assert (first.is_california, first.is_sharing_opted_out, first.is_gpc_honoured) == (
        True,
        True,
        True,
    )
    assert (again.is_sharing_opted_out, again.is_gpc_honoured) == (True, False)
    assert set(get_customer(vault, operator, ca).purposes) == {*MEMBER, "marketing_sms"}
    requests = list_requests(vault, operator, customer_id=ca)
    assert [(r.type.value, r.channel, r.status.value) for r in requests] == [
        ("opt_out_sale_sharing", "portal", "completed")
    ]
    assert BY_GPC in (requests[0].outcome or "")
    assert "consents withdrawn: partner_offers" in (requests[0].outcome or "")


@pytest.mark.legal("CCPA Regs §7025")
def test_a_gpc_signal_from_a_customer_outside_california_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    with_sharing_purpose(vault)
    cn_eu = customer(vault, operator, "CN,EU", SHARING)
    before = table_counts(vault.database)

    shown = privacy_choices(vault, customer_actor(cn_eu), cn_eu, gpc=True)

    assert (shown.is_california, shown.is_sharing_opted_out, shown.is_gpc_honoured) == (
        False,
        False,
        False,
    )
    assert table_counts(vault.database) == before
    assert "partner_offers" in get_customer(vault, operator, cn_eu).purposes


@pytest.mark.legal("CCPA §1798.120")
def test_the_do_not_sell_link_opts_out_and_a_second_time_changes_nothing(
    vault: Vault, operator: Actor
) -> None:
    with_sharing_purpose(vault)
    ca = customer(vault, operator, "CA", SHARING)

    assert opt_out_own(vault, customer_actor(ca), ca) == ["partner_offers"]
    before = table_counts(vault.database)
    assert opt_out_own(vault, customer_actor(ca), ca) is None
    assert table_counts(vault.database) == before
    assert len(list_requests(vault, operator, customer_id=ca)) == 1


@pytest.mark.legal("GDPR Art. 21(2)")
def test_one_objection_ends_every_direct_marketing_consent_and_nothing_else(
    vault: Vault, operator: Actor
) -> None:
    eu = customer(vault, operator, "EU", EVERYTHING_SALON)

    done = object_to_direct_marketing(vault, customer_actor(eu), eu)

    marketing = ["birthday_offers", "marketing_email", "marketing_sms", "personalisation"]
    assert done.withdrawn == marketing
    assert set(get_customer(vault, operator, eu).purposes) == {*MEMBER, "sensitive_care"}
    withdrawals = [r for r in list_consents(vault, operator, eu) if r.action == "withdraw"]
    assert sorted(r.purpose for r in withdrawals) == marketing
    assert {(r.at, r.channel, r.collected_by) for r in withdrawals} == {
        (withdrawals[0].at, "web", f"customer:{eu}")
    }
    again = object_to_direct_marketing(vault, customer_actor(eu), eu)
    assert again.withdrawn == []


@pytest.mark.legal("CCPA §1798.121")
def test_limiting_sensitive_use_ends_the_separate_consents_and_deletes_what_they_needed(
    vault: Vault, operator: Actor
) -> None:
    values = {"name": "张三", "mobile": "13812345678", "allergies": "花粉"}
    ca = register(vault, operator, values, (*MEMBER, "sensitive_care", "marketing_sms"))
    set_customer_regimes(vault, operator, ca, "CA")

    done = limit_sensitive_use(vault, customer_actor(ca), ca)

    assert (done.withdrawn, done.deleted_fields) == (["sensitive_care"], ["allergies"])
    shown = get_customer(vault, operator, ca)
    assert set(shown.purposes) == {*MEMBER, "marketing_sms"}
    assert "allergies" not in shown.fields


def test_a_customer_cannot_make_a_choice_for_someone_else(vault: Vault, operator: Actor) -> None:
    mine = customer(vault, operator, "CA", EVERYTHING_SALON)
    theirs = customer(vault, operator, "CA", EVERYTHING_SALON)

    with pytest.raises(PolicyDeniedError):
        object_to_direct_marketing(vault, customer_actor(mine), theirs)
    with pytest.raises(PolicyDeniedError):
        opt_out_own(vault, customer_actor(mine), theirs)

    assert "marketing_sms" in get_customer(vault, operator, theirs).purposes

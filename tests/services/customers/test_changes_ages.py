"""Updates and portal consents ask for a guardian at the age the customer's own regimes set:
CN under 14, EU under 16 by default, CA under 13 and only for sale or sharing."""

from __future__ import annotations

import pytest

from privault.domain.errors import ConsentRequiredError, InvalidInputError
from privault.domain.policy import Actor
from privault.domain.portal import customer_actor
from privault.services.customers.records import get_customer, update_customer
from privault.services.portal.consents import give_consent
from privault.services.requests.regimes import set_customer_regimes
from privault.services.vault import Vault
from tests.factories import MEMBER, register
from tests.services.portal.test_privacy_choices import with_sharing_purpose

# The suite's clock reads 2026-11-23.
TWELVE = "2014-06-01"
FOURTEEN = "2012-06-01"
FIFTEEN = "2011-06-01"


def adult(vault: Vault, actor: Actor, regimes: str, purposes: tuple[str, ...] = MEMBER) -> str:
    customer = register(vault, actor, None, purposes)
    set_customer_regimes(vault, actor, customer, regimes)
    return customer


def child(vault: Vault, actor: Actor, born: str, regimes: str) -> str:
    values = {"name": "王小明", "birth_date": born}
    customer = register(
        vault, actor, values, MEMBER, guardian_name="王芳", guardian_relation="mother"
    )
    set_customer_regimes(vault, actor, customer, regimes)
    return customer


@pytest.mark.legal("GDPR Art. 8", "PIPL Art. 31")
def test_an_update_making_an_eu_customer_fifteen_needs_a_guardian_a_chinese_one_does_not(
    vault: Vault, operator: Actor
) -> None:
    eu = adult(vault, operator, "EU")
    cn = adult(vault, operator, "CN")

    with pytest.raises(InvalidInputError, match="under 16") as refused:
        update_customer(vault, operator, eu, {"birth_date": FIFTEEN})
    update_customer(vault, operator, cn, {"birth_date": FIFTEEN})

    assert refused.value.field == "birth_date"
    assert "birth_date" not in get_customer(vault, operator, eu).fields
    with pytest.raises(InvalidInputError, match="under 14"):
        update_customer(vault, operator, cn, {"birth_date": TWELVE})


@pytest.mark.legal("CCPA §1798.120")
def test_under_california_rules_only_a_sharing_purpose_asks_for_a_guardian_under_13(
    vault: Vault, operator: Actor
) -> None:
    with_sharing_purpose(vault)
    sharing = adult(vault, operator, "CA", (*MEMBER, "partner_offers"))
    not_sharing = adult(vault, operator, "CA")

    with pytest.raises(InvalidInputError, match="under 13"):
        update_customer(vault, operator, sharing, {"birth_date": TWELVE})
    update_customer(vault, operator, sharing, {"birth_date": FOURTEEN})
    update_customer(vault, operator, not_sharing, {"birth_date": TWELVE})

    assert "birth_date" in get_customer(vault, operator, not_sharing).fields


@pytest.mark.legal("CCPA §1798.120")
def test_a_california_child_of_fourteen_opts_in_to_sharing_alone_in_the_portal(
    vault: Vault, operator: Actor
) -> None:
    with_sharing_purpose(vault)
    fourteen = child(vault, operator, FOURTEEN, "CA")
    twelve = child(vault, operator, TWELVE, "CA")

    give_consent(vault, customer_actor(fourteen), fourteen, "partner_offers")
    with pytest.raises(ConsentRequiredError, match="under 13"):
        give_consent(vault, customer_actor(twelve), twelve, "partner_offers")
    give_consent(vault, customer_actor(twelve), twelve, "marketing_sms")

    assert "partner_offers" in get_customer(vault, operator, fourteen).purposes
    assert set(get_customer(vault, operator, twelve).purposes) == {*MEMBER, "marketing_sms"}


@pytest.mark.legal("PIPL Art. 31")
def test_a_chinese_child_of_fourteen_gives_consent_alone_one_of_twelve_does_not(
    vault: Vault, operator: Actor
) -> None:
    fourteen = child(vault, operator, FOURTEEN, "CN")
    twelve = child(vault, operator, TWELVE, "CN")

    give_consent(vault, customer_actor(fourteen), fourteen, "marketing_sms")
    with pytest.raises(ConsentRequiredError, match="under 14"):
        give_consent(vault, customer_actor(twelve), twelve, "marketing_sms")

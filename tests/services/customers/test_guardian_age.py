"""The guardian's age follows the regimes an installation registers its customers under."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from privault.config import Settings
from privault.domain.errors import ConsentRequiredError
from privault.domain.policy import Actor
from privault.services.customers.records import get_customer, register_customer
from privault.services.installation.setup import init_installation
from privault.services.vault import Vault
from tests.conftest import OFFICER, FrozenClock
from tests.factories import form

FIFTEEN = {"name": "王小明", "mobile": "13900009001", "birth_date": "2011-06-01"}


@pytest.mark.legal("GDPR Art. 8")
def test_an_eu_installation_asks_a_guardian_for_a_15_year_old(
    vault: Vault, operator: Actor, settings: Settings, clock: FrozenClock
) -> None:
    registered = register_customer(vault, operator, form(FIFTEEN, ("membership",)))
    assert not get_customer(vault, operator, registered).is_minor  # CN only: 15 consents

    init_installation(settings, "salon", officer=OFFICER, clock=clock, regimes="CN,EU")
    second = {**FIFTEEN, "mobile": "13900009002"}
    with pytest.raises(ConsentRequiredError, match="under 16") as refused:
        register_customer(vault, operator, form(second, ("membership",)))
    assert refused.value.field == "guardian_name"

    guarded = form(second, ("membership",), guardian_name="王芳", guardian_relation="mother")
    assert get_customer(vault, operator, register_customer(vault, operator, guarded)).is_minor


@pytest.mark.parametrize("age", [12, 17])
def test_the_eu_consent_age_is_one_the_gdpr_allows(age: int) -> None:
    with pytest.raises(ValidationError, match="between 13 and 16"):
        Settings(eu_consent_age=age)

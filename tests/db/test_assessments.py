"""The assessments table and its upgrade: an installation set up before assessments records its
purposes as in use (alerted, not refused); a new one records none; a round trip keeps a row."""

from __future__ import annotations

from privault.db.migrate import downgrade, upgrade
from privault.domain.assessments import GRANDFATHERED
from privault.services.vault import Vault

BEFORE = {"data": "e5a7c9d1f3b4", "keystore": "5d2f7a9c1e40"}


def _grandfathered(vault: Vault) -> str | None:
    with vault.unit_of_work() as uow:
        return uow.installation.get(GRANDFATHERED)


def test_a_new_installation_has_no_purpose_in_use_before_assessments(vault: Vault) -> None:
    assert _grandfathered(vault) is None


def test_an_upgraded_installation_records_its_purposes_as_in_use_before(vault: Vault) -> None:
    downgrade(vault.database, **BEFORE)
    assert _grandfathered(vault) is None
    upgrade(vault.database)
    assert _grandfathered(vault) == (
        "birthday_offers cross_border_transfer marketing_email marketing_sms membership "
        "partner_sharing personalisation photo_publication sensitive_care service"
    )


def test_an_assessment_is_read_back_as_it_was_stored(vault: Vault) -> None:
    with vault.unit_of_work() as uow:
        [stored] = [a for a in uow.assessments.all() if a.purpose == "sensitive_care"]
        assert uow.assessments.get(stored.id) == stored
        assert uow.assessments.approved_for(["sensitive_care"]) == [stored]

"""The daily watch: an agreement ending within 30 days alerts once; an ended one without the
partner's deletion certificate escalates after 30 days, and not once the certificate is in."""

from __future__ import annotations

from datetime import date

from privault.services.audit.alerts import list_alerts
from privault.services.partners.registry import record_deletion_certificate, terminate_agreement
from privault.services.partners.watch import watch_agreements
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.services.partners.conftest import OFFICER


def _kinds(vault: Vault) -> list[str]:
    return sorted(a.kind for a in list_alerts(vault, OFFICER))


def test_an_agreement_ending_within_thirty_days_alerts_once(
    vault: Vault, controller_agreement: str, clock: FrozenClock
) -> None:
    assert watch_agreements(vault, SYSTEM) == {
        "expiring": 0,
        "certificates_missing": 0,
        "deletions": 0,
    }
    clock.advance(days=330)  # 2027-10-19: 27 days before 2027-11-15
    assert watch_agreements(vault, SYSTEM)["expiring"] == 1
    assert watch_agreements(vault, SYSTEM)["expiring"] == 0
    assert _kinds(vault) == ["agreement_expiring"]


def test_a_missing_deletion_certificate_escalates_after_the_grace_period(
    vault: Vault, controller_agreement: str, clock: FrozenClock
) -> None:
    terminate_agreement(vault, OFFICER, controller_agreement)
    clock.advance(days=29)
    assert watch_agreements(vault, SYSTEM)["certificates_missing"] == 0
    clock.advance(days=1)
    assert watch_agreements(vault, SYSTEM)["certificates_missing"] == 1
    assert _kinds(vault) == ["deletion_certificate_missing"]


def test_a_recorded_certificate_ends_the_escalation(
    vault: Vault, controller_agreement: str, clock: FrozenClock
) -> None:
    terminate_agreement(vault, OFFICER, controller_agreement)
    record_deletion_certificate(vault, OFFICER, controller_agreement, "CERT-9", date(2026, 12, 1))
    clock.advance(days=60)
    assert watch_agreements(vault, SYSTEM)["certificates_missing"] == 0

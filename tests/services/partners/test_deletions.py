"""An erased customer whose data went to partners: each partner is asked to delete its copy
(one notice per partner, recorded in the trail), the notice stays pending on the partner until
the officer records the partner's confirmation, and alerts when left unconfirmed."""

from __future__ import annotations

import pytest

from privault.domain.errors import InvalidInputError, NotFoundError
from privault.domain.partners import DELETION_CONFIRM_DAYS
from privault.domain.policy import Actor
from privault.services.audit.alerts import list_alerts
from privault.services.audit.events import list_audit_events
from privault.services.customers.erasure import erase_customer
from privault.services.partners.deletions import confirm_partner_deletion, list_deletion_notices
from privault.services.partners.disclosure import disclose_to_partner
from privault.services.partners.registry import get_agreement
from privault.services.partners.watch import watch_agreements
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register
from tests.services.partners.conftest import OFFICER

SHARING = (*MEMBER, "partner_sharing")
READER = Actor("audit.reader", frozenset({"auditor"}))


def _trail(vault: Vault, action: str) -> list[tuple[str | None, str, str]]:
    return [
        (e.customer_id, ",".join(e.fields), e.reason or "")
        for e in list_audit_events(vault, READER)
        if e.action == action
    ]


def _shared_and_erased(vault: Vault, operator: Actor, agreement_id: str) -> tuple[str, str]:
    customer = register(vault, operator, purposes=SHARING)
    disclose_to_partner(vault, OFFICER, agreement_id, "partner_sharing", "name", [customer])
    disclose_to_partner(vault, OFFICER, agreement_id, "partner_sharing", "mobile", [customer])
    erase_customer(vault, operator, customer, reason="asked at the counter")
    return customer, get_agreement(vault, OFFICER, agreement_id).partner.id


@pytest.mark.legal("PIPL Art. 47", "GDPR Art. 17")
def test_erasure_asks_each_partner_that_received_the_customer_to_delete_and_records_it(
    vault: Vault, operator: Actor, controller_agreement: str
) -> None:
    kept = register(vault, operator, purposes=SHARING)
    customer, partner = _shared_and_erased(vault, operator, controller_agreement)

    [notice] = list_deletion_notices(vault, OFFICER, partner, pending_only=True)

    assert (notice.customer_id, notice.fields, notice.is_pending) == (
        customer,
        ("mobile", "name"),
        True,
    )
    assert _trail(vault, "copy.partner_asked") == [
        (customer, "mobile,name", f"deletion notice {notice.id} to partner {partner}")
    ]
    assert kept not in {n.customer_id for n in list_deletion_notices(vault, OFFICER, partner)}


def test_an_erased_customer_never_shared_leaves_no_notice(
    vault: Vault, operator: Actor, controller_agreement: str
) -> None:
    partner = get_agreement(vault, OFFICER, controller_agreement).partner.id
    customer = register(vault, operator, purposes=SHARING)
    erase_customer(vault, operator, customer, reason="asked by phone")
    assert list_deletion_notices(vault, OFFICER, partner) == []
    assert _trail(vault, "copy.partner_asked") == []


@pytest.mark.legal("PIPL Art. 47")
def test_the_partners_confirmation_closes_the_notice_once_and_is_recorded(
    vault: Vault, operator: Actor, controller_agreement: str, clock: FrozenClock
) -> None:
    customer, partner = _shared_and_erased(vault, operator, controller_agreement)
    [notice] = list_deletion_notices(vault, OFFICER, partner)
    clock.advance(days=2)

    done = confirm_partner_deletion(vault, OFFICER, notice.id, "  mail of 25 Nov, ticket 88 ")

    assert (done.is_pending, done.confirmed_by, done.reference) == (
        False,
        OFFICER.name,
        "mail of 25 Nov, ticket 88",
    )
    assert done.confirmed_at == clock.now
    assert list_deletion_notices(vault, OFFICER, partner, pending_only=True) == []
    assert (
        customer,
        "",
        f"deletion notice {notice.id} confirmed by the partner: mail of 25 Nov, ticket 88",
    ) in _trail(vault, "partners.manage")
    with pytest.raises(InvalidInputError, match="confirmed on 2026-11-25 already"):
        confirm_partner_deletion(vault, OFFICER, notice.id, "again")
    with pytest.raises(InvalidInputError) as empty:
        confirm_partner_deletion(vault, OFFICER, notice.id, "  ")
    assert empty.value.field == "reference"
    with pytest.raises(NotFoundError):
        confirm_partner_deletion(vault, OFFICER, "no-such-notice", "ref")


def test_an_unconfirmed_notice_alerts_once_after_the_grace_period(
    vault: Vault, operator: Actor, controller_agreement: str, clock: FrozenClock
) -> None:
    _, partner = _shared_and_erased(vault, operator, controller_agreement)
    [notice] = list_deletion_notices(vault, OFFICER, partner)

    clock.advance(days=DELETION_CONFIRM_DAYS - 1)
    assert watch_agreements(vault, SYSTEM)["deletions"] == 0
    clock.advance(days=1, seconds=1)
    assert watch_agreements(vault, SYSTEM)["deletions"] == 1
    assert watch_agreements(vault, SYSTEM)["deletions"] == 0

    [alert] = [a for a in list_alerts(vault, OFFICER) if a.kind == "partner_deletion_unconfirmed"]
    assert notice.id in alert.detail
    assert "2026-11-23" in alert.detail

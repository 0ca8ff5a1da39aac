"""Request records outlive every purge: California asks for them to be kept at least 24 months
(CCPA regs §7101), after the customer is erased, their data lapses and the trail is trimmed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from privault.db.jobs import JobRun
from privault.domain.errors import NotFoundError
from privault.domain.policy import Actor
from privault.domain.retention import INACTIVE_DAYS_KEY, MIN_INACTIVE_DAYS
from privault.services.audit.retention import purge_audit, set_audit_retention
from privault.services.customers.records import get_customer
from privault.services.jobs.runner import run_due_jobs
from privault.services.requests.answers import fulfil_request
from privault.services.requests.handling import get_request, list_requests, open_request
from privault.services.requests.records import shop_day
from privault.services.requests.regimes import set_customer_regimes
from privault.services.requests.verification import verify_request
from privault.services.use_case import use_case
from privault.services.vault import Vault
from tests.conftest import FrozenClock
from tests.factories import MEMBER, register

SEEN = "resident ID card shown at the counter"
TWENTY_FIVE_MONTHS = timedelta(days=761)


def answered(vault: Vault, actor: Actor, customer: str, kind: str, out: Path) -> str:
    opened = open_request(vault, actor, customer, kind, "store")
    verify_request(vault, actor, opened.id, "in_person", note=SEEN)
    fulfil_request(vault, actor, opened.id, out_dir=out)
    return opened.id


@pytest.mark.legal("CCPA Regs §7101")
def test_request_records_survive_erasure_retention_jobs_and_the_audit_purge_for_24_months(
    vault: Vault, operator: Actor, clock: FrozenClock, tmp_path: Path
) -> None:
    customer = register(vault, operator, None, (*MEMBER, "marketing_sms"))
    lapsing = register(vault, operator, None, (*MEMBER, "marketing_sms"))
    for who in (customer, lapsing):
        set_customer_regimes(vault, operator, who, "CA")
    access = answered(vault, operator, customer, "access", tmp_path / "access")
    deletion = answered(vault, operator, customer, "deletion", tmp_path / "deletion")
    kept = answered(vault, operator, lapsing, "copy", tmp_path / "copy")
    with pytest.raises(NotFoundError):
        get_customer(vault, operator, customer)

    with vault.unit_of_work() as uow:
        uow.installation.put(INACTIVE_DAYS_KEY, str(MIN_INACTIVE_DAYS))
        uow.commit()
    clock.now += TWENTY_FIVE_MONTHS
    ran: list[JobRun] = []
    for _ in range(3):  # the retention job announces its run, then runs it
        ran += run_due_jobs(vault, "worker-test")
        clock.now += timedelta(days=2)
    set_audit_retention(vault, operator, 183)
    with use_case(vault, operator) as uc:
        today = shop_day(uc)
    purge_audit(vault, operator, today - timedelta(days=183))

    assert any("erased=1" in r.summary for r in ran if r.job == "retention")
    with pytest.raises(NotFoundError):
        get_customer(vault, operator, lapsing)  # erased by the sweep for inactivity
    listed = list_requests(vault, operator, customer_id=customer)
    assert {(r.id, r.type.value, r.status.value) for r in listed} == {
        (access, "access", "completed"),
        (deletion, "deletion", "completed"),
    }
    for request_id in (access, deletion, kept):
        shown = get_request(vault, operator, request_id)
        assert shown.closed_at is not None
        assert (shown.outcome or "").count("completed:") == 1
        assert shown.received_on <= today - timedelta(days=730)

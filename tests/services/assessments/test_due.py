"""The daily check tells the officer, once per purpose, of each purpose that needs an
assessment and has none approved, instead of stopping an installation that used it before."""

from __future__ import annotations

import pytest

from privault.domain.policy import Actor
from privault.services.assessments.due import check_assessments_due
from privault.services.audit.alerts import list_alerts
from privault.services.jobs.runner import run_due_jobs
from privault.services.use_case import SYSTEM
from privault.services.vault import Vault

READER = Actor("alerts.reader", frozenset({"privacy_officer"}))


@pytest.mark.legal("PIPL Art. 55")
def test_each_unassessed_purpose_raises_one_assessment_due_alert(drafts_only: Vault) -> None:
    assert check_assessments_due(drafts_only, SYSTEM) == {"due": 3, "alerts_raised": 3}
    assert check_assessments_due(drafts_only, SYSTEM) == {"due": 3, "alerts_raised": 0}
    due = [a for a in list_alerts(drafts_only, READER) if a.kind == "assessment_due"]
    assert len(due) == 3
    assert {a.detail for a in due} >= {
        "purpose photo_publication (sensitive, public_disclosure) has no approved impact "
        "assessment (PIPL Art. 55); review and approve it under Assessments"
    }


def test_an_installation_with_every_assessment_approved_raises_none(vault: Vault) -> None:
    assert check_assessments_due(vault, SYSTEM) == {"due": 0, "alerts_raised": 0}


def test_the_scheduler_runs_the_check(drafts_only: Vault) -> None:
    [run] = run_due_jobs(drafts_only, "worker-1", only="assessments-due")
    assert (run.job, run.outcome) == ("assessments-due", "done")
    assert [a.kind for a in list_alerts(drafts_only, READER)].count("assessment_due") == 3

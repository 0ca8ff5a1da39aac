"""An installation as the officer finds it after setup: the preset's assessments drafted, none
approved yet."""

from __future__ import annotations

from dataclasses import replace

import pytest

from privault.domain.assessments import AssessmentStatus
from privault.domain.policy import Actor
from privault.services.audit.events import list_audit_events
from privault.services.vault import Vault

# A small shop's owner: the store manager who is also the privacy officer.
OFFICER = Actor("officer.li", frozenset({"store_manager", "privacy_officer"}))


@pytest.fixture
def drafts_only(vault: Vault) -> Vault:
    with vault.unit_of_work() as uow:
        for a in uow.assessments.all():
            draft = replace(a, status=AssessmentStatus.DRAFT, approved_at=None, approved_by=None)
            uow.assessments.save(draft)
        uow.commit()
    return vault


def events(vault: Vault, *actions: str) -> list[tuple[str, str, str | None, str | None]]:
    """(action, outcome, purpose, reason) of the trail's assessment events, oldest first."""
    reader = Actor("trail.reader", frozenset({"auditor"}))
    found = reversed(list_audit_events(vault, reader, limit=1000))
    return [(e.action, e.outcome.value, e.purpose, e.reason) for e in found if e.action in actions]
